"""meetings know whether they were held

Revision ID: c634934ae288
Revises: 1cd5afc361d8
Create Date: 2026-11-23 15:23:34.760054

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c634934ae288"
down_revision: str | None = "1cd5afc361d8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # plain ALTER TABLE, not batch mode: recreating "meetings" on SQLite would cascade-delete
    # its check-in logs
    op.add_column(
        "meetings", sa.Column("held", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    op.create_index(
        "ix_meetings_team_date", "meetings", ["team_id", "session_date", "held", "pair_id"]
    )
    # meetings logged before: held when someone's log says they met
    op.execute(
        "UPDATE meetings SET held = EXISTS (SELECT 1 FROM checkin_logs"
        " WHERE checkin_logs.meeting_id = meetings.id AND checkin_logs.attendance = 'met')"
    )


def downgrade() -> None:
    op.drop_index("ix_meetings_team_date", "meetings")
    op.drop_column("meetings", "held")
