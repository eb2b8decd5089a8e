"""Alembic's entry point: runs the migrations on the connection the app hands over.

The app (``mapping.data.database.upgrade``) passes an open connection, already inside its
write transaction, in ``config.attributes["connection"]``; there is no alembic.ini and no
URL here, so migrations never connect anywhere on their own.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters by copying tables
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
