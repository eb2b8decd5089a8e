"""What each partner brings and has lived through: four new columns of partners.csv
(issue 17): ``expertise`` and ``funds`` (lists), ``successes`` and ``barriers`` (text).

Versions saved before keep NULL there, read back as empty cells.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

COLUMNS = ("expertise", "funds", "successes", "barriers")


def upgrade() -> None:
    have = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("partners")}
    for name in COLUMNS:
        if name not in have:
            op.add_column("partners", sa.Column(name, sa.Text()))


def downgrade() -> None:
    raise NotImplementedError("the workspace database is only ever upgraded")
