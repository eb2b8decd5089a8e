"""Every HSDS set in ../shared/realdata imports with exact counts and the expected problems.

The numbers were worked out by reading the files (see each comment) and are pinned, so a
change in how the importer reads real exports shows up here. Unless a test says otherwise
the import uses no saved term mapping and no default category or sector, as a first
import would.
"""

from __future__ import annotations

import csv
import math
from collections import Counter
from pathlib import Path

import pytest

from mapping import import_hsds
from mapping.data import schema as s
from mapping.data.workspace import Workspace

SPEC = "hsds_spec_examples"
LEGAL = "hsds_transformer_legal_aid"


def summary(ws: Workspace) -> dict[tuple[str, str, str], int]:
    """(file, severity, kind) -> number of problems."""
    return dict(Counter((p.file, p.severity, p.kind) for p in ws.problems))


def counts(ws: Workspace) -> dict[str, tuple[int, int, int]]:
    return {f: (c["read"], c["loaded"], c["rejected"]) for f, c in ws.counts.items()}


def assert_hsds_reconciles(ws: Workspace) -> None:
    """read = loaded + rejected per file; each rejected row has an error, and only those."""
    errors: dict[str, set[int]] = {}
    for p in ws.problems:
        if p.severity == "error" and p.row is not None:
            errors.setdefault(p.file, set()).add(p.row)
    for file, c in ws.counts.items():
        assert c["read"] == c["loaded"] + c["rejected"], file
        rows = {int(r) for r in ws.rejected[file]["row"]}
        assert len(rows) == len(ws.rejected[file]) == c["rejected"], file
        assert rows == errors.get(file, set()), file


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _find(ws: Workspace, file: str, kind: str) -> list:  # type: ignore[type-arg]
    return [p for p in ws.problems if p.file == file and p.kind == kind]


# ---------------------------------------------------------------------------- HSDS 3.0
@pytest.mark.parametrize("folder", ["v3.0_examples_csv", "v3.1-dev_examples_csv"])
def test_hsds_3_spec_example(realdata: Path, folder: str) -> None:
    ws = import_hsds(realdata / SPEC / folder)
    assert "HSDS 3.0.0" in ws.source  # datapackage.json says version 3.0.0 (also in 3.1-dev)
    assert counts(ws) == {
        "addresses.csv": (1, 1, 0),
        # The only attribute links term 3f7b145d to link_id f28dd44b..., which is no
        # service, organization or location of the example: a dangling id, kept out.
        "attributes.csv": (1, 0, 1),
        "contacts.csv": (1, 1, 0),
        "languages.csv": (1, 1, 0),
        "locations.csv": (1, 1, 0),
        "organizations.csv": (1, 1, 0),
        "phones.csv": (1, 1, 0),
        "service_at_location.csv": (1, 1, 0),
        "services.csv": (1, 1, 0),
        "taxonomies.csv": (1, 1, 0),
        "taxonomy_terms.csv": (1, 1, 0),
    }
    assert (len(ws.partners), len(ws.services), len(ws.relationships)) == (1, 1, 0)
    expected = {
        ("accessibility.csv", "warning", "file_not_used"): 1,  # schedules, funding ... (10 files)
        # address_type is "postal": the only address of the location is a mailing address.
        ("addresses.csv", "warning", "postal_address_used"): 1,
        ("addresses.csv", "warning", "bad_state"): 1,  # state_province 'MyState'
        ("addresses.csv", "warning", "bad_zip"): 1,  # postal_code 'ABC 1234'
        ("addresses.csv", "warning", "unused_columns"): 1,  # attention, region
        ("attributes.csv", "error", "dangling_id"): 1,  # link_id f28dd44b... (see above)
        # The contact's organization_id ae67a707... is no organization (it is still linked
        # by its location_id); the dashboard keeps no contact of a location not the partner's.
        ("contacts.csv", "warning", "dangling_id"): 1,
        ("contacts.csv", "warning", "not_kept"): 1,
        ("contacts.csv", "warning", "unused_columns"): 1,  # title, department
        ("languages.csv", "warning", "unused_columns"): 1,  # note
        ("locations.csv", "warning", "bad_coordinate"): 1,  # latitude 100, longitude 101
        # The location's organization_id 985e4a42... does not resolve; the service at it
        # still uses it.
        ("locations.csv", "warning", "dangling_id"): 1,
        ("locations.csv", "warning", "unused_columns"): 1,
        # parent_organization_id cd09a387... is not in the package.
        ("organizations.csv", "warning", "dangling_id"): 1,
        ("organizations.csv", "warning", "sector_guessed"): 1,  # HSDS has no sector
        ("organizations.csv", "warning", "unused_columns"): 1,
        # number is written """+44 1234 234567""": quotes inside the value.
        ("phones.csv", "warning", "quoted"): 1,
        ("phones.csv", "warning", "unused_columns"): 1,
        # No term is linked to the service, so "Community Counselling" names its category.
        ("services.csv", "warning", "category_guessed"): 1,
        ("services.csv", "warning", "padded"): 1,  # the description ends with a space
        ("services.csv", "warning", "unused_columns"): 1,
        ("taxonomies.csv", "warning", "unused_columns"): 1,
        ("taxonomy_terms.csv", "warning", "unused_columns"): 1,
    }
    if folder.startswith("v3.1"):
        expected[("attributes.csv", "warning", "unused_columns")] = 1  # 3.1 adds 'label'
    assert summary(ws) == expected
    assert_hsds_reconciles(ws)

    (lat,) = _find(ws, "locations.csv", "bad_coordinate")
    assert (lat.row, lat.column, lat.value) == (1, "latitude", "100, 101")
    assert "between -90 and 90, got 100" in lat.message
    (zip_problem,) = _find(ws, "addresses.csv", "bad_zip")
    assert (zip_problem.row, zip_problem.column, zip_problem.value) == (
        1,
        "postal_code",
        "ABC 1234",
    )
    dangling = {(p.file, p.column, p.value) for p in ws.problems if p.kind == "dangling_id"}
    assert dangling == {
        ("attributes.csv", "link_id", "f28dd44b-0c4d-479f-8e90-4c52219a8b3c"),
        ("contacts.csv", "organization_id", "ae67a707-5893-4225-b0b1-320ab9cb596b"),
        ("locations.csv", "organization_id", "985e4a42-bd9f-4edc-911d-0243a4640aca"),
        ("organizations.csv", "parent_organization_id", "cd09a387-91f4-4555-94ec-e799c35344cd"),
    }
    assert all(p.message and p.severity in ("error", "warning") for p in ws.problems)

    partner = ws.partners.iloc[0]
    assert partner[s.NAME] == "Example Organization Inc."
    assert partner[s.PHONE] == "+44 1234 234567 ext. 100"
    assert partner[s.CONTACT_EMAIL] == "email@example.com"
    # The location belongs to an organization that does not exist, so the partner has none.
    assert partner[s.CITY] == "" and math.isnan(partner[s.LATITUDE])
    service = ws.services.iloc[0]
    assert service[s.CATEGORY] == "Mental health"
    assert service[s.LANGUAGES] == "Urdu"
    assert (service[s.ADDRESS], service[s.CITY], service[s.ZIP]) == (
        "1-30 Main Street, MyVillage",
        "MyCity",
        "",
    )
    assert math.isnan(service[s.LATITUDE])  # 100 was left out
    assert not service[s.AT_PARTNER_LOCATION]
    assert service[s.DESCRIPTION].endswith("circumstances.")  # trimmed


# ---------------------------------------------------------------------------- HSDS 2.0
def test_hsds_2_spec_example(realdata: Path) -> None:
    folder = realdata / SPEC / "v2.0_all_resources"
    ws = import_hsds(folder)
    assert "HSDS 2.0" in ws.source
    assert counts(ws) == {
        "contacts.csv": (1, 1, 0),
        "eligibility.csv": (1, 1, 0),
        "languages.csv": (2, 2, 0),
        "locations.csv": (10, 10, 0),
        "organizations.csv": (10, 10, 0),
        # Phone row 4 belongs to service 21a1192b ("Bubbles at The Cross", row 13), which
        # has no category and is kept out, so its phone is too.
        "phones.csv": (5, 5, 0),
        "physical_addresses.csv": (1, 1, 0),
        "postal_addresses.csv": (1, 1, 0),
        # services_taxonomy.csv is empty, so no service has a term: 3 names name a
        # category ("Helpline", "Meals", "Food"), the other 10 are kept out until mapped.
        # 10 services map to no category: they load "not yet categorised" (issue 16).
        "services.csv": (13, 13, 0),
        "services_at_location.csv": (13, 13, 0),
        "services_taxonomy.csv": (0, 0, 0),
        "taxonomy.csv": (1, 1, 0),
    }
    assert (len(ws.partners), len(ws.services), len(ws.relationships)) == (10, 13, 0)
    assert summary(ws) == {
        ("accessibility_for_disabilities.csv", "warning", "file_not_used"): 1,
        ("contacts.csv", "warning", "unused_columns"): 1,
        ("locations.csv", "warning", "unused_columns"): 1,
        # 8 organizations have only uncategorised services (sector Other), 2 got
        # "Community and faith" from their food services.
        ("organizations.csv", "warning", "sector_guessed"): 10,
        ("organizations.csv", "warning", "unused_columns"): 1,
        # Row 3 is the textphone twin of the organization's voice line, row 5 belongs to a
        # service-at-location only.
        ("phones.csv", "warning", "not_kept"): 1,
        ("phones.csv", "warning", "unused_columns"): 1,
        ("physical_addresses.csv", "warning", "unused_columns"): 1,
        # The postal address repeats the physical address of the same location.
        ("postal_addresses.csv", "warning", "not_kept"): 1,
        ("postal_addresses.csv", "warning", "unused_columns"): 1,
        ("services.csv", "warning", "category_guessed"): 3,  # Helpline, Food, Meals
        ("services.csv", "warning", "inactive_service"): 3,  # status "inactive"
        ("services.csv", "warning", "padded"): 1,  # row 13 description ends with a space
        ("services.csv", "warning", "uncategorised"): 10,
        ("services.csv", "warning", "unused_columns"): 1,
        ("taxonomy.csv", "warning", "unused_columns"): 1,
    }
    assert_hsds_reconciles(ws)
    categorised = ws.services[ws.services[s.CATEGORY] != s.UNCATEGORISED]
    names = dict(zip(categorised[s.NAME], categorised[s.CATEGORY], strict=True))
    # Guesses are warnings to check: a food-safety *training* is not food help.
    assert names == {
        "Never Homeless Helpline": "Crisis line",
        "Food Safety Program": "Food",
        "Meals To-Go at The Cross": "Food",
    }
    meals = ws.services.set_index(s.NAME).loc["Meals To-Go at The Cross"]
    assert meals[s.AT_PARTNER_LOCATION]  # its only location is its organization's
    # The first organization's location has the only physical address (New York City, NY).
    first = ws.partners.iloc[0]
    assert (first[s.CITY], first[s.STATE], first[s.ZIP]) == ("New York City", "NY", "10001")
    assert first[s.CONTACT_NAME] == "Contact 1"
    # The multi-line HTML description of "Example City Silvers" is kept as text.
    assert "<li>Personal Care</li>" in ws.partners.iloc[4][s.NOTES]

    # With a category for services nothing maps, all 13 load and every row reconciles.
    ws = import_hsds(folder, default_category="Care", default_sector="Community and faith")
    assert counts(ws)["services.csv"] == (13, 13, 0)
    assert len(ws.services) == 13 and set(ws.partners[s.SECTOR]) == {"Community and faith"}
    assert_hsds_reconciles(ws)


# ---------------------------------------------------------------------------- Ohana (1.x)
def test_ohana_sample(realdata: Path) -> None:
    folder = realdata / "ohana_api_sample_csv"
    ws = import_hsds(folder)
    assert "HSDS 1.x (Ohana API)" in ws.source
    assert counts(ws) == {
        "addresses.csv": (21, 21, 0),
        "contacts.csv": (31, 31, 0),
        "locations.csv": (22, 22, 0),
        "mail_addresses.csv": (21, 21, 0),
        "organizations.csv": (8, 8, 0),
        "phones.csv": (54, 54, 0),
        # Kept out for want of a category: "Economic Self-Sufficiency Program" (keywords
        # COMMUNITY SERVICES, Speakers, Automobile Loans), the two admin test services with
        # no keywords, and "Example Service Name" (keywords Ruby on Rails/Postgres/Redis ...).
        "services.csv": (23, 23, 0),  # 4 of them not yet categorised
        "taxonomy.csv": (290, 290, 0),
    }
    assert (len(ws.partners), len(ws.services)) == (8, 23)
    assert summary(ws) == {
        ("contacts.csv", "warning", "not_kept"): 1,  # 24 of 31: one contact per partner
        ("contacts.csv", "warning", "unused_columns"): 1,
        ("holiday_schedules.csv", "warning", "file_not_used"): 1,
        ("locations.csv", "warning", "unused_columns"): 1,
        ("mail_addresses.csv", "warning", "not_kept"): 1,  # 20 duplicate the physical ones
        # Location 21 has a mailing address only.
        ("mail_addresses.csv", "warning", "postal_address_used"): 1,
        ("mail_addresses.csv", "warning", "unused_columns"): 1,
        ("organizations.csv", "warning", "sector_guessed"): 8,
        ("organizations.csv", "warning", "unused_columns"): 1,
        ("phones.csv", "warning", "not_kept"): 1,  # 47 of 54: one phone per partner
        ("phones.csv", "warning", "unused_columns"): 1,
        ("services.csv", "warning", "inactive_service"): 2,
        ("services.csv", "warning", "uncategorised"): 4,
        # Only the terms of those 4 services are listed: COMMUNITY SERVICES, Speakers,
        # Automobile Loans, Ruby on Rails/Postgres/Redis, testing, wic.
        ("services.csv", "warning", "unmapped_term"): 6,
        ("services.csv", "warning", "unused_columns"): 1,
        ("taxonomy.csv", "warning", "unused_columns"): 1,
    }
    assert_hsds_reconciles(ws)
    unmapped = {p.value for p in ws.problems if p.kind == "unmapped_term"}
    assert unmapped == {
        "COMMUNITY SERVICES",
        "Speakers",
        "Automobile Loans",
        "Ruby on Rails/Postgres/Redis",
        "testing",
        "wic",
    }
    assert {p.column for p in ws.problems if p.kind == "unmapped_term"} == {"keywords"}
    fair_oaks = ws.partners.iloc[0]
    assert (fair_oaks[s.ADDRESS], fair_oaks[s.CITY], fair_oaks[s.ZIP]) == (
        "2600 Middlefield Road",
        "Redwood City",
        "94063",
    )
    assert (fair_oaks[s.LATITUDE], fair_oaks[s.LONGITUDE]) == (37.477227, -122.213221)
    assert fair_oaks[s.PHONE] == "650 780-7525"  # the voice line, not the fax
    by_id = ws.services.set_index(s.SERVICE_ID)
    # Service 22 uses Open Eligibility ids 105 (Transit) ... through services.taxonomy_ids.
    assert by_id.loc["22", s.CATEGORY] == "Transportation"
    assert by_id.loc["2", s.CATEGORY] == "Work"  # keyword "EMPLOYMENT/TRAINING SERVICES"
    # Services 2 and 3 are at 24 Second Avenue, San Mateo, with two different ZIP codes.
    assert (by_id.loc["2", s.ZIP], by_id.loc["3", s.ZIP]) == ("94401", "94403")
    assert by_id.loc["1", s.AT_PARTNER_LOCATION] and not by_id.loc["2", s.AT_PARTNER_LOCATION]
    assert by_id.loc["2", s.LANGUAGES] == "Chinese|Tagalog|Italian|Spanish"

    # A saved mapping of the four services' terms brings them in.
    ws = import_hsds(
        folder, term_map={"community service": "Case management"}, default_category="Care"
    )
    assert counts(ws)["services.csv"] == (23, 23, 0)
    assert ws.services.set_index(s.SERVICE_ID).loc["5", s.CATEGORY] == "Case management"


# ---------------------------------------------------------------------------- legal aid
def test_florida_legal_aid_export(realdata: Path) -> None:
    folder = realdata / LEGAL / "florida_legal_aid_raw"
    ws = import_hsds(folder)
    assert "flat directory export" in ws.source
    assert counts(ws) == {
        # 378 locations of 20 organizations: 20 place the partners; none is linked to a
        # service (the export has no service_at_location), which the report says per
        # organization.
        "locations.csv": (378, 378, 0),
        "organizations.csv": (20, 20, 0),
        # 56 service names name a category ("Immigration", "Domestic Violence Hotline"),
        # 79 do not ("Paternity", "Tax Clinic") or name two ("Medical-Legal Partnership").
        "services.csv": (135, 135, 0),  # 79 not yet categorised
    }
    assert summary(ws) == {
        ("florida_mapping.yaml", "warning", "file_not_used"): 1,
        ("locations.csv", "warning", "location_not_used"): 20,
        # The 20 partner locations are free-text one-line addresses ("2400 S. Dixie
        # Highway, Suite #104, Miami, FL 33133", "State: FL", "Fort Pierce, FL").
        ("locations.csv", "warning", "one_line_address"): 20,
        ("locations.csv", "warning", "unused_columns"): 1,  # organization_name, location_url
        ("organizations.csv", "warning", "sector_guessed"): 20,
        ("organizations.csv", "warning", "unused_columns"): 1,
        ("services.csv", "warning", "uncategorised"): 79,
        ("services.csv", "warning", "category_guessed"): 56,
        ("services.csv", "warning", "unused_columns"): 1,
    }
    assert_hsds_reconciles(ws)
    raw = _rows(folder / "locations.csv")
    assert len(raw) == 378 and sum(r["location_address"].startswith("State:") for r in raw) == 245
    partners = ws.partners.set_index(s.NAME)
    bay = partners.loc["Bay Area Legal Services, Inc."]
    # Its first location is "State: FL" only; the first it can be placed by is Dade City.
    assert (bay[s.ADDRESS], bay[s.CITY], bay[s.STATE], bay[s.ZIP]) == (
        "37718 Meridian Ave",
        "Dade City",
        "FL",
        "33525",
    )
    assert bay[s.PHONE] == "352-567-9044"  # "tdd: 800-955-8771, main: 352-567-9044, ..."
    assert bay[s.SECTOR] == "Legal aid"
    heart = partners.loc["Heart of Florida Legal Aid Society, Inc."]
    assert (heart[s.CITY], heart[s.STATE]) == ("", "FL")  # every location is "State: FL"
    one_line = {p.value for p in ws.problems if p.kind == "one_line_address"}
    assert "State: FL" in one_line and "Fort Pierce, FL" not in one_line

    # A legal-aid directory: every service that says nothing else is legal help.
    ws = import_hsds(folder, default_category="Legal")
    assert counts(ws)["services.csv"] == (135, 135, 0)
    assert (len(ws.partners), len(ws.services)) == (20, 135)
    assert ws.services[s.AT_PARTNER_LOCATION].all()
    assert_hsds_reconciles(ws)


def test_illinois_legal_aid_hsds_output(realdata: Path) -> None:
    folder = realdata / LEGAL / "ilao_illinois_hsds_output"
    ws = import_hsds(folder)
    assert "HSDS 1.x" in ws.source
    org_ids = {r["id"] for r in _rows(folder / "organizations.csv")}
    services = _rows(folder / "services.csv")
    locations = _rows(folder / "locations.csv")
    # The fixture holds 33 of the directory's organizations: most services and locations
    # point at organizations that are not in it.
    assert sum(r["organization_id"] in org_ids for r in services) == 89
    assert sum(r["organization_id"] in org_ids for r in locations) == 72
    assert counts(ws) == {
        "locations.csv": (520, 72, 448),
        "organizations.csv": (33, 33, 0),
        # Phones of the refused services and locations are refused with them.
        "phones.csv": (982, 194, 788),
        "postal_addresses.csv": (33, 33, 0),
        # 340 dangling organization ids, the last row has no id at all, and of the 89
        # that resolve 47 have no term and a name that names no category (loaded, not yet
        # categorised).
        "services.csv": (430, 89, 341),
    }
    assert summary(ws) == {
        ("locations.csv", "error", "dangling_id"): 448,
        ("locations.csv", "warning", "location_not_used"): 7,
        ("organizations.csv", "warning", "sector_guessed"): 33,
        ("phones.csv", "error", "parent_rejected"): 788,
        ("phones.csv", "warning", "not_kept"): 1,
        # Mailing addresses with their lines run together ("Illinois Equal Justice
        # Foundation180 North Stetson, Suite 820Chicago"); the 33rd is a bare P.O. box line.
        ("postal_addresses.csv", "warning", "one_line_address"): 32,
        ("regular_schedules.csv", "warning", "file_not_used"): 1,
        ("services.csv", "error", "dangling_id"): 340,
        ("services.csv", "error", "missing_value"): 1,
        ("services.csv", "warning", "uncategorised"): 47,
        ("services.csv", "warning", "category_guessed"): 42,
        ("services.csv", "warning", "unused_columns"): 1,
    }
    assert_hsds_reconciles(ws)
    (empty_id,) = _find(ws, "services.csv", "missing_value")
    assert (empty_id.row, empty_id.column) == (430, "id")
    first = ws.partners.iloc[0]
    assert (first[s.ADDRESS], first[s.CITY], first[s.STATE], first[s.ZIP]) == (
        "180 North Stetson, Suite 820",
        "Chicago",
        "IL",
        "60601",
    )
    homewood = ws.partners.set_index(s.NAME).loc["South Suburban Bar Association"]
    assert (homewood[s.ADDRESS], homewood[s.CITY]) == ("", "Homewood")  # P.O. Box 726: no street
    run_together = next(p for p in ws.problems if p.kind == "one_line_address")
    assert (run_together.file, run_together.row, run_together.column) == (
        "postal_addresses.csv",
        1,
        "address_1",
    )
    assert "run together" in run_together.message and "180 North Stetson" in run_together.message


def test_illinois_legal_aid_drupal_export(realdata: Path) -> None:
    """The raw Illinois export has human-readable headers ("Organization ID", "Title",
    "Services-ID", "Mailing address"), read through the column aliases."""
    ws = import_hsds(realdata / LEGAL / "ilao_illinois_raw")
    assert counts(ws) == {
        "locations.csv": (520, 72, 448),  # the same dangling organization ids as above
        "organizations.csv": (33, 33, 0),
        # "Service type" is read as a term: "Direct representation" and "Legal self-help
        # center" are legal help; "Lawyer referral service", "Policy, impact litigation,
        # support or other" and "Legal information and education (not a legal self-help
        # center)" (it names two categories) are not mapped, so 12 services load not yet
        # categorised and wait for the user.
        "services.csv": (430, 89, 341),
    }
    assert summary(ws) == {
        ("locations.csv", "error", "dangling_id"): 448,
        ("locations.csv", "warning", "location_not_used"): 3,
        ("locations.csv", "warning", "unused_columns"): 1,
        ("mapping.yaml", "warning", "file_not_used"): 1,
        ("organizations.csv", "warning", "one_line_address"): 33,  # "Mailing address"
        ("organizations.csv", "warning", "sector_guessed"): 33,
        ("organizations.csv", "warning", "unused_columns"): 1,
        ("services.csv", "error", "dangling_id"): 340,
        ("services.csv", "error", "missing_value"): 1,
        ("services.csv", "warning", "uncategorised"): 12,
        # One service has no Service type; its title names its category.
        ("services.csv", "warning", "category_guessed"): 1,
        ("services.csv", "warning", "unmapped_term"): 3,
        ("services.csv", "warning", "unused_columns"): 1,
    }
    assert_hsds_reconciles(ws)
    unmapped = {p.value for p in ws.problems if p.kind == "unmapped_term"}
    assert unmapped == {
        "Lawyer referral service",
        "Policy, impact litigation, support or other",  # one value, commas and all
        "Legal information and education (not a legal self-help center)",
    }
    assert {
        p.column for p in ws.problems if p.kind == "dangling_id" and p.file == "services.csv"
    } == {"Organization ID"}
