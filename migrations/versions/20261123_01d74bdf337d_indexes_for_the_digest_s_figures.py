"""indexes for the digest's figures

Revision ID: 01d74bdf337d
Revises: 14fc3967c80d
Create Date: 2026-11-23 14:55:15.421363

"""

from collections.abc import Sequence

from alembic import op

revision: str = "01d74bdf337d"
down_revision: str | None = "14fc3967c80d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("checkin_logs", schema=None) as batch_op:
        batch_op.create_index(
            "ix_checkin_logs_team_submitted", ["team_id", "submitted_at"], unique=False
        )

    with op.batch_alter_table("kudos", schema=None) as batch_op:
        batch_op.create_index("ix_kudos_team_sent", ["team_id", "sent_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("kudos", schema=None) as batch_op:
        batch_op.drop_index("ix_kudos_team_sent")

    with op.batch_alter_table("checkin_logs", schema=None) as batch_op:
        batch_op.drop_index("ix_checkin_logs_team_submitted")
