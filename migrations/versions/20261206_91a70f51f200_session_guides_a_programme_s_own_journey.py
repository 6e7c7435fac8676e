"""session guides: a programme's own journey

Revision ID: 91a70f51f200
Revises: 48b72d80a9c9
Create Date: 2026-12-06 10:48:49.677847

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "91a70f51f200"
down_revision: str | None = "48b72d80a9c9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "session_guides",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_session_guides_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_guides")),
        sa.UniqueConstraint(
            "programme_id", "position", name=op.f("uq_session_guides_programme_id_position")
        ),
    )
    op.create_table(
        "session_guide_texts",
        sa.Column("guide_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=80), nullable=False),
        sa.Column("purpose", sa.String(length=300), nullable=False),
        sa.Column("questions", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["guide_id"],
            ["session_guides.id"],
            name=op.f("fk_session_guide_texts_guide_id_session_guides"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_session_guide_texts_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("guide_id", "locale", name=op.f("pk_session_guide_texts")),
    )
    with op.batch_alter_table("session_guide_texts", schema=None) as batch_op:
        batch_op.create_index("ix_session_guide_texts_programme", ["programme_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("session_guide_texts", schema=None) as batch_op:
        batch_op.drop_index("ix_session_guide_texts_programme")

    op.drop_table("session_guide_texts")
    op.drop_table("session_guides")
