"""Issue 16: services "not yet categorised" load, are shown and listed, count for no category,
and are categorised in bulk per term after the import."""

from __future__ import annotations

from pathlib import Path

from mapping import import_hsds
from mapping.analysis.coverage import find_coverage_gaps
from mapping.data import schema as s
from mapping.data.store import WorkspaceStore
from mapping.interop import categorise as cat
from mapping.interop.crosswalk import load_term_map, save_term_map
from mapping.places.maps.data import MapLayers, map_data
from mapping.places.maps.payloads import _legend
from tests.unit.interop.test_hsds_directories import PHONES, TERMS, _csv, hsds_2_package


def _two_waiting() -> dict[str, bytes]:
    """The fixture package with services 9-11 on local terms nothing maps."""
    files = hsds_2_package()
    text = files["taxonomy.csv"].decode().replace("TJ-2000 Volunteer Opportunities", "Pet Fairs")
    text = text.replace("YZ-9999 Zz Unknown Target Group", "Pet Adoption Days")
    files["taxonomy.csv"] = text.encode()
    files["phones.csv"] = _csv(PHONES)
    return files


def test_uncategorised_services_are_categorised_per_term_and_remembered(tmp_path: Path) -> None:
    ws = import_hsds(_two_waiting())
    assert list(cat.uncategorised(ws.services)[s.SERVICE_ID]) == ["s9", "s10", "s11"]
    store = WorkspaceStore(tmp_path / "ws.db")
    store.save(ws, action="import")
    assert cat.save_pending_terms(store, ws, replace=True) == {
        "s9": ("Pet Fairs",),
        "s10": ("Pet Adoption Days",),
        "s11": ("Pet Adoption Days",),
    }
    current = store.load()
    terms = cat.load_pending_terms(store)
    assert cat.term_counts(current, terms).values.tolist() == [
        ["Pet Adoption Days", 2],
        ["Pet Fairs", 1],
    ]
    listed = cat.uncategorised_list(current, terms)
    assert listed.values.tolist() == [
        ["s9", "Service 9", "Agency 9", "Pet Fairs"],
        ["s10", "Service 10", "Agency 10", "Pet Adoption Days"],
        ["s11", "Service 11", "Agency 11", "Pet Adoption Days"],
    ]
    new, changed = cat.categorise_by_term(current, terms, {"Pet Adoption Days": "Peer support"})
    assert changed == 2
    got = new.services.set_index(s.SERVICE_ID)[s.CATEGORY]
    assert (got["s9"], got["s10"], got["s11"]) == (s.UNCATEGORISED, "Peer support", "Peer support")
    assert got["s1"] == "Food pantry"  # the others are untouched
    store.save(new, action="categorise by term")
    save_term_map(store, cat.term_map_updates({"Pet Adoption Days": "Peer support"}))
    assert cat.save_pending_terms(store, new, replace=False) == {"s9": ("Pet Fairs",)}
    # The choice is remembered: the next import maps the term by itself.
    again = import_hsds(_two_waiting(), term_map=load_term_map(store))
    assert list(cat.uncategorised(again.services)[s.SERVICE_ID]) == ["s9"]


def test_uncategorised_services_are_drawn_and_named_but_no_category_provider() -> None:
    ws = import_hsds(_two_waiting())
    gaps = find_coverage_gaps(ws.services)
    assert s.UNCATEGORISED not in set(gaps[s.CATEGORY])
    assert "Food pantry" in set(gaps[s.CATEGORY])
    legend = _legend(map_data(ws), MapLayers(), False)
    services = next(x for x in legend if x["title"].startswith("Services"))
    assert services["items"][-1][1] == s.UNCATEGORISED
    assert len(TERMS) == len(ws.services)
