"""bookings: a pair's booked sessions (issue 16): when, the form agreed, booked or cancelled, the
invitation's SEQUENCE, who booked it and the Booked message. A partial unique index keeps one
live (booked) session a pair, on SQLite and PostgreSQL alike. A new table: no row changes.

Revision ID: 181020c682d9
Revises: 7b77718fd523
Create Date: 2026-12-06 02:52:32.147805

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "181020c682d9"
down_revision: str | None = "7b77718fd523"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "bookings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "form",
            sa.Enum(
                "in_person", "video", "either", name="meetingform", native_enum=False, length=24
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "booked", "cancelled", "past", name="bookingstatus", native_enum=False, length=24
            ),
            nullable=False,
        ),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("booked_by", sa.String(length=32), nullable=False),
        sa.Column("updated_by", sa.String(length=32), nullable=False),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["pairs.id"], name=op.f("fk_bookings_pair_id_pairs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bookings")),
    )
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.create_index("ix_bookings_pair", ["team_id", "pair_id", "starts_at"], unique=False)
        batch_op.create_index(
            "uq_bookings_live",
            ["team_id", "pair_id"],
            unique=True,
            sqlite_where=sa.text("status = 'booked'"),
            postgresql_where=sa.text("status = 'booked'"),
        )


def downgrade() -> None:
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_bookings_live",
            sqlite_where=sa.text("status = 'booked'"),
            postgresql_where=sa.text("status = 'booked'"),
        )
        batch_op.drop_index("ix_bookings_pair")

    op.drop_table("bookings")
