"""sessions worth having: session guides, a resource library, learnings shared (issue 18)

Nothing existing changes but one new column, empty for every programme:
- `session_guides` and `session_guide_texts`: a programme's own journey of session guides, once
  its coordinators edit it (a programme with none follows the default journey of its kind);
  one row a guide and one a guide and language.
- `resources` (a programme's links, each with a title, a line on why it helps, its language,
  who added it and when; removed_at set when removed, view_id the modal it was added from),
  `resource_skills` (the skills each builds, which suggestions match on) and `resource_opens`
  (how often each was opened in each UTC hour: a count, never who).
- `learnings`: the lines people chose to share in their programme's learning channel (one row
  a post), and `programmes.learning_channel` (none for every existing programme).

Revision ID: c4e18a2f9d07
Revises: 48b72d80a9c9
Create Date: 2026-12-06 11:30:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c4e18a2f9d07"
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
        batch_op.create_index(
            "ix_resource_opens_programme",
            ["programme_id", "hour", "resource_id", "opens"],
            unique=False,
        )

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

    with op.batch_alter_table("resource_skills", schema=None) as batch_op:
        batch_op.drop_index("ix_resource_skills_programme")

    op.drop_table("resource_skills")
    with op.batch_alter_table("resource_opens", schema=None) as batch_op:
        batch_op.drop_index("ix_resource_opens_programme")

    op.drop_table("resource_opens")
    with op.batch_alter_table("resources", schema=None) as batch_op:
        batch_op.drop_index("ix_resources_programme")

    op.drop_table("resources")

    with op.batch_alter_table("session_guide_texts", schema=None) as batch_op:
        batch_op.drop_index("ix_session_guide_texts_programme")

    op.drop_table("session_guide_texts")
    op.drop_table("session_guides")
