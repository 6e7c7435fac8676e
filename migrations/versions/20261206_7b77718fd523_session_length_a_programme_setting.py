"""workspaces.session_minutes: the length of the meeting times suggested and booked, a
programme setting (every existing workspace gets 30; no other value changes)

Revision ID: 7b77718fd523
Revises: b31f54c5f153
Create Date: 2026-12-06 02:31:47.918975

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7b77718fd523"
down_revision: str | None = "b31f54c5f153"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_minutes", sa.Integer(), server_default="30", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.drop_column("session_minutes")
