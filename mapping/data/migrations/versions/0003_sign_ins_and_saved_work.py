"""Remembered sign-ins (a stakeholder stays signed in on a device), saved work kept per
workspace (Replace archives it; History brings it back), and every partner's voice:
partners' own answers, named snapshots, ties rated from both sides, vote reasons and
voting options.

Columns are copied here, not imported: a migration is the schema as it was then.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "remembered_sign_ins" not in existing:
        op.create_table(
            "remembered_sign_ins",
            sa.Column("id", sa.Text(), primary_key=True),
            sa.Column("role", sa.Text(), nullable=False),
            sa.Column("issued_at", sa.Float(), nullable=False),
            sa.Column("expires_at", sa.Float(), nullable=False),
            sa.Column("revoked", sa.Integer(), nullable=False, server_default="0"),
        )
    if "workspace_starts" not in existing:
        op.create_table(
            "workspace_starts",
            sa.Column("version", sa.Integer(), primary_key=True, autoincrement=False),
            sa.Column("started_at", sa.Text(), nullable=False),
        )
    if "saved_work_archive" not in existing:
        op.create_table(
            "saved_work_archive",
            sa.Column("workspace", sa.Integer(), primary_key=True, autoincrement=False),
            sa.Column("grp", sa.Text(), primary_key=True),
            sa.Column("kind", sa.Text(), primary_key=True),
            sa.Column("name", sa.Text(), primary_key=True),
            sa.Column("data", sa.Text(), nullable=False),
            sa.Column("archived_at", sa.Text(), nullable=False),
            sa.CheckConstraint("kind IN ('table', 'setting')", name="saved_work_kind"),
        )

    if "partner_answers" not in existing:
        op.create_table(
            "partner_answers",
            sa.Column("partner_id", sa.Text(), primary_key=True),
            sa.Column("answers", sa.Text(), nullable=False),
            sa.Column("answered_at", sa.Text(), nullable=False),
        )
    if "snapshots" not in existing:
        op.create_table(
            "snapshots",
            sa.Column("name", sa.Text(), primary_key=True),
            sa.Column("taken_at", sa.Text(), nullable=False),
            sa.Column("version", sa.Integer()),
            sa.Column("data", sa.Text(), nullable=False),
        )
    if "tie_ratings" not in existing:
        dims = ("reliability", "mission", "openness", "resources", "involvement", "influence")
        op.create_table(
            "tie_ratings",
            sa.Column("rater_id", sa.Text(), primary_key=True),
            sa.Column("other_id", sa.Text(), primary_key=True),
            sa.Column("level", sa.Text(), nullable=False, server_default=""),
            *(sa.Column(d, sa.Integer(), sa.CheckConstraint(f"{d} BETWEEN 1 AND 4")) for d in dims),
            sa.Column("rated_at", sa.Text(), nullable=False),
        )
    if "poll_vote_details" not in existing:
        op.create_table(
            "poll_vote_details",
            sa.Column("proposal_id", sa.Integer(), primary_key=True, autoincrement=False),
            sa.Column("voter", sa.Text(), primary_key=True),
            sa.Column("reason", sa.Text(), nullable=False, server_default=""),
            sa.Column("partner_id", sa.Text(), nullable=False, server_default=""),
        )
        op.create_index(
            "poll_vote_details_one_per_partner",
            "poll_vote_details",
            ["proposal_id", "partner_id"],
            unique=True,
            sqlite_where=sa.text("partner_id != ''"),
            postgresql_where=sa.text("partner_id != ''"),
        )
    if "poll_options" not in existing:
        op.create_table(
            "poll_options",
            sa.Column("proposal_id", sa.Integer(), primary_key=True, autoincrement=False),
            sa.Column("representative", sa.Integer(), nullable=False, server_default="0"),
            sa.Column("open_until", sa.Text(), nullable=False, server_default=""),
        )


def downgrade() -> None:
    raise NotImplementedError("the workspace database is only ever upgraded")
