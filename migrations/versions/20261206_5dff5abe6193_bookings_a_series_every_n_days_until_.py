"""bookings.every_days and repeat_until: a booking may be a series ("every two weeks at this
time") up to the round's end. Both are NULL for every existing booking, which stays a single
session; no other value changes.

Revision ID: 5dff5abe6193
Revises: 181020c682d9
Create Date: 2026-12-06 04:39:24.499635

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5dff5abe6193"
down_revision: str | None = "181020c682d9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("every_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("repeat_until", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.drop_column("repeat_until")
        batch_op.drop_column("every_days")
