"""Import step: which taxonomy terms each service has, and the category they map to
(through the crosswalk and the user's saved mapping); the terms left unmapped."""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from mapping.data.headers import header_key
from mapping.interop import crosswalk as cw
from mapping.interop.hsds.base import _LINE_SPLIT, _LIST_SPLIT, Term, _split_list
from mapping.interop.hsds.package import (
    F_CATEGORY,
    SERVICE,
    SERVICE_AT_LOCATION,
    SERVICE_TAXONOMY,
    TAXONOMY_TERM,
)
from mapping.interop.hsds.places import PlacesStep


class TermsStep(PlacesStep):
    """Service links, taxonomy terms and categories."""

    # ------------------------------------------------------------------ services and terms
    def _read_service_links(self) -> None:
        """service id -> its location ids, from service_at_location or services.location_id."""
        self.service_locations: dict[str, list[tuple[str, str, int]]] = defaultdict(
            list
        )  # -> (loc, file, row)
        sal = self.t.get(SERVICE_AT_LOCATION)
        if sal is not None:
            seen: set[tuple[str, str]] = set()
            for num, cells in sal.rows:
                if num in self.rejected[sal.file]:
                    continue
                sid, loc = sal.get(cells, "service_id"), sal.get(cells, "location_id")
                if sid not in self.services:
                    self._dangling(
                        sal, num, "service_id", sid, "service", "link of a service to a location"
                    )
                    continue
                if loc not in self.locations:
                    self._dangling(
                        sal, num, "location_id", loc, "location", "link of a service to a location"
                    )
                    continue
                self._own(sal, num, "service_id", sid, SERVICE)
                if (sid, loc) in seen:
                    self.add(
                        sal.file,
                        num,
                        sal.column("location_id"),
                        loc,
                        f"service '{sid}' is already linked to location '{loc}' on an earlier "
                        "row; this repeat was ignored. Nothing to fix.",
                        "warning",
                        "duplicate_link",
                    )
                    continue
                seen.add((sid, loc))
                self.service_locations[sid].append((loc, sal.file, num))
        services = self.t.get(SERVICE)
        if services is not None and services.has("location_id"):
            for sid, (num, cells) in self.services.items():
                loc = services.get(cells, "location_id")
                if not loc or any(loc == x for x, _, _ in self.service_locations[sid]):
                    continue
                if loc in self.locations:
                    self.service_locations[sid].append((loc, services.file, num))
                else:
                    self.add(
                        services.file,
                        num,
                        services.column("location_id"),
                        loc,
                        f"no location has id '{loc}', so the service is placed at its "
                        "organization's location instead. Correct the location_id.",
                        "warning",
                        "dangling_id",
                    )

    def _term_from_row(self, term_id: str, file: str, row: int, value: str = "") -> Term | None:
        key = (term_id, value)
        if key not in self.term_cache:
            self.term_cache[key] = self._read_term(term_id, value)
        return self.term_cache[key]

    def _read_term(self, term_id: str, value: str) -> Term | None:
        found = self.terms_by_id.get(term_id)
        if found is None:
            return None
        table = self.t[TAXONOMY_TERM]
        cells = found[1]
        parents: list[tuple[str, str]] = []
        parent = table.get(cells, "parent_id")
        seen = {term_id}
        while parent and parent in self.terms_by_id and parent not in seen and len(parents) < 10:
            seen.add(parent)
            p_cells = self.terms_by_id[parent][1]
            parents.append((table.get(p_cells, "name"), table.get(p_cells, "code")))
            parent = table.get(p_cells, "parent_id")
        name, code = cw.split_code(table.get(cells, "name"), table.get(cells, "code"))
        taxonomy = table.get(cells, "taxonomy") or ("AIRS" if cw.AIRS_CODE.match(code) else "")
        return Term(
            cw.term_key(name, code),
            name,
            code,
            taxonomy,
            table.file,
            found[0],
            table.column("name"),
            tuple(parents),
            value=value,
        )

    def _service_terms(self) -> dict[str, list[Term]]:
        out: dict[str, list[Term]] = defaultdict(list)
        services = self.t.get(SERVICE)
        if services is None:
            return out
        for sid, links in self.linked_terms.items():
            for term_id, _, value in links:
                term = self._term_from_row(term_id, self.t[TAXONOMY_TERM].file, 0, value)
                if term:
                    out[sid].append(term)
        st = self.t.get(SERVICE_TAXONOMY)
        if st is not None:
            for num, cells in st.rows:
                sid, term_id = st.get(cells, "service_id"), st.get(cells, "taxonomy_id")
                if sid not in self.services:
                    self._dangling(st, num, "service_id", sid, "service", "taxonomy link")
                    continue
                term = self._term_from_row(term_id, st.file, num)
                if term is None:
                    self._dangling(
                        st, num, "taxonomy_id", term_id, "taxonomy term", "taxonomy link"
                    )
                    continue
                self._own(st, num, "service_id", sid, SERVICE)
                out[sid].append(term)
        for sid, (num, cells) in self.services.items():
            for term_id in _split_list(services.get(cells, "taxonomy_ids")):
                term = self._term_from_row(term_id, services.file, num)
                if term is None:
                    self.add(
                        services.file,
                        num,
                        services.column("taxonomy_ids"),
                        term_id,
                        f"no taxonomy term has id '{term_id}'; it was ignored. Correct the id, "
                        "or add the term to the taxonomy file.",
                        "warning",
                        "dangling_id",
                    )
                else:
                    out[sid].append(term)
            column = services.column("terms")
            # Ohana's keywords are comma-separated; a "Service type" cell is one value that
            # may itself hold commas ("Policy, impact litigation, support or other").
            splitter = _LIST_SPLIT if header_key(column) == "keywords" else _LINE_SPLIT
            for text in (p.strip() for p in splitter.split(services.get(cells, "terms"))):
                if not text:
                    continue
                name, code = cw.split_code(text)
                out[sid].append(
                    Term(cw.term_key(name, code), name, code, column, services.file, num, column)
                )
        return out

    def _map(self, term: Term) -> cw.TermMatch:
        """The category of a term (each distinct term is mapped once per import)."""
        key = (term.name, term.code, term.parents)
        found = self.term_matches.get(key)
        if found is None:
            found = cw.map_term(term.name, term.code, user_map=self.term_map, parents=term.parents)
            self.term_matches[key] = found
        return found

    def _category(self, sid: str, name: str) -> tuple[str, str, list[Term]]:
        """(category, how, terms) of a service; category '' when none was found."""
        own = self._dash_values(sid, F_CATEGORY)
        if own:
            return own[0][0], "this dashboard", []
        terms = self.service_terms.get(sid, [])
        rank = {
            cw.BY_USER: 0,
            cw.BY_NAME: 1,
            cw.BY_CODE: 2,
            cw.BY_WORDS: 3,
            cw.BY_PARENT: 4,
            cw.BY_BRANCH: 5,
        }
        best: tuple[int, str, str] | None = None
        for term in terms:
            match = self._map(term)
            if match.category and (best is None or rank[match.how] < best[0]):
                best = (rank[match.how], match.category, match.how)
        if best:
            return best[1], best[2], terms
        guess = cw.category_in_text(name)
        if guess:
            return guess, "service name", terms
        if self.default_category:
            return self.default_category, "default", terms
        return "", "", terms

    def unmapped_terms(self) -> list[Term]:
        """Terms that map to no category, used by services that got none, most used first."""
        counts: dict[str, int] = defaultdict(int)
        first: dict[str, Term] = {}
        for sid, terms in self.service_terms.items():
            if sid not in self.uncategorized:
                continue
            for term in {t.key: t for t in terms}.values():
                counts[term.key] += 1
                first.setdefault(term.key, term)
        self.term_counts = counts
        out = [t for k, t in first.items() if self._map(t).category is None]
        return sorted(out, key=lambda t: (-counts[t.key], t.name.lower()))

    def term_table(self) -> pd.DataFrame:
        """Every term services use, with its category and how it was found."""
        counts: dict[str, int] = defaultdict(int)
        missing: dict[str, int] = defaultdict(int)
        first: dict[str, Term] = {}
        for sid, terms in self.service_terms.items():
            for term in {t.key: t for t in terms}.values():
                counts[term.key] += 1
                first.setdefault(term.key, term)
                if sid in self.uncategorized:
                    missing[term.key] += 1
        records = []
        for key, term in first.items():
            match = self._map(term)
            records.append(
                {
                    "term": term.name,
                    "code": term.code,
                    "taxonomy": term.taxonomy,
                    "services": counts[key],
                    "services without a category": missing[key],
                    "category": match.category or "",
                    "how": match.how,
                    "key": key,
                }
            )
        columns = [
            "term",
            "code",
            "taxonomy",
            "services",
            "services without a category",
            "category",
            "how",
            "key",
        ]
        df = pd.DataFrame.from_records(records, columns=columns)
        if df.empty:
            return df
        return df.sort_values(
            ["category", "services without a category", "services"],
            ascending=[True, False, False],
            key=lambda c: c.map(bool) if c.name == "category" else c,
        ).reset_index(drop=True)
