"""Issue 16: real 211 directories come in whole. Each test builds a small package in the shape
the real exports had (an HSDS 2.0 data package with a datapackage.json, AIRS codes in its
taxonomy) and checks one defect seen on them."""

from __future__ import annotations

import json

import pytest

from mapping import import_hsds
from mapping.data import schema as s
from mapping.interop import crosswalk as cw
from mapping.interop.hsds import hsds_terms, read_hsds_package
from mapping.interop.hsds.export import hsds_zip
from mapping.places.accuracy import FAR_COLUMN, far_from_zip
from tests.unit.interop.test_hsds_realdata import assert_hsds_reconciles, counts

ORGS = "id,name,alternate_name,description,email,url,tax_status,tax_id,year_incorporated"
SERVICES = "id,organization_id,program_id,name,alternate_name,description,url,email,status"
LOCATIONS = "id,organization_id,name,alternate_name,description,transportation,latitude,longitude"
ADDRESSES = (
    "id,location_id,attention,address_1,address_2,address_3,address_4,city,region,"
    "state_province,postal_code,country"
)
SAL = "id,service_id,location_id,description"
TAXONOMY = "id,name,parent_id,parent_name,vocabulary"
SERVICE_TAXONOMY = "id,service_id,taxonomy_id,taxonomy_detail"
PHONES = "id,location_id,service_id,organization_id,contact_id,service_at_location_id,number"

# (code, name) as 211 lines publish them: the codes of the AIRS/211 LA County taxonomy.
TERMS = [
    ("BD-1800.2000", "Food Pantries"),  # mapped by its code
    ("BD-1800.6250", "Pantries & Soup Kitchens"),  # seen unmapped in real data
    ("RX-8450.0500", "Alcohol Use Disorder"),
    ("RX-8450.1800", "Drug Use Disorders"),
    ("PH-6100.6500", "Parenting Skills Classes"),
    ("HH-0500.2500", "GED and Adult Basic Education"),
    ("ND-6500.2000-250", "Food/Beverage Related Service Occupations"),  # job training
    ("JR-8200", "Public Health Screening"),  # only the top-level J branch maps
    ("TJ-2000", "Volunteer Opportunities"),  # T: organizational/community
    ("YZ-9999", "Zz Unknown Target Group"),  # Y: target populations
    ("", "Pet Adoption Days"),  # a local term with no code: maps to nothing
]


def _csv(header: str, *rows: str) -> bytes:
    return ("\n".join((header, *rows)) + "\n").encode()


def hsds_2_package(*, datapackage: bool = True, version: str = "1.0") -> dict[str, bytes]:
    """An HSDS 2.0 package: one organization per term, one service each, linked to its term
    through services_taxonomy.csv, and a datapackage.json naming every resource as the HSDS
    2.0 data package does (the taxonomy resource is named "taxonomy")."""
    orgs, services, locations, addresses, sal, links, phones = [], [], [], [], [], [], []
    taxonomy = []
    for i, (code, name) in enumerate(TERMS, start=1):
        orgs.append(f"o{i},Agency {i},,Helps,info{i}@example.org,example.org,,,")
        services.append(f"s{i},o{i},,Service {i},,Does things,,,active")
        locations.append(f"l{i},o{i},Main,,,,40.44{i},-79.99{i}")
        addresses.append(f"a{i},l{i},,{100 + i} Penn Ave,,,,Pittsburgh,,PA,15222,US")
        sal.append(f"x{i},s{i},l{i},")
        taxonomy.append(f"t{i},{code + ' ' if code else ''}{name},,,AIRS")
        links.append(f"st{i},s{i},t{i},")
        phones.append(f"p{i},l{i},,,,,412-555-01{i:02d}")
    files = {
        "organizations.csv": _csv(ORGS, *orgs),
        "services.csv": _csv(SERVICES, *services),
        "locations.csv": _csv(LOCATIONS, *locations),
        "physical_addresses.csv": _csv(ADDRESSES, *addresses),
        "services_at_location.csv": _csv(SAL, *sal),
        "taxonomy.csv": _csv(TAXONOMY, *taxonomy),
        "services_taxonomy.csv": _csv(SERVICE_TAXONOMY, *links),
        "phones.csv": _csv(PHONES, *phones),
    }
    if datapackage:
        names = {
            "organizations.csv": "organization",
            "services.csv": "service",
            "locations.csv": "location",
            "physical_addresses.csv": "physical_address",
            "services_at_location.csv": "service_at_location",
            "taxonomy.csv": "taxonomy",
            "services_taxonomy.csv": "service_taxonomy",
            "phones.csv": "phone",
        }
        spec = {
            "name": "example-211-directory",
            "version": version,
            "profile": "tabular-data-package",
            "resources": [
                {"name": res, "path": path, "format": "csv"} for path, res in names.items()
            ],
        }
        files["datapackage.json"] = json.dumps(spec).encode()
    return files


# ---------------------------------------------------------------------------- defect 1
def test_a_datapackage_naming_the_taxonomy_resource_keeps_every_term_link() -> None:
    with_dp = import_hsds(hsds_2_package())
    without = import_hsds(hsds_2_package(datapackage=False))
    assert read_hsds_package(hsds_2_package()).tables["taxonomy_term"].file == "taxonomy.csv"
    assert counts(with_dp)["services_taxonomy.csv"] == (len(TERMS), len(TERMS), 0)
    assert not [p for p in with_dp.problems if p.kind == "dangling_id"]
    assert counts(with_dp) == counts(without)
    assert len(with_dp.services) == len(without.services) == len(TERMS)
    terms = hsds_terms(read_hsds_package(hsds_2_package()))
    assert len(terms) == len(TERMS)  # the Import tab lists them (it said "no terms")
    assert_hsds_reconciles(with_dp)


def test_a_3x_taxonomy_list_named_taxonomy_is_still_the_list_of_vocabularies() -> None:
    files = hsds_2_package(datapackage=False)
    files["taxonomies.csv"] = _csv("id,name,description,uri,version", "airs,AIRS,211,,")
    pkg = read_hsds_package(files)
    assert pkg.tables["taxonomy"].file == "taxonomies.csv"
    assert pkg.tables["taxonomy_term"].file == "taxonomy.csv"


# ---------------------------------------------------------------------------- defect 2
def test_services_whose_terms_map_to_nothing_load_not_yet_categorised() -> None:
    ws = import_hsds(hsds_2_package())
    got = dict(zip(ws.services[s.NAME], ws.services[s.CATEGORY], strict=True))
    assert got == {
        "Service 1": "Food pantry",
        "Service 2": "Food",
        "Service 3": "Substance use",
        "Service 4": "Substance use",
        "Service 5": "Care",
        "Service 6": "GED",
        "Service 7": "Job training",
        "Service 8": "Health",
        "Service 9": "Care",
        "Service 10": "Care",
        "Service 11": s.UNCATEGORISED,
    }
    assert counts(ws)["services.csv"] == (len(TERMS), len(TERMS), 0)
    assert not ws.errors
    (note,) = [p for p in ws.problems if p.kind == "uncategorised"]
    assert (note.file, note.row, note.value, note.severity) == (
        "services.csv",
        11,
        "Pet Adoption Days",
        "warning",
    )
    assert ws.uncategorised_terms == {"s11": ("Pet Adoption Days",)}


@pytest.mark.parametrize(
    ("code", "category"),
    [
        ("BZ-0000", "Goods"),
        ("DM-1500", "Financial education"),
        ("FT-1800", "Legal"),
        ("HL-8000", "Education"),
        ("JP-1500", "Health"),
        ("LN-0000", "Health"),
        ("NL-0000", "Public benefits"),
        ("PN-0000", "Care"),
        ("RR-0000", "Mental health"),
        ("TZ-0000", "Care"),
        ("YF-0000", "Care"),
    ],
)
def test_every_airs_top_level_branch_maps(code: str, category: str) -> None:
    assert cw.map_term("Zz Unheard Of", code) == cw.TermMatch(category, cw.BY_BRANCH)


def test_an_occupation_term_is_job_training_not_its_field() -> None:
    match = cw.map_term("Food/Beverage Related Service Occupations")
    assert match.category == "Job training"


# ---------------------------------------------------------------------------- defect 7
def test_a_data_package_version_is_not_the_hsds_version() -> None:
    pkg = read_hsds_package(hsds_2_package(version="1.0"))
    assert (pkg.layout, pkg.version) == ("HSDS 2.0", "")
    pkg = read_hsds_package(hsds_2_package(version="2.0.1"))
    assert (pkg.layout, pkg.version) == ("HSDS 2.0.1", "2.0.1")


def test_a_phone_that_cannot_be_a_number_is_reported() -> None:
    files = hsds_2_package()
    files["phones.csv"] = _csv(PHONES, "p1,l1,,,,,80011", "p2,l2,,,,,(412) 555-0102 x12")
    ws = import_hsds(files)
    bad = [(p.file, p.row, p.column, p.value) for p in ws.problems if p.kind == "bad_phone"]
    assert bad == [("phones.csv", 1, "number", "80011")]
    assert ws.partners.set_index(s.PARTNER_ID).loc["o1", s.PHONE] == "80011"  # kept as written


# ---------------------------------------------------------------------------- defect 6
def test_address_lines_stay_apart_through_export_and_import() -> None:
    files = hsds_2_package()
    text = (
        files["physical_addresses.csv"]
        .decode()
        .replace("a1,l1,,101 Penn Ave,,", 'a1,l1,,401 NW 2nd Avenue,"North tower, suite n314",')
    )
    files["physical_addresses.csv"] = text.encode()
    first = import_hsds(files)
    street = "401 NW 2nd Avenue, North tower, suite n314"
    assert first.partners.set_index(s.PARTNER_ID).loc["o1", s.ADDRESS] == street
    exported = read_hsds_package(hsds_zip(first), "round-trip.zip")
    table = exported.tables["address"]
    lines_of = {
        (table.get(cells, "address_1"), table.get(cells, "address_2")) for _, cells in table.rows
    }
    assert ("401 NW 2nd Avenue", "North tower, suite n314") in lines_of
    back = import_hsds(hsds_zip(first), name="round-trip.zip")
    assert back.partners.set_index(s.PARTNER_ID).loc["o1", s.ADDRESS] == street
    assert not [p for p in back.problems if p.kind == "one_line_address"]


# ---------------------------------------------------------------------------- defect 5
def far_package() -> dict[str, bytes]:
    """The fixture package with two locations whose coordinates are in Denver while their
    ZIP code is Pittsburgh's (15222)."""
    files = hsds_2_package()
    text = files["locations.csv"].decode()
    text = text.replace("l2,o2,Main,,,,40.442,-79.992", "l2,o2,Main,,,,39.74,-104.99")
    text = text.replace("l3,o3,Main,,,,40.443,-79.993", "l3,o3,Main,,,,39.75,-105.0")
    files["locations.csv"] = text.encode()
    return files


def test_coordinates_far_from_their_zip_are_found_before_saving() -> None:
    ws = import_hsds(far_package())
    far = far_from_zip(ws)
    assert far[["kind", "id", "zip"]].values.tolist() == [
        ["partner", "o3", "15222"],
        ["partner", "o2", "15222"],
    ]
    assert far[FAR_COLUMN].between(1200, 1400).all()
    assert far_from_zip(import_hsds(hsds_2_package())).empty
