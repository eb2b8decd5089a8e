"""Remembered sign-ins (a stakeholder stays signed in on a device) and saved work kept per
workspace (Replace archives it; History brings it back).

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


def downgrade() -> None:
    raise NotImplementedError("the workspace database is only ever upgraded")
