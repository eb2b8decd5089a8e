"""The schema of the last release before migrations (SQLite only, tables made on first use).

Creates each table of that release that is missing, so it serves both a new database
(everything is created) and a database that release wrote (nothing, or the tables of
features it never opened, is created). Columns are copied here, not imported: this is
the schema as it was, whatever ``mapping/data/tables.py`` says today.

Revision ID: 0001
Revises:
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TXT, INT, FLT = sa.Text, sa.Integer, sa.Float


def _c(name: str, kind: type, *args: object, **kw: object) -> sa.Column:
    return sa.Column(name, kind, *args, **kw)


def _frame(name: str, columns: str, key: tuple[str, ...]) -> list[sa.Column]:
    kinds = {"T": TXT, "I": INT, "F": FLT}
    cols = [_c("version", INT, primary_key=True)]
    for item in columns.split():
        col, kind = item.split(":")
        cols.append(_c(col, kinds[kind], primary_key=col in key))
    return cols


PARTNERS = (
    "partner_id:T name:T sector:T address:T city:T state:T zip:T latitude:F longitude:F "
    "confidential_location:I contact_name:T contact_email:T phone:T website:T languages:T "
    "populations_served:T notes:T"
)
SERVICES = (
    "service_id:T partner_id:T category:T name:T description:T address:T city:T state:T "
    "zip:T latitude:F longitude:F confidential_location:I service_radius_miles:F "
    "languages:T populations_served:T eligibility:T cost:T capacity:T trauma_informed:I "
    "at_partner_location:I"
)
RELATIONSHIPS = "source_id:T target_id:T level:T type:T trust:I since:T notes:T"

AUTO = {"sqlite_autoincrement": True}


def _tables() -> dict[str, tuple[list[sa.Column | sa.Constraint], dict[str, object]]]:
    nn = {"nullable": False}
    return {
        "versions": (
            [
                _c("id", INT, primary_key=True, autoincrement=True),
                _c("created_at", TXT, **nn),
                _c("action", TXT, **nn),
                _c("note", TXT, **nn),
                _c("parent", INT),
            ],
            AUTO,
        ),
        "meta": ([_c("key", TXT, primary_key=True), _c("value", TXT, **nn)], {}),
        "settings": ([_c("key", TXT, primary_key=True), _c("value", TXT, **nn)], {}),
        "problems": (
            [
                _c("version", INT, primary_key=True),
                _c("seq", INT, primary_key=True),
                _c("file", TXT),
                _c("row", INT),
                _c("column_name", TXT),
                _c("value", TXT),
                _c("message", TXT, **nn),
                _c("severity", TXT, **nn),
                _c("kind", TXT, **nn),
            ],
            {},
        ),
        "counts": (
            [
                _c("version", INT, primary_key=True),
                _c("file", TXT, primary_key=True),
                _c("read", INT, **nn),
                _c("loaded", INT, **nn),
                _c("rejected", INT, **nn),
            ],
            {},
        ),
        "rejected_rows": (
            [
                _c("version", INT, primary_key=True),
                _c("file", TXT, primary_key=True),
                _c("seq", INT, primary_key=True),
                _c("data", TXT, **nn),
            ],
            {},
        ),
        "partners": (_frame("partners", PARTNERS, ("partner_id",)), {}),
        "services": (_frame("services", SERVICES, ("service_id",)), {}),
        "relationships": (_frame("relationships", RELATIONSHIPS, ("source_id", "target_id")), {}),
        "geocode_cache": (
            [
                _c("query", TXT, primary_key=True),
                _c("found", INT, **nn),
                _c("latitude", FLT),
                _c("longitude", FLT),
                _c("precision", TXT, **nn),
                _c("provider", TXT, **nn),
                _c("created_at", TXT, **nn),
            ],
            {},
        ),
        "poll_proposals": (
            [
                _c("id", INT, primary_key=True, autoincrement=True),
                _c("title", TXT, **nn),
                _c("details", TXT, server_default="", **nn),
                _c("created_at", TXT, **nn),
                _c("status", TXT, server_default="open", **nn),
                _c("revealed", INT, server_default="0", **nn),
                _c("closed_at", TXT),
                _c("outcome", TXT, server_default="", **nn),
                _c("outcome_note", TXT, server_default="", **nn),
                sa.CheckConstraint("status IN ('open', 'closed')"),
            ],
            AUTO,
        ),
        "poll_votes": (
            [
                _c(
                    "proposal_id",
                    INT,
                    sa.ForeignKey("poll_proposals.id", ondelete="CASCADE"),
                    primary_key=True,
                ),
                _c("voter", TXT, primary_key=True),
                _c("name", TXT, server_default="", **nn),
                _c("name_key", TXT, server_default="", **nn),
                _c("point", INT, **nn),
                _c("cast_at", TXT, **nn),
                _c("changes", INT, server_default="0", **nn),
                sa.CheckConstraint("point BETWEEN 1 AND 8"),
            ],
            {},
        ),
        "kickoff_meetings": (
            [
                _c("id", INT, primary_key=True, autoincrement=True),
                _c("title", TXT, **nn),
                _c("held_on", TXT, **nn),
                _c("created_at", TXT, **nn),
                _c("attendees", TXT, **nn),
                _c("questions", TXT, **nn),
                _c("agreements", TXT, **nn),
                _c("seconds_per_speaker", INT, **nn),
                _c("question_index", INT, server_default="0", **nn),
                _c("speaker_index", INT, server_default="0", **nn),
                _c("timer_started_at", FLT),
                _c("timer_elapsed", FLT, server_default="0", **nn),
            ],
            AUTO,
        ),
        "kickoff_notes": (
            [
                _c("id", INT, primary_key=True, autoincrement=True),
                _c(
                    "meeting_id",
                    INT,
                    sa.ForeignKey("kickoff_meetings.id", ondelete="CASCADE"),
                    **nn,
                ),
                _c("question_index", INT, **nn),
                _c("speaker", TXT, server_default="", **nn),
                _c("text", TXT, **nn),
                _c("author", TXT, server_default="", **nn),
                _c("created_at", TXT, **nn),
            ],
            AUTO,
        ),
        "org_submissions": (
            [
                _c("id", INT, primary_key=True, autoincrement=True),
                _c("created_at", TXT, **nn),
                _c("partner_id", TXT, **nn),
                _c("org_name", TXT, **nn),
                _c("submitted_by", TXT, server_default="", **nn),
                _c("payload", TXT, **nn),
                _c("keep_contacts", INT, server_default="0", **nn),
                _c("status", TXT, server_default="pending", **nn),
                _c("decided_at", TXT),
                _c("decision_note", TXT, server_default="", **nn),
                _c("version", INT),
                sa.CheckConstraint("status IN ('pending', 'approved', 'rejected')"),
            ],
            AUTO,
        ),
        "assessments": (
            [
                _c("id", INT, primary_key=True, autoincrement=True),
                _c("kind", TXT, **nn),
                _c("subject", TXT, **nn),
                _c("subject_name", TXT, **nn),
                _c("assessed_on", TXT, **nn),
                _c("answers", TXT, **nn),
                _c("note", TXT, server_default="", **nn),
                _c("submitted_by", TXT, server_default="", **nn),
                _c("role", TXT, server_default="", **nn),
                _c("saved_at", TXT, **nn),
                sa.UniqueConstraint("kind", "subject", "assessed_on"),
            ],
            AUTO,
        ),
        "sign_in_failures": (
            [
                _c("client", TXT, primary_key=True),
                _c("failures", INT, **nn),
                _c("first_at", FLT, **nn),
                _c("locked_until", FLT),
            ],
            {},
        ),
    }


INDEXES = {
    "poll_votes_one_per_name": (
        "poll_votes",
        ["proposal_id", "name_key"],
        {
            "unique": True,
            "sqlite_where": sa.text("name_key != ''"),
            "postgresql_where": sa.text("name_key != ''"),
        },
    ),
    "assessments_by_kind": ("assessments", ["kind", "subject", "assessed_on"], {}),
}


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    existing = set(inspector.get_table_names())
    for name, (columns, options) in _tables().items():
        if name not in existing:
            op.create_table(name, *columns, **options)
    for index, (table, columns, options) in INDEXES.items():
        if index not in {i["name"] for i in sa.inspect(op.get_bind()).get_indexes(table)}:
            op.create_index(index, table, columns, **options)


def downgrade() -> None:
    raise NotImplementedError("the workspace database is only ever upgraded")
