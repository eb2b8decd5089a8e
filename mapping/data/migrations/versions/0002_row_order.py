"""Workspace rows keep their order without SQLite's rowid (PostgreSQL has none).

Adds ``row_order`` to the partners, services and relationships tables; on SQLite the
rows already saved get their rowid, which is the order they were saved in.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

FRAMES = ("partners", "services", "relationships")


def upgrade() -> None:
    for table in FRAMES:
        op.add_column(table, sa.Column("row_order", sa.Integer()))
        if op.get_bind().dialect.name == "sqlite":  # SQLite-only: rowid is its insertion order
            op.execute(f"UPDATE {table} SET row_order = rowid")


def downgrade() -> None:
    raise NotImplementedError("the workspace database is only ever upgraded")
