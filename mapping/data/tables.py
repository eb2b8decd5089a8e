"""Every table of the workspace database, in one SQLAlchemy ``MetaData``.

The same definitions serve the embedded SQLite file (the default) and PostgreSQL (a
hosted deployment). Nothing here creates a table: the migrations in
``mapping/data/migrations`` do, so an older database is brought up to date on start
(see :mod:`mapping.data.database`). A test compares a migrated database with these
definitions, so a table or column added here without a migration fails it.

To add a table (or a column) for a module:

1. define it below, in a block headed by the module that owns it;
2. add a migration: ``mapping/data/migrations/versions/NNNN_<what>.py`` with
   ``down_revision`` set to the newest one, creating it with ``op.create_table`` (copy the
   columns: a migration is frozen history, it must not import this module);
3. use the table from the module through ``store.transaction()`` / ``store.connect()``
   (SQLAlchemy Core: ``conn.execute(table.insert().values(...))``, or portable SQL text
   with ``?`` placeholders, which the connection turns into bound parameters).

Types are the portable ones: ``Text``, ``Integer``, ``Float``. Booleans are stored as
``Integer`` (0/1) and timestamps as ISO-8601 ``Text``, as the SQLite release did, so old
databases need no conversion.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.types import TypeEngine

from mapping.data import schema as s
from mapping.data.workspace import frame_columns

metadata = MetaData()

# ---------------------------------------------------------------- the workspace (store.py)
versions = Table(
    "versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("note", Text, nullable=False),
    Column("parent", Integer),
    sqlite_autoincrement=True,  # SQLite never reuses an id (undo relies on it)
)
meta = Table(
    "meta",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)
settings = Table(
    "settings",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)
problems = Table(
    "problems",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("file", Text),
    Column("row", Integer),
    Column("column_name", Text),
    Column("value", Text),
    Column("message", Text, nullable=False),
    Column("severity", Text, nullable=False),
    Column("kind", Text, nullable=False),
)
counts = Table(
    "counts",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("file", Text, primary_key=True),
    Column("read", Integer, nullable=False),
    Column("loaded", Integer, nullable=False),
    Column("rejected", Integer, nullable=False),
)
rejected_rows = Table(
    "rejected_rows",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("file", Text, primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("data", Text, nullable=False),
)

#: The order rows were saved in (SQLite's rowid did this before; PostgreSQL has none).
ROW_ORDER = "row_order"


def column_type(spec: s.FileSpec, name: str) -> type[TypeEngine[Any]]:
    """The stored type of a workspace column (booleans as 0/1 integers)."""
    if name == s.AT_PARTNER_LOCATION:
        return Integer
    kinds: dict[str, type[TypeEngine[Any]]] = {"float": Float, "int": Integer, "bool": Integer}
    return kinds.get(spec.column(name).kind, Text)


def _frame_table(file: str, name: str) -> Table:
    spec = s.SPECS[file]
    return Table(
        name,
        metadata,
        Column("version", Integer, primary_key=True),
        *(Column(c, column_type(spec, c), primary_key=c in spec.key) for c in frame_columns(spec)),
        Column(ROW_ORDER, Integer),
    )


#: One table per workspace file, every version's rows in it.
FRAMES: dict[str, Table] = {
    s.PARTNERS: _frame_table(s.PARTNERS, "partners"),
    s.SERVICES: _frame_table(s.SERVICES, "services"),
    s.RELATIONSHIPS: _frame_table(s.RELATIONSHIPS, "relationships"),
}
#: Tables whose rows belong to one version (pruned with it).
VERSIONED: tuple[Table, ...] = (*FRAMES.values(), problems, counts, rejected_rows)

# ---------------------------------------------------------------- geocode cache (places.geocoding)
geocode_cache = Table(
    "geocode_cache",
    metadata,
    Column("query", Text, primary_key=True),
    Column("found", Integer, nullable=False),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("precision", Text, nullable=False),
    Column("provider", Text, nullable=False),
    Column("created_at", Text, nullable=False),
)

# ---------------------------------------------------------------- polls (meeting.polls)
poll_proposals = Table(
    "poll_proposals",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("title", Text, nullable=False),
    Column("details", Text, nullable=False, server_default=""),
    Column("created_at", Text, nullable=False),
    Column("status", Text, nullable=False, server_default="open"),
    Column("revealed", Integer, nullable=False, server_default="0"),
    Column("closed_at", Text),
    Column("outcome", Text, nullable=False, server_default=""),
    Column("outcome_note", Text, nullable=False, server_default=""),
    CheckConstraint("status IN ('open', 'closed')"),
    sqlite_autoincrement=True,
)
poll_votes = Table(
    "poll_votes",
    metadata,
    Column(
        "proposal_id",
        Integer,
        ForeignKey("poll_proposals.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("voter", Text, primary_key=True),
    Column("name", Text, nullable=False, server_default=""),
    Column("name_key", Text, nullable=False, server_default=""),
    Column("point", Integer, nullable=False),
    Column("cast_at", Text, nullable=False),
    Column("changes", Integer, nullable=False, server_default="0"),
    CheckConstraint("point BETWEEN 1 AND 8"),
)
# One vote per name and proposal (anonymous votes, name_key '', are not limited).
Index(
    "poll_votes_one_per_name",
    poll_votes.c.proposal_id,
    poll_votes.c.name_key,
    unique=True,
    sqlite_where=text("name_key != ''"),
    postgresql_where=text("name_key != ''"),
)

# ---------------------------------------------------------------- kickoff (meeting.kickoff)
kickoff_meetings = Table(
    "kickoff_meetings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("title", Text, nullable=False),
    Column("held_on", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("attendees", Text, nullable=False),
    Column("questions", Text, nullable=False),
    Column("agreements", Text, nullable=False),
    Column("seconds_per_speaker", Integer, nullable=False),
    Column("question_index", Integer, nullable=False, server_default="0"),
    Column("speaker_index", Integer, nullable=False, server_default="0"),
    Column("timer_started_at", Float),
    Column("timer_elapsed", Float, nullable=False, server_default="0"),
    sqlite_autoincrement=True,
)
kickoff_notes = Table(
    "kickoff_notes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "meeting_id",
        Integer,
        ForeignKey("kickoff_meetings.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("question_index", Integer, nullable=False),
    Column("speaker", Text, nullable=False, server_default=""),
    Column("text", Text, nullable=False),
    Column("author", Text, nullable=False, server_default=""),
    Column("created_at", Text, nullable=False),
    sqlite_autoincrement=True,
)

# ---------------------------------------------------------------- approvals (data.approvals)
org_submissions = Table(
    "org_submissions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", Text, nullable=False),
    Column("partner_id", Text, nullable=False),
    Column("org_name", Text, nullable=False),
    Column("submitted_by", Text, nullable=False, server_default=""),
    Column("payload", Text, nullable=False),
    Column("keep_contacts", Integer, nullable=False, server_default="0"),
    Column("status", Text, nullable=False, server_default="pending"),
    Column("decided_at", Text),
    Column("decision_note", Text, nullable=False, server_default=""),
    Column("version", Integer),
    CheckConstraint("status IN ('pending', 'approved', 'rejected')"),
    sqlite_autoincrement=True,
)

# ---------------------------------------------------------------- assessments (partnership)
assessments = Table(
    "assessments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", Text, nullable=False),
    Column("subject", Text, nullable=False),
    Column("subject_name", Text, nullable=False),
    Column("assessed_on", Text, nullable=False),
    Column("answers", Text, nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    Column("submitted_by", Text, nullable=False, server_default=""),
    Column("role", Text, nullable=False, server_default=""),
    Column("saved_at", Text, nullable=False),
    UniqueConstraint("kind", "subject", "assessed_on"),
    sqlite_autoincrement=True,
)
Index("assessments_by_kind", assessments.c.kind, assessments.c.subject, assessments.c.assessed_on)

# ---------------------------------------------------------------- sign-in lock-out (meeting)
sign_in_failures = Table(
    "sign_in_failures",
    metadata,
    Column("client", Text, primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("first_at", Float, nullable=False),
    Column("locked_until", Float),
)

# ---------------------------------------------------------------- remembered sign-ins (meeting)
remembered_sign_ins = Table(
    "remembered_sign_ins",
    metadata,
    Column("id", Text, primary_key=True),
    Column("role", Text, nullable=False),
    Column("issued_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False),
    Column("revoked", Integer, nullable=False, server_default="0"),
)

# ---------------------------------------------------------- saved work per workspace (data.archive)
workspace_starts = Table(
    "workspace_starts",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("started_at", Text, nullable=False),
)
saved_work_archive = Table(
    "saved_work_archive",
    metadata,
    Column("workspace", Integer, primary_key=True, autoincrement=False),
    Column("grp", Text, primary_key=True),
    Column("kind", Text, primary_key=True),
    Column("name", Text, primary_key=True),
    Column("data", Text, nullable=False),
    Column("archived_at", Text, nullable=False),
    CheckConstraint("kind IN ('table', 'setting')", name="saved_work_kind"),
)

# ---------------------------------------------------------------- every partner's voice (issue 17)
partner_answers = Table(
    "partner_answers",
    metadata,
    Column("partner_id", Text, primary_key=True),
    Column("answers", Text, nullable=False),
    Column("answered_at", Text, nullable=False),
)
snapshots = Table(
    "snapshots",
    metadata,
    Column("name", Text, primary_key=True),
    Column("taken_at", Text, nullable=False),
    Column("version", Integer),
    Column("data", Text, nullable=False),
)
tie_ratings = Table(
    "tie_ratings",
    metadata,
    Column("rater_id", Text, primary_key=True),
    Column("other_id", Text, primary_key=True),
    Column("level", Text, nullable=False, server_default=""),
    *(
        Column(name, Integer, CheckConstraint(f"{name} BETWEEN 1 AND 4"))
        for name in ("reliability", "mission", "openness", "resources", "involvement", "influence")
    ),
    Column("rated_at", Text, nullable=False),
)
poll_vote_details = Table(
    "poll_vote_details",
    metadata,
    Column("proposal_id", Integer, primary_key=True, autoincrement=False),
    Column("voter", Text, primary_key=True),
    Column("reason", Text, nullable=False, server_default=""),
    Column("partner_id", Text, nullable=False, server_default=""),
)
Index(
    "poll_vote_details_one_per_partner",
    poll_vote_details.c.proposal_id,
    poll_vote_details.c.partner_id,
    unique=True,
    sqlite_where=text("partner_id != ''"),
    postgresql_where=text("partner_id != ''"),
)
poll_options = Table(
    "poll_options",
    metadata,
    Column("proposal_id", Integer, primary_key=True, autoincrement=False),
    Column("representative", Integer, nullable=False, server_default="0"),
    Column("open_until", Text, nullable=False, server_default=""),
)
