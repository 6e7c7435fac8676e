"""pairing rounds, pairs, avoids, pauses

Revision ID: b0f5e4f7e079
Revises: c8a6a26d8da2
Create Date: 2026-11-23 12:44:09.665529

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b0f5e4f7e079"
down_revision: str | None = "c8a6a26d8da2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "round_drafts",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.Column(
            "mode",
            sa.Enum(
                "peer",
                "mentoring",
                "cross_group",
                "within_group",
                name="pairingmode",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("group_size", sa.Integer(), nullable=False),
        sa.Column("recent_rounds", sa.Integer(), nullable=False),
        sa.Column("round_weeks", sa.Integer(), nullable=False),
        sa.Column("after_round_id", sa.Integer(), nullable=True),
        sa.Column("groups", sa.JSON(), nullable=False),
        sa.Column("unplaced", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["workspaces.team_id"],
            name=op.f("fk_round_drafts_team_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_round_drafts")),
    )
    with op.batch_alter_table("round_drafts", schema=None) as batch_op:
        batch_op.create_index("ix_round_drafts_team", ["team_id"], unique=False)

    op.create_table(
        "rounds",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.String(length=36), nullable=False),
        sa.Column(
            "mode",
            sa.Enum(
                "peer",
                "mentoring",
                "cross_group",
                "within_group",
                name="pairingmode",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("group_size", sa.Integer(), nullable=False),
        sa.Column("recent_rounds", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["workspaces.team_id"],
            name=op.f("fk_rounds_team_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rounds")),
        sa.UniqueConstraint("team_id", "draft_id", name=op.f("uq_rounds_team_id_draft_id")),
        sa.UniqueConstraint("team_id", "number", name=op.f("uq_rounds_team_id_number")),
    )
    op.create_table(
        "avoids",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("avoided_user_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id", "user_id"],
            ["members.team_id", "members.user_id"],
            name=op.f("fk_avoids_team_id_user_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("team_id", "user_id", "avoided_user_id", name=op.f("pk_avoids")),
    )
    op.create_table(
        "pairs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("conversation_id", sa.String(length=32), nullable=True),
        sa.Column("intro_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_pairs_round_id_rounds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pairs")),
    )
    with op.batch_alter_table("pairs", schema=None) as batch_op:
        batch_op.create_index("ix_pairs_team_round", ["team_id", "round_id"], unique=False)

    op.create_table(
        "unpaired",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.String(length=24), nullable=False),
        sa.Column("notified_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_unpaired_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", "user_id", name=op.f("pk_unpaired")),
    )
    op.create_table(
        "pair_members",
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("coach_order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pair_id"],
            ["pairs.id"],
            name=op.f("fk_pair_members_pair_id_pairs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pair_id", "user_id", name=op.f("pk_pair_members")),
    )
    with op.batch_alter_table("pair_members", schema=None) as batch_op:
        batch_op.create_index("ix_pair_members_member", ["team_id", "user_id"], unique=False)

    op.create_table(
        "partner_requests",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("new_pair_id", sa.Integer(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["pair_id"],
            ["pairs.id"],
            name=op.f("fk_partner_requests_pair_id_pairs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_requests")),
        sa.UniqueConstraint(
            "team_id",
            "pair_id",
            "user_id",
            name=op.f("uq_partner_requests_team_id_pair_id_user_id"),
        ),
    )
    with op.batch_alter_table("partner_requests", schema=None) as batch_op:
        batch_op.create_index("ix_partner_requests_open", ["team_id", "resolved_at"], unique=False)

    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("paused_until", sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "pairing_mode",
                sa.Enum(
                    "peer",
                    "mentoring",
                    "cross_group",
                    "within_group",
                    name="pairingmode",
                    native_enum=False,
                    length=24,
                ),
                nullable=False,
                server_default="peer",
            )
        )
        batch_op.add_column(
            sa.Column("pairing_group_size", sa.Integer(), nullable=False, server_default="2")
        )
        batch_op.add_column(
            sa.Column("pairing_recent_rounds", sa.Integer(), nullable=False, server_default="6")
        )
        batch_op.add_column(
            sa.Column("pairing_round_weeks", sa.Integer(), nullable=False, server_default="12")
        )


def downgrade() -> None:
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.drop_column("pairing_round_weeks")
        batch_op.drop_column("pairing_recent_rounds")
        batch_op.drop_column("pairing_group_size")
        batch_op.drop_column("pairing_mode")

    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("paused_until")

    with op.batch_alter_table("partner_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_partner_requests_open")

    op.drop_table("partner_requests")
    with op.batch_alter_table("pair_members", schema=None) as batch_op:
        batch_op.drop_index("ix_pair_members_member")

    op.drop_table("pair_members")
    op.drop_table("unpaired")
    with op.batch_alter_table("pairs", schema=None) as batch_op:
        batch_op.drop_index("ix_pairs_team_round")

    op.drop_table("pairs")
    op.drop_table("avoids")
    op.drop_table("rounds")
    with op.batch_alter_table("round_drafts", schema=None) as batch_op:
        batch_op.drop_index("ix_round_drafts_team")

    op.drop_table("round_drafts")
