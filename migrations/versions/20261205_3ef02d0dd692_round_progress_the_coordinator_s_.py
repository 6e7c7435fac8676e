"""round_progress: the coordinator's progress message of a round's intros (a new table;
no row of another changes)

Revision ID: 3ef02d0dd692
Revises: 718bce3deb0b
Create Date: 2026-12-05 23:11:33.677850

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "3ef02d0dd692"
down_revision: str | None = "718bce3deb0b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "round_progress",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("ts", sa.String(length=32), nullable=False),
        sa.Column("shown", sa.String(length=64), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_round_progress_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", name=op.f("pk_round_progress")),
    )


def downgrade() -> None:
    op.drop_table("round_progress")
