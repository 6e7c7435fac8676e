"""workflow_runs: the Workflow Builder step runs that did their work, with their outputs, so a
run Slack delivers again does no work twice (no existing row changes)

Revision ID: a20c68a5128b
Revises: 5a7bd7b81e42
Create Date: 2026-12-06 17:00:43.292895

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a20c68a5128b"
down_revision: str | None = "5a7bd7b81e42"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "workflow_runs",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("execution_id", sa.String(length=64), nullable=False),
        sa.Column("step", sa.String(length=64), nullable=False),
        sa.Column("outputs", sa.JSON(), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "execution_id", name=op.f("pk_workflow_runs")),
    )
    with op.batch_alter_table("workflow_runs", schema=None) as batch_op:
        batch_op.create_index("ix_workflow_runs_done", ["done_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("workflow_runs", schema=None) as batch_op:
        batch_op.drop_index("ix_workflow_runs_done")

    op.drop_table("workflow_runs")
