"""members: meeting hours, days, form and holiday country (new columns with server defaults,
so every member made before meets Monday-Friday, 09:00-17:00, either form, with the holidays
of their time zone's country)

Revision ID: b31f54c5f153
Revises: 3ef02d0dd692
Create Date: 2026-12-06 02:33:10.135935

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b31f54c5f153"
down_revision: str | None = "3ef02d0dd692"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # plain ALTER TABLE ... ADD COLUMN (SQLite has it for a column with a default), not batch
    # mode's copy of the whole members table. meeting_start and meeting_end are minutes after
    # midnight (bot.models.MinuteOfDay); meeting_days is a bit mask, bit 0 Monday ... bit 6
    # Sunday (bot.models.Weekdays).
    op.add_column(
        "members",
        sa.Column("meeting_start", sa.SmallInteger(), server_default="540", nullable=False),
    )
    op.add_column(
        "members",
        sa.Column("meeting_end", sa.SmallInteger(), server_default="1020", nullable=False),
    )
    op.add_column(
        "members",
        sa.Column("meeting_days", sa.SmallInteger(), server_default="31", nullable=False),
    )
    op.add_column(
        "members",
        sa.Column(
            "meeting_form",
            sa.Enum(
                "in_person", "video", "either", name="meetingform", native_enum=False, length=24
            ),
            server_default="either",
            nullable=False,
        ),
    )
    op.add_column("members", sa.Column("holiday_country", sa.String(length=2), nullable=True))


def downgrade() -> None:
    for name in ("holiday_country", "meeting_form", "meeting_days", "meeting_end", "meeting_start"):
        op.drop_column("members", name)
