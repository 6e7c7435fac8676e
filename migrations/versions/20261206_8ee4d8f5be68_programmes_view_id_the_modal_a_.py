"""programmes.view_id: the modal a programme was made from (`/mentor programme new`), so that
a submission repeated makes one programme; existing programmes get NULL (no other value changes)

Revision ID: 8ee4d8f5be68
Revises: 48b72d80a9c9
Create Date: 2026-12-06 08:16:59.452011

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "8ee4d8f5be68"
down_revision: str | None = "48b72d80a9c9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("programmes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("view_id", sa.String(length=32), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_programmes_team_id_view_id"), ["team_id", "view_id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("programmes", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_programmes_team_id_view_id"), type_="unique")
        batch_op.drop_column("view_id")
