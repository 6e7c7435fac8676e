"""outbox, scheduler lease, rhythm settings

Revision ID: d858b3c8431b
Revises: a36ac60238bd
Create Date: 2026-11-23 13:20:29.540993

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d858b3c8431b"
down_revision: str | None = "a36ac60238bd"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "prompt", "reminder", "wrapup", name="outboxkind", native_enum=False, length=24
            ),
            nullable=False,
        ),
        sa.Column("period", sa.String(length=64), nullable=False),
        sa.Column("ref_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "sending",
                "sent",
                "failed",
                "skipped",
                name="outboxstatus",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claim", sa.String(length=36), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("channel", sa.String(length=32), nullable=True),
        sa.Column("ts", sa.String(length=32), nullable=True),
        sa.Column("error", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint(
            "team_id",
            "user_id",
            "kind",
            "period",
            name=op.f("uq_outbox_team_id_user_id_kind_period"),
        ),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_due", ["status", "next_attempt_at"], unique=False)
        batch_op.create_index("ix_outbox_member", ["team_id", "user_id", "due_at"], unique=False)

    op.create_table(
        "scheduler_leases",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("holder", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_scheduler_leases")),
    )
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("snoozed_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("dm_channel", sa.String(length=32), nullable=True))

    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("rhythm_cadence_days", sa.Integer(), server_default="14", nullable=False)
        )
        batch_op.add_column(
            sa.Column("rhythm_send_hour", sa.Integer(), server_default="10", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.drop_column("rhythm_send_hour")
        batch_op.drop_column("rhythm_cadence_days")

    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("dm_channel")
        batch_op.drop_column("snoozed_until")

    op.drop_table("scheduler_leases")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_member")
        batch_op.drop_index("ix_outbox_due")

    op.drop_table("outbox")
