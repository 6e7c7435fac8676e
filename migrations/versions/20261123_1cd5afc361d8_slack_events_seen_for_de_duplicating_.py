"""slack events seen, for de-duplicating retries

Revision ID: 1cd5afc361d8
Revises: 01d74bdf337d
Create Date: 2026-11-23 15:16:03.696790

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "1cd5afc361d8"
down_revision: str | None = "01d74bdf337d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "slack_events",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "event_id", name=op.f("pk_slack_events")),
    )
    with op.batch_alter_table("slack_events", schema=None) as batch_op:
        batch_op.create_index("ix_slack_events_received", ["received_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("slack_events", schema=None) as batch_op:
        batch_op.drop_index("ix_slack_events_received")

    op.drop_table("slack_events")
