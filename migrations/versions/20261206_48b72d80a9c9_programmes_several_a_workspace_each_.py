"""programmes: a workspace may run several, each with its own people, coordinators, settings
and history.

Every workspace gets one programme made from its current settings (which move from
workspaces to programmes), named in each reader's language (name NULL); every member who ever
joined gets their place in it (status, role, dates, pause and snooze move from members to
programme_members; a member who never joined has none); every row of the tables a programme
owns (rounds, drafts, pairs, goals, meetings, check-ins, reflections, kudos, bookings, outbox,
coordinators, digests, feedback answers, avoid lists) and every join or leave event is moved
into the workspace's programme. Nothing else changes: counts, private flags, outbox rows and
digest periods are as before. programmes.view_id (the `/mentor programme new` modal a
programme was made from, so that a repeated submission makes one) is NULL for these.

Revision ID: 48b72d80a9c9
Revises: 5dff5abe6193
Create Date: 2026-12-06 07:47:08.985276

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "48b72d80a9c9"
down_revision: str | None = "5dff5abe6193"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SETTINGS = (
    "pairing_mode",
    "pairing_group_size",
    "pairing_recent_rounds",
    "pairing_round_weeks",
    "rhythm_cadence_days",
    "rhythm_send_hour",
    "session_minutes",
    "locale",
    "time_zone",
    "digest_channel",
    "digest_weekday",
    "digest_every_weeks",
    "digest_hour",
)
PLACE = ("status", "role_preference", "joined_at", "left_at", "paused_until", "snoozed_until")
# The tables whose rows belong to a programme, and how each is keyed and indexed by it
# instead of by the workspace: (dropped, created) index or constraint, per table.
OWNED = (
    "avoids",
    "round_drafts",
    "rounds",
    "pairs",
    "goals",
    "meetings",
    "bookings",
    "checkin_logs",
    "reflections",
    "kudos",
    "outbox",
    "coordinators",
    "digests",
    "feedback_answers",
)
INDEXES = {  # table: (old index, its columns), (new index, its columns)
    "round_drafts": (
        ("ix_round_drafts_team", ["team_id"]),
        ("ix_round_drafts_programme", ["programme_id"]),
    ),
    "pairs": (
        ("ix_pairs_team_round", ["team_id", "round_id"]),
        ("ix_pairs_programme_round", ["programme_id", "round_id"]),
    ),
    "meetings": (
        ("ix_meetings_team_date", ["team_id", "session_date", "held", "pair_id"]),
        ("ix_meetings_programme_date", ["programme_id", "session_date", "held", "pair_id"]),
    ),
    "checkin_logs": (
        ("ix_checkin_logs_team_submitted", ["team_id", "submitted_at"]),
        ("ix_checkin_logs_programme_submitted", ["programme_id", "submitted_at"]),
    ),
    "kudos": (
        ("ix_kudos_team_sent", ["team_id", "sent_at"]),
        ("ix_kudos_programme_sent", ["programme_id", "sent_at"]),
    ),
    "digests": (
        ("ix_digests_team_posted", ["team_id", "posted_at"]),
        ("ix_digests_programme_posted", ["programme_id", "posted_at"]),
    ),
}
UNIQUES = {  # table: (old unique constraint, its columns), (new, its columns)
    "rounds": (
        ("uq_rounds_team_id_number", ["team_id", "number"]),
        ("uq_rounds_programme_id_number", ["programme_id", "number"]),
    ),
    "digests": (
        ("uq_digests_team_id_period", ["team_id", "period"]),
        ("uq_digests_programme_id_period", ["programme_id", "period"]),
    ),
    "outbox": (
        ("uq_outbox_team_id_user_id_kind_period", ["team_id", "user_id", "kind", "period"]),
        (
            "uq_outbox_programme_id_user_id_kind_period",
            ["programme_id", "user_id", "kind", "period"],
        ),
    ),
    "feedback_answers": (
        ("uq_feedback_answers_team_id_survey_respondent", ["team_id", "survey", "respondent"]),
        (
            "uq_feedback_answers_programme_id_survey_respondent",
            ["programme_id", "survey", "respondent"],
        ),
    ),
}
KEYS = {  # table: its primary key before, and after
    "avoids": (
        ["team_id", "user_id", "avoided_user_id"],
        ["team_id", "programme_id", "user_id", "avoided_user_id"],
    ),
    "coordinators": (["team_id", "user_id"], ["team_id", "programme_id", "user_id"]),
}


def upgrade() -> None:
    op.create_table(
        "programmes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=True),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column(
            "kind",
            sa.Enum("peer", "mentoring", name="programmekind", native_enum=False, length=24),
            server_default="peer",
            nullable=False,
        ),
        sa.Column(
            "enrolment",
            sa.Enum("open", "approval", "invite", name="enrolment", native_enum=False, length=24),
            server_default="open",
            nullable=False,
        ),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("created_by", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("view_id", sa.String(length=32), nullable=True),
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
            server_default="peer",
            nullable=False,
        ),
        sa.Column("pairing_group_size", sa.Integer(), server_default="2", nullable=False),
        sa.Column("pairing_recent_rounds", sa.Integer(), server_default="6", nullable=False),
        sa.Column("pairing_round_weeks", sa.Integer(), server_default="12", nullable=False),
        sa.Column("rhythm_cadence_days", sa.Integer(), server_default="14", nullable=False),
        sa.Column("rhythm_send_hour", sa.Integer(), server_default="10", nullable=False),
        sa.Column("session_minutes", sa.Integer(), server_default="30", nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=True),
        sa.Column("time_zone", sa.String(length=64), server_default="UTC", nullable=False),
        sa.Column("digest_channel", sa.String(length=32), nullable=True),
        sa.Column("digest_weekday", sa.Integer(), server_default="0", nullable=False),
        sa.Column("digest_every_weeks", sa.Integer(), server_default="2", nullable=False),
        sa.Column("digest_hour", sa.Integer(), server_default="9", nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["workspaces.team_id"],
            name=op.f("fk_programmes_team_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programmes")),
        sa.UniqueConstraint("team_id", "name", name=op.f("uq_programmes_team_id_name")),
        sa.UniqueConstraint("team_id", "view_id", name=op.f("uq_programmes_team_id_view_id")),
    )
    with op.batch_alter_table("programmes", schema=None) as batch_op:
        batch_op.create_index("ix_programmes_team", ["team_id"], unique=False)

    op.create_table(
        "programme_members",
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "not_joined",
                "active",
                "paused",
                "left",
                "inactive",
                name="memberstatus",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "role_preference",
            sa.Enum(
                "peer", "mentor", "mentee", name="rolepreference", native_enum=False, length=24
            ),
            nullable=True,
        ),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("left_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paused_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("snoozed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("capacity", sa.SmallInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_programme_members_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_id", "user_id"],
            ["members.team_id", "members.user_id"],
            name=op.f("fk_programme_members_team_id_user_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("programme_id", "user_id", name=op.f("pk_programme_members")),
    )
    with op.batch_alter_table("programme_members", schema=None) as batch_op:
        batch_op.create_index("ix_programme_members_member", ["team_id", "user_id"], unique=False)
        batch_op.create_index(
            "ix_programme_members_status", ["programme_id", "status"], unique=False
        )

    # a workspace row for any team a row names (members have one by their foreign key; the
    # other tables have none), so that every row finds its programme
    teams = " UNION ".join(f"SELECT team_id FROM {table}" for table in OWNED)
    op.execute(
        "INSERT INTO workspaces (team_id, created_at)"
        f" SELECT DISTINCT team_id, CURRENT_TIMESTAMP FROM ({teams}) AS named"
        " WHERE team_id NOT IN (SELECT team_id FROM workspaces)"
    )
    settings = ", ".join(SETTINGS)
    op.execute(
        f"INSERT INTO programmes (team_id, description, kind, enrolment, created_at, {settings})"
        f" SELECT team_id, '', 'peer', 'open', created_at, {settings} FROM workspaces"
    )
    place = ", ".join(PLACE)
    theirs = ", ".join(f"members.{column}" for column in PLACE)
    op.execute(
        f"INSERT INTO programme_members (programme_id, user_id, team_id, {place})"
        f" SELECT programmes.id, members.user_id, members.team_id, {theirs}"
        " FROM members JOIN programmes ON programmes.team_id = members.team_id"
        " WHERE members.status <> 'not_joined'"
    )
    of_team = "(SELECT id FROM programmes WHERE programmes.team_id = {table}.team_id)"
    for table in OWNED:
        op.add_column(table, sa.Column("programme_id", sa.Integer(), nullable=True))
        op.execute(f"UPDATE {table} SET programme_id = {of_team.format(table=table)}")
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column("programme_id", existing_type=sa.Integer(), nullable=False)
            batch_op.create_foreign_key(
                f"fk_{table}_programme_id_programmes",
                "programmes",
                ["programme_id"],
                ["id"],
                ondelete="CASCADE",
            )
            if table in INDEXES:
                (old, _), (new, columns) = INDEXES[table]
                batch_op.drop_index(old)
                batch_op.create_index(new, columns)
            if table in UNIQUES:
                (old, _), (new, columns) = UNIQUES[table]
                batch_op.drop_constraint(old, type_="unique")
                batch_op.create_unique_constraint(new, columns)
            if table in KEYS:
                batch_op.drop_constraint(f"pk_{table}", type_="primary")
                batch_op.create_primary_key(f"pk_{table}", KEYS[table][1])
    with op.batch_alter_table("goals") as batch_op:
        batch_op.create_index("ix_goals_programme", ["programme_id"])
    with op.batch_alter_table("bookings") as batch_op:
        batch_op.create_index("ix_bookings_programme", ["programme_id", "starts_at"])

    # joining and leaving were the workspace's programme's; a profile edit stays the person's
    op.add_column("member_events", sa.Column("programme_id", sa.Integer(), nullable=True))
    op.execute(
        f"UPDATE member_events SET programme_id = {of_team.format(table='member_events')}"
        " WHERE kind <> 'profile_updated'"
    )
    with op.batch_alter_table("member_events") as batch_op:
        batch_op.create_foreign_key(
            "fk_member_events_programme_id_programmes",
            "programmes",
            ["programme_id"],
            ["id"],
            ondelete="CASCADE",
        )

    with op.batch_alter_table("members") as batch_op:
        batch_op.drop_index("ix_members_team_status")
        for column in PLACE:
            batch_op.drop_column(column)
    with op.batch_alter_table("workspaces") as batch_op:
        for column in SETTINGS:
            batch_op.drop_column(column)


def downgrade() -> None:
    """Back to one programme a workspace: refused while any workspace runs more than one."""
    several = (
        op.get_bind()
        .execute(sa.text("SELECT team_id FROM programmes GROUP BY team_id HAVING count(*) > 1"))
        .first()
    )
    if several is not None:
        raise RuntimeError(f"workspace {several[0]} runs several programmes: not downgraded")
    with op.batch_alter_table("workspaces") as batch_op:
        for column in _columns("programmes", SETTINGS):
            batch_op.add_column(column)
    with op.batch_alter_table("members") as batch_op:
        for column in _columns("programme_members", PLACE):
            batch_op.add_column(column)
    for column in SETTINGS:
        op.execute(
            f"UPDATE workspaces SET {column} = (SELECT {column} FROM programmes"
            " WHERE programmes.team_id = workspaces.team_id)"
            " WHERE team_id IN (SELECT team_id FROM programmes)"
        )
    op.execute("UPDATE members SET status = 'not_joined'")
    for column in PLACE:
        op.execute(
            f"UPDATE members SET {column} = (SELECT {column} FROM programme_members p"
            " WHERE p.team_id = members.team_id AND p.user_id = members.user_id)"
            " WHERE EXISTS (SELECT 1 FROM programme_members p"
            " WHERE p.team_id = members.team_id AND p.user_id = members.user_id)"
        )
    with op.batch_alter_table("members") as batch_op:
        batch_op.alter_column("status", existing_type=sa.String(24), nullable=False)
        batch_op.create_index("ix_members_team_status", ["team_id", "status"])
    with op.batch_alter_table("member_events") as batch_op:
        batch_op.drop_constraint("fk_member_events_programme_id_programmes", type_="foreignkey")
        batch_op.drop_column("programme_id")
    with op.batch_alter_table("goals") as batch_op:
        batch_op.drop_index("ix_goals_programme")
    with op.batch_alter_table("bookings") as batch_op:
        batch_op.drop_index("ix_bookings_programme")
    for table in OWNED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(f"fk_{table}_programme_id_programmes", type_="foreignkey")
            if table in INDEXES:
                (old, columns), (new, _) = INDEXES[table]
                batch_op.drop_index(new)
                batch_op.create_index(old, columns)
            if table in UNIQUES:
                (old, columns), (new, _) = UNIQUES[table]
                batch_op.drop_constraint(new, type_="unique")
                batch_op.create_unique_constraint(old, columns)
            if table in KEYS:
                batch_op.drop_constraint(f"pk_{table}", type_="primary")
                batch_op.create_primary_key(f"pk_{table}", KEYS[table][0])
            batch_op.drop_column("programme_id")
    op.drop_table("programme_members")
    op.drop_table("programmes")


def _columns(table: str, names: Sequence[str]) -> list[sa.Column]:
    """Copies of these columns of a table made by this migration, to add back elsewhere
    (status nullable until it is filled)."""
    made = {
        column.name: column
        for column in sa.Table(table, sa.MetaData(), autoload_with=op.get_bind()).columns
    }
    return [
        sa.Column(
            name,
            made[name].type,
            nullable=made[name].nullable or name == "status",
            server_default=made[name].server_default.arg if made[name].server_default else None,
        )
        for name in names
    ]
