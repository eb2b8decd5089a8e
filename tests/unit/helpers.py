"""Small builders for test inputs."""

from __future__ import annotations

from mapping.data import schema as s
from mapping.data.loading import load_tables
from mapping.data.reading import RawTable, read_table
from mapping.data.workspace import Workspace

PARTNER_HEADER = "partner_id,name,sector,city,state,zip"


def csv(*lines: str, newline: str = "\n") -> bytes:
    return (newline.join(lines) + newline).encode("utf-8")


def table(data: bytes, name: str) -> RawTable:
    return read_table(data, name)


def load(
    partners: bytes,
    services: bytes | None = None,
    relationships: bytes | None = None,
    **kwargs: object,
) -> Workspace:
    tables = {s.PARTNERS: table(partners, s.PARTNERS)}
    if services is not None:
        tables[s.SERVICES] = table(services, s.SERVICES)
    if relationships is not None:
        tables[s.RELATIONSHIPS] = table(relationships, s.RELATIONSHIPS)
    return load_tables(tables, **kwargs)  # type: ignore[arg-type]


def two_partners() -> bytes:
    return csv(
        PARTNER_HEADER,
        "P1,Legal Aid,Legal aid,Pittsburgh,PA,15222",
        "P2,Job Center,Workforce development,Pittsburgh,PA,15213",
    )


def kinds(ws: Workspace) -> list[tuple[str, int | None, str | None, str]]:
    """(file, row, column, kind) of each problem, for whole-structure assertions."""
    return [(p.file, p.row, p.column, p.kind) for p in ws.problems]


def assert_reconciles(ws: Workspace) -> None:
    for file, c in ws.counts.items():
        assert c["read"] == c["loaded"] + c["rejected"], (file, c)
        rejected = ws.rejected.get(file)
        assert (0 if rejected is None else len(rejected)) == c["rejected"], file
