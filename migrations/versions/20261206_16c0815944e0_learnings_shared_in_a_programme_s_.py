"""learnings: a programme's learning channel (programmes.learning_channel, none for every
existing programme) and the learnings people chose to share there (one row a post)

Revision ID: 16c0815944e0
Revises: 48b72d80a9c9
Create Date: 2026-12-06 10:48:24.786874

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "16c0815944e0"
down_revision: str | None = "48b72d80a9c9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "learnings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=True),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column(
            "source",
            sa.Enum("checkin", "reflection", name="learningsource", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("view_id", sa.String(length=32), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("ts", sa.String(length=32), nullable=True),
        sa.Column("permalink", sa.String(length=500), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_learnings_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learnings")),
        sa.UniqueConstraint("team_id", "view_id", name=op.f("uq_learnings_team_id_view_id")),
    )
    with op.batch_alter_table("learnings", schema=None) as batch_op:
        batch_op.create_index("ix_learnings_author", ["team_id", "user_id"], unique=False)
        batch_op.create_index(
            "ix_learnings_programme_posted", ["programme_id", "posted_at"], unique=False
        )

    with op.batch_alter_table("programmes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("learning_channel", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("programmes", schema=None) as batch_op:
        batch_op.drop_column("learning_channel")

    with op.batch_alter_table("learnings", schema=None) as batch_op:
        batch_op.drop_index("ix_learnings_programme_posted")
        batch_op.drop_index("ix_learnings_author")

    op.drop_table("learnings")
