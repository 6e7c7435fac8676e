"""resources: a programme's resource library and its opens

Three new tables, nothing else changes: `resources` (a programme's links, each with a title,
a line on why it helps, its language, who added it and when; removed_at set when removed,
view_id the modal it was added from), `resource_skills` (the skills each builds, which
suggestions match on) and `resource_opens` (how often each was opened in each UTC hour: a
count, never who).

Revision ID: 489775140f37
Revises: 48b72d80a9c9
Create Date: 2026-12-06 10:49:21.226484

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "489775140f37"
down_revision: str | None = "48b72d80a9c9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "resources",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=150), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("view_id", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_resources_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["workspaces.team_id"],
            name=op.f("fk_resources_team_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resources")),
        sa.UniqueConstraint("team_id", "view_id", name=op.f("uq_resources_team_id_view_id")),
    )
    with op.batch_alter_table("resources", schema=None) as batch_op:
        batch_op.create_index(
            "ix_resources_programme", ["programme_id", "removed_at"], unique=False
        )

    op.create_table(
        "resource_opens",
        sa.Column("resource_id", sa.Integer(), nullable=False),
        sa.Column("hour", sa.DateTime(timezone=True), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("opens", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_resource_opens_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resource_id"],
            ["resources.id"],
            name=op.f("fk_resource_opens_resource_id_resources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("resource_id", "hour", name=op.f("pk_resource_opens")),
    )
    with op.batch_alter_table("resource_opens", schema=None) as batch_op:
        batch_op.create_index("ix_resource_opens_programme", ["programme_id", "hour"], unique=False)

    op.create_table(
        "resource_skills",
        sa.Column("resource_id", sa.Integer(), nullable=False),
        sa.Column("skill", sa.String(length=48), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_resource_skills_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resource_id"],
            ["resources.id"],
            name=op.f("fk_resource_skills_resource_id_resources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("resource_id", "skill", name=op.f("pk_resource_skills")),
    )
    with op.batch_alter_table("resource_skills", schema=None) as batch_op:
        batch_op.create_index(
            "ix_resource_skills_programme", ["programme_id", "skill"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("resource_skills", schema=None) as batch_op:
        batch_op.drop_index("ix_resource_skills_programme")

    op.drop_table("resource_skills")
    with op.batch_alter_table("resource_opens", schema=None) as batch_op:
        batch_op.drop_index("ix_resource_opens_programme")

    op.drop_table("resource_opens")
    with op.batch_alter_table("resources", schema=None) as batch_op:
        batch_op.drop_index("ix_resources_programme")

    op.drop_table("resources")
