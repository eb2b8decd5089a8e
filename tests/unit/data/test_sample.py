"""The built-in sample community is realistic, fictional and has something true to show."""

from __future__ import annotations

from mapping.data import schema as s
from mapping.data.normalize import split_list
from mapping.data.sample import looks_like_sample
from mapping.data.workspace import Workspace
from mapping.places.gazetteer import get_gazetteer
from tests.unit.helpers import load, two_partners


def test_size_and_spread(sample_ws: Workspace) -> None:
    assert sample_ws.problems == []
    assert len(sample_ws.partners) >= 40
    assert sample_ws.partners[s.SECTOR].nunique() >= 8
    assert len(sample_ws.services) >= 150
    assert sample_ws.services[s.CATEGORY].nunique() >= 30
    assert len(sample_ws.relationships) >= 60
    assert set(sample_ws.relationships[s.LEVEL]) == set(s.LEVELS.labels)


def test_real_places_fictional_contacts(sample_ws: Workspace) -> None:
    gaz = get_gazetteer()
    zips = [z for z in sample_ws.partners[s.ZIP] if z]
    assert all(gaz.zip_point(z) for z in zips)
    assert set(sample_ws.partners[s.STATE]) <= {"PA", ""}
    assert sample_ws.partners[s.CONTACT_EMAIL].str.endswith(".example.org").all()
    assert sample_ws.partners[s.PHONE].str.match(r"412-555-01\d\d$").all()


def test_confidential_shelters_and_partial_locations(sample_ws: Workspace) -> None:
    p = sample_ws.partners
    confidential = p[p[s.CONFIDENTIAL]]
    assert len(confidential) >= 2
    assert (confidential[s.ADDRESS] == "").all() and confidential[s.LATITUDE].isna().all()
    assert ((p[s.ZIP] != "") & (p[s.CITY] == "")).sum() >= 2  # ZIP only
    assert ((p[s.ZIP] == "") & (p[s.CITY] != "")).sum() >= 2  # city only
    assert p[s.LATITUDE].notna().sum() >= 5  # some with coordinates


def test_deliberate_gaps_and_overlaps(sample_ws: Workspace) -> None:
    svc = sample_ws.services
    legal = svc[svc[s.CATEGORY].map(lambda c: s.CATEGORIES.term(c).group) == "Legal"]
    assert not legal[s.LANGUAGES].map(lambda v: "Spanish" in split_list(v)).any()
    assert not svc[s.POPULATIONS].map(lambda v: "Men" in split_list(v)).any()
    assert svc[svc[s.CATEGORY] == "Immigration legal aid"][s.PARTNER_ID].nunique() == 1
    assert svc[svc[s.CATEGORY] == "Job placement"][s.PARTNER_ID].nunique() >= 3
    rel = sample_ws.relationships.set_index([s.SOURCE_ID, s.TARGET_ID])[s.LEVEL]
    disagreements = [
        (a, b) for (a, b), level in rel.items() if (b, a) in rel.index and rel[(b, a)] != level
    ]
    assert len(disagreements) >= 4  # each pair is seen from both sides


def test_looks_like_sample() -> None:
    assert not looks_like_sample(load(two_partners()))
    assert not looks_like_sample(Workspace())


def test_the_facts_tests_rely_on_hold(sample_ws: Workspace) -> None:
    """tests/sample_facts.py says what the sample holds; every test reads it from there."""
    from mapping.analysis import network as net
    from tests import sample_facts as F

    p = sample_ws.partners
    assert len(p) == F.PARTNERS
    assert p[s.SECTOR].nunique() == F.SECTORS
    counts = p[s.SECTOR].value_counts()
    assert (counts.index[0], int(counts.iloc[0])) == (F.LARGEST_SECTOR, F.LARGEST_SECTOR_PARTNERS)
    assert len(sample_ws.services) == F.SERVICES
    assert len(sample_ws.relationships) == F.RELATIONSHIPS
    assert len(net.relationship_pairs(sample_ws.relationships)) == F.PAIRS
    # PARTNERS_LEAVING_A_HOLE is checked by tests/unit/analysis/test_departure.py


def test_the_sample_mixed_with_real_partners_is_not_the_sample() -> None:
    from mapping.data.loading import load_tables
    from mapping.data.sample import load_sample, sample_partner_count
    from tests.unit.helpers import table

    sample = load_sample()
    assert looks_like_sample(sample) and sample_partner_count(sample) == len(sample.partners)
    mixed = load_tables({s.PARTNERS: table(two_partners(), s.PARTNERS)}, base=sample, mode="merge")
    assert len(mixed.partners) == len(sample.partners) + 2
    assert not looks_like_sample(mixed)
    assert sample_partner_count(mixed) == len(sample.partners)
