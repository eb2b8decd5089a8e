"""Import step: after the checks, the problems reported against the HSDS file, row and
column they came from, refusals passed on to dependent rows, summaries and counts."""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from mapping.data import schema as s
from mapping.data.errors import Problem
from mapping.data.headers import header_key
from mapping.data.workspace import Workspace
from mapping.interop.hsds.base import _private_safe, _ranges, _Row
from mapping.interop.hsds.build import BuildStep
from mapping.interop.hsds.package import (
    ATTRIBUTE,
    CONTACT,
    LOCATION,
    ORGANIZATION,
    PHONE,
    SERVICE,
    STREET_KEYS,
)


class ProblemsStep(BuildStep):
    """Reporting back against the HSDS files."""

    # ------------------------------------------------------------------ after the checks
    def _after_load(self, ws: Workspace, partners: list[_Row], services: list[_Row]) -> None:
        org_file = self.t[ORGANIZATION].file
        svc_file = self.t[SERVICE].file if SERVICE in self.t else None
        by_number = {
            org_file: {row.home[1]: row for row in partners},
            **({svc_file: dict(enumerate(services, start=1))} if svc_file else {}),
        }
        remapped: list[Problem] = []
        for p in ws.problems:
            source_rows = (
                by_number.get(p.file)
                if p.file in (org_file, svc_file) and p.file != s.RELATIONSHIPS
                else None
            )
            if source_rows is None or p.row is None or p.row not in source_rows:
                remapped.append(p)
                continue
            row = source_rows[p.row]
            if p.column == s.CATEGORY and p.kind == "missing_value":
                terms = self.uncategorized.get(row.cells[s.SERVICE_ID].split("@")[0], [])
                shown = "; ".join(dict.fromkeys(terms))
                reason = (
                    f"none of its taxonomy terms ({shown}) maps to a dashboard category"
                    if terms
                    else "it has no taxonomy term, and its name names no category"
                )
                remapped.append(
                    Problem(
                        row.home[0],
                        row.home[1],
                        "taxonomy terms",
                        shown or None,
                        f"this service has no dashboard category: {reason}, so it was kept out. "
                        "Map its terms in the Import section of the Data page (your choice is "
                        "remembered), or choose a category for services without one.",
                        "error",
                        "no_category",
                    )
                )
                continue
            origin = row.origins.get(p.column or "")
            if origin is None:
                remapped.append(
                    Problem(
                        row.home[0], row.home[1], p.column, p.value, p.message, p.severity, p.kind
                    )
                )
            else:
                remapped.append(
                    Problem(origin[0], origin[1], origin[2], p.value, p.message, p.severity, p.kind)
                )
        unique = list(dict.fromkeys((*self.problems, *remapped)))
        # Rows of the built tables that were kept out, back to their HSDS rows.
        rejected_orgs = self._rejected_numbers(ws, s.PARTNERS)
        for number in rejected_orgs:
            self.rejected[org_file].setdefault(number, self._reason(ws, s.PARTNERS, number))
        if svc_file:
            bad_internal = set(self._rejected_numbers(ws, s.SERVICES))
            for sid, internal in self.service_rows.items():
                if internal and all(i in bad_internal for i in internal):
                    number = self.services[sid][0]
                    reason = (
                        "no dashboard category (map its taxonomy terms)"
                        if sid in self.uncategorized
                        else self._reason(ws, s.SERVICES, internal[0])
                    )
                    self.rejected[svc_file].setdefault(number, reason)
        self._orphan_locations(unique)
        self._propagate(unique)
        self._summaries(unique)
        ws.problems = unique
        self._counts(ws)

    def _rejected_numbers(self, ws: Workspace, file: str) -> list[int]:
        df = ws.rejected.get(file)
        return [] if df is None or df.empty else [int(x) for x in df["row"]]

    def _reason(self, ws: Workspace, file: str, number: int) -> str:
        df = ws.rejected[file]
        return str(df.loc[df["row"] == number, "reason"].iloc[0])

    def _propagate(self, problems: list[Problem]) -> None:
        """Rows that belong to a refused row are refused too (a phone of a refused
        organization, a link of a refused service)."""
        for (file, num), (owner_file, owner_row, column, value) in list(self.owner.items()):
            if num in self.rejected[file] or owner_row not in self.rejected.get(owner_file, {}):
                continue
            message = (
                f"this row belongs to {owner_file} row {owner_row}, which was kept out, so it was "
                "kept out too. Fix that row and import again."
            )
            self.rejected[file][num] = message
            problems.append(Problem(file, num, column, value, message, "error", "parent_rejected"))

    def _used_locations(self) -> set[str]:
        """Main locations, and locations of services that were built (not refused)."""
        used = set(self.main.values())
        for sid, links in self.service_locations.items():
            if sid in self.service_rows:
                used.update(loc for loc, _, _ in links)
        return used

    def _orphan_locations(self, problems: list[Problem]) -> None:
        """Locations whose organization does not exist: kept when a service uses them."""
        table = self.t.get(LOCATION)
        if table is None:
            return
        used = self._used_locations()
        for loc in self.orphans:
            num, cells = self.locations[loc]
            org = table.get(cells, "organization_id")
            col = table.column("organization_id")
            if loc in used:
                problems.append(
                    Problem(
                        table.file,
                        num,
                        col,
                        org,
                        f"no organization has id '{org}', so this location belongs to no partner; "
                        "it is still used for the services linked to it. Correct the "
                        "organization_id.",
                        "warning",
                        "dangling_id",
                    )
                )
            else:
                self._dangling(table, num, "organization_id", org, "organization", "location")
                problems.append(self.problems.pop())

    def _summaries(self, problems: list[Problem]) -> None:
        """Warnings for what was read but has no place in the dashboard."""
        for org, place in self.org_places.items():
            problems.extend(_private_safe(self.location_problems[f"organization {org}"], place))
        loc_table = self.t.get(LOCATION)
        if loc_table is not None:
            used = self._used_locations()
            for loc in self.locations:
                if loc in used:
                    problems.extend(_private_safe(self.location_problems[loc], self.places[loc]))
            for org, locs in self.by_org.items():
                unused = [loc for loc in locs if loc not in used]
                if not unused or org not in self.main:
                    continue
                rows = [self.locations[loc][0] for loc in unused]
                names = [loc_table.get(self.locations[loc][1], "name") or loc for loc in unused]
                shown = "; ".join(names[:5]) + (
                    f" and {len(names) - 5} more" if len(names) > 5 else ""
                )
                main_row = self.locations[self.main[org]][0]
                problems.append(
                    Problem(
                        loc_table.file,
                        rows[0],
                        loc_table.column("name"),
                        shown,
                        f"organization '{org}' has {len(locs)} locations; the partner is placed at "
                        f"row {main_row}, and {len(unused)} other location(s) (rows "
                        f"{_ranges(rows)}) have no service linked to them, so they are not on the "
                        "map. Link services to them in service_at_location.csv to map them.",
                        "warning",
                        "location_not_used",
                    )
                )
            loose = [
                loc
                for loc, (_, cells) in self.locations.items()
                if loc not in used and not loc_table.get(cells, "organization_id")
            ]
            if loose:
                rows = [self.locations[loc][0] for loc in loose]
                problems.append(
                    Problem(
                        loc_table.file,
                        rows[0],
                        loc_table.column("organization_id"),
                        None,
                        f"{len(loose)} location(s) (rows {_ranges(rows)}) belong to no "
                        "organization and no service is linked to them, so they are not on the "
                        "map. Fill in their organization_id, or link services to them.",
                        "warning",
                        "location_not_used",
                    )
                )
        for entity, used_rows, what in (
            (PHONE, self.phones_used, "phone numbers"),
            (CONTACT, self.contacts_used, "contacts"),
        ):
            table = self.t.get(entity)
            if table is None:
                continue
            left = [
                n
                for n, _ in table.rows
                if n not in used_rows and n not in self.rejected[table.file]
            ]
            if left:
                keep = (
                    "one public phone per partner"
                    if entity == PHONE
                    else "one contact person per partner"
                )
                problems.append(
                    Problem(
                        table.file,
                        left[0],
                        None,
                        None,
                        f"{len(left)} of {len(table.rows)} {what} (rows {_ranges(left)}) were read "
                        f"but not kept: the dashboard keeps {keep} (the organization's first). "
                        "Nothing to fix; they stay in your HSDS files.",
                        "warning",
                        "not_kept",
                    )
                )
        if self.extra_addresses:
            by_file: dict[str, list[int]] = defaultdict(list)
            for file, num in self.extra_addresses:
                by_file[file].append(num)
            for file, nums in by_file.items():
                problems.append(
                    Problem(
                        file,
                        nums[0],
                        None,
                        None,
                        f"{len(nums)} address(es) (rows {_ranges(nums)}) were not needed: the "
                        "dashboard keeps one address per location (the physical one). Nothing "
                        "to fix.",
                        "warning",
                        "not_kept",
                    )
                )
        if self.unused_attributes:
            table = self.t[ATTRIBUTE]
            problems.append(
                Problem(
                    table.file,
                    self.unused_attributes[0],
                    None,
                    None,
                    f"{len(self.unused_attributes)} attribute(s) (rows "
                    f"{_ranges(self.unused_attributes)}) describe organizations or locations "
                    "with terms the dashboard has no column for; they were not kept. Nothing to "
                    "fix.",
                    "warning",
                    "not_kept",
                )
            )
        if self.pkg.not_used:
            files = ", ".join(f"{f} ({what})" for f, what in self.pkg.not_used.items())
            first = next(iter(self.pkg.not_used))
            problems.append(
                Problem(
                    first,
                    None,
                    None,
                    None,
                    f"{len(self.pkg.not_used)} file(s) of the package are not used, because the "
                    f"dashboard has no place for what they hold: {files}. Nothing to fix; they "
                    "stay in your package.",
                    "warning",
                    "file_not_used",
                )
            )
        for table in self.t.values():
            unused = table.unused_columns
            if unused:
                problems.append(
                    Problem(
                        table.file,
                        None,
                        unused[0],
                        None,
                        f"{len(unused)} column(s) hold data the dashboard does not use: "
                        f"{', '.join(repr(h) for h in unused)}. Nothing to fix; they stay in "
                        "your HSDS files.",
                        "warning",
                        "unused_columns",
                    )
                )
        for term in self.unmapped_terms():
            problems.append(
                Problem(
                    term.file,
                    term.row or None,
                    term.column,
                    term.name,
                    f"taxonomy term '{term.name}' maps to no dashboard category, so "
                    f"{self.term_counts[term.key]} service(s) that use it have none. Map it "
                    "in the Import section of the Data page; your choice is remembered for "
                    "the next import.",
                    "warning",
                    "unmapped_term",
                )
            )

    # ------------------------------------------------------------------ counts
    def _counts(self, ws: Workspace) -> None:
        counts: dict[str, dict[str, int]] = {}
        rejected: dict[str, pd.DataFrame] = {}
        for table in self.t.values():
            bad = self.rejected.get(table.file, {})
            read = len(table.rows)
            counts[table.file] = {"read": read, "loaded": read - len(bad), "rejected": len(bad)}
            records = []
            for num, cells in table.rows:
                if num in bad:
                    record = table.record(cells)
                    if (table.file, num) in self.private_rows:
                        record = {
                            h: "" if header_key(h) in STREET_KEYS else v for h, v in record.items()
                        }
                    records.append({"row": num, **record, "reason": bad[num]})
            frame = pd.DataFrame.from_records(
                records, columns=["row", *[h for h in table.header if h], "reason"]
            )
            frame["row"] = frame["row"].astype("Int64")
            rejected[table.file] = frame
        if s.RELATIONSHIPS in ws.counts:
            counts[s.RELATIONSHIPS] = ws.counts[s.RELATIONSHIPS]
            rejected[s.RELATIONSHIPS] = ws.rejected[s.RELATIONSHIPS]
        ws.counts = counts
        ws.rejected = rejected
