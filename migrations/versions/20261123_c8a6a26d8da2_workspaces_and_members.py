"""workspaces and members

Revision ID: c8a6a26d8da2
Revises:
Create Date: 2026-11-23 12:16:42.825497

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c8a6a26d8da2"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "workspaces",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("team_id", name=op.f("pk_workspaces")),
    )
    op.create_table(
        "members",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "not_joined",
                "active",
                "paused",
                "left",
                name="memberstatus",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("locale", sa.String(length=16), nullable=True),
        sa.Column("time_zone", sa.String(length=64), nullable=True),
        sa.Column("slack_checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("skills_offered", sa.JSON(), nullable=False),
        sa.Column("skills_wanted", sa.JSON(), nullable=False),
        sa.Column("department", sa.String(length=80), nullable=False),
        sa.Column(
            "role_preference",
            sa.Enum(
                "peer", "mentor", "mentee", name="rolepreference", native_enum=False, length=24
            ),
            nullable=True,
        ),
        sa.Column(
            "career_level",
            sa.Enum(
                "early",
                "mid",
                "senior",
                "lead",
                "executive",
                name="careerlevel",
                native_enum=False,
                length=24,
            ),
            nullable=True,
        ),
        sa.Column("about", sa.Text(), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("left_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["workspaces.team_id"],
            name=op.f("fk_members_team_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("team_id", "user_id", name=op.f("pk_members")),
    )
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.create_index("ix_members_team_status", ["team_id", "status"], unique=False)

    op.create_table(
        "member_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "joined",
                "rejoined",
                "profile_updated",
                "left",
                name="membereventkind",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id", "user_id"],
            ["members.team_id", "members.user_id"],
            name=op.f("fk_member_events_team_id_user_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_events")),
    )
    with op.batch_alter_table("member_events", schema=None) as batch_op:
        batch_op.create_index("ix_member_events_member", ["team_id", "user_id"], unique=False)
        batch_op.create_index("ix_member_events_team_at", ["team_id", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("member_events", schema=None) as batch_op:
        batch_op.drop_index("ix_member_events_team_at")
        batch_op.drop_index("ix_member_events_member")

    op.drop_table("member_events")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index("ix_members_team_status")

    op.drop_table("members")
    op.drop_table("workspaces")
