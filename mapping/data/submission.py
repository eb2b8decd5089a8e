"""An organization's own resource map, filled in through the app's form.

The form gives one partner, its services and the partners it works with, as plain dicts
of contract column -> text. :func:`organization_workspace` turns them into the workspace
the facilitator would get by accepting them: that partner's services and the
relationships it describes are replaced by what the form says; everything else stays.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from mapping.data import schema as s
from mapping.data.editing import carry_kept_out
from mapping.data.loading import load_tables
from mapping.data.reading import RawTable
from mapping.data.workspace import Workspace

FORM = "organization form"


def _table(spec: s.FileSpec, records: Sequence[Mapping[str, object]], label: str) -> RawTable:
    """The records as a table with only the columns they hold: a merge then changes only
    what the form says (a column the form does not have keeps the workspace's value)."""
    header = [
        c
        for c in spec.column_names
        if c in spec.key or c in spec.required or any(c in r for r in records)
    ]
    rows = []
    for i, rec in enumerate(records, start=1):
        rows.append(
            (i, ["" if rec.get(c) is None else str(rec.get(c, "")).strip() for c in header])
        )
    return RawTable(f"{FORM}: {label}", header, rows, encoding="utf-8", delimiter=None)


def new_service_ids(ws: Workspace, partner_id: str, count: int) -> list[str]:
    """``count`` service ids for a partner that no service uses yet: P01-S1, P01-S2, ..."""
    used = set(ws.services[s.SERVICE_ID])
    out: list[str] = []
    k = 1
    while len(out) < count:
        candidate = f"{partner_id}-S{k}"
        if candidate not in used:
            out.append(candidate)
        k += 1
    return out


_PLACE = (s.ADDRESS, s.CITY, s.STATE, s.ZIP)


def _with_coordinates_checked(
    base: Workspace, partner: Mapping[str, object], pid: str
) -> dict[str, object]:
    """The form has no coordinates: the partner keeps its own unless the form moved it
    (another address, city, state or ZIP code), when they are cleared to be placed anew."""
    out = dict(partner)
    row = base.partners[base.partners[s.PARTNER_ID] == pid]
    if row.empty:
        return out
    before = row.iloc[0]
    moved = any(
        c in out and str(out[c] or "").strip() != str(before[c] or "").strip() for c in _PLACE
    )
    if moved:
        out.setdefault(s.LATITUDE, "")
        out.setdefault(s.LONGITUDE, "")
    return out


def organization_workspace(
    base: Workspace,
    partner: Mapping[str, object],
    services: Sequence[Mapping[str, object]],
    relationships: Sequence[Mapping[str, object]],
) -> Workspace:
    """``base`` with one organization's map applied; see the module docstring.

    Services without a service_id get new ids. Relationships need only target_id, level
    and optional type/trust/since/notes: the source is the organization itself. Check
    ``.errors`` of the result before saving it.
    """
    pid = str(partner.get(s.PARTNER_ID, "")).strip()
    partner = _with_coordinates_checked(base, partner, pid)
    missing = [dict(x) for x in services if not str(x.get(s.SERVICE_ID, "")).strip()]
    for rec, sid in zip(missing, new_service_ids(base, pid or "new", len(missing)), strict=True):
        rec[s.SERVICE_ID] = sid
    with_ids = [dict(x) for x in services if str(x.get(s.SERVICE_ID, "")).strip()] + missing
    for rec in with_ids:
        rec[s.PARTNER_ID] = pid
    rels = [{**dict(r), s.SOURCE_ID: pid} for r in relationships]

    trimmed = Workspace(
        partners=base.partners,
        services=base.services[base.services[s.PARTNER_ID] != pid].reset_index(drop=True),
        relationships=base.relationships[base.relationships[s.SOURCE_ID] != pid].reset_index(
            drop=True
        ),
    )
    tables = {
        s.PARTNERS: _table(s.PARTNERS_SPEC, [partner], "organization"),
        s.SERVICES: _table(s.SERVICES_SPEC, with_ids, "services"),
        s.RELATIONSHIPS: _table(s.RELATIONSHIPS_SPEC, rels, "relationships"),
    }
    out = load_tables(
        tables, base=trimmed, mode="merge", source=f"{FORM}: {partner.get(s.NAME, pid)}"
    )
    if out.errors:  # to be fixed in the form: report only the form's own problems
        return out
    # Rows kept out of earlier loads stay listed, and those that waited for this partner
    # are checked again (issue 13: nothing dropped without being reported).
    return carry_kept_out(base, out, reported=(), changed={s.PARTNERS})
