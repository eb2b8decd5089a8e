"""HSDS 3.0 export: the package's shape, confidential locations, and a lossless round trip."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from mapping import export_hsds, import_hsds
from mapping.data import schema as s
from mapping.data.workspace import Workspace
from mapping.interop.hsds.export import CONFIDENTIAL_SUFFIX, hsds_frames, hsds_safe, hsds_zip
from mapping.interop.hsds.package import CONFIDENTIAL_NOTE
from tests.unit.helpers import csv, load

PARTNERS = csv(
    "partner_id,name,sector,address,city,state,zip,latitude,longitude,confidential_location,"
    "contact_name,contact_email,phone,website,languages,populations_served,notes",
    "P1,Legal Aid,Legal aid,1200 Penn Ave,Pittsburgh,PA,15222,40.4406,-79.9959,false,Dana Rivera,"
    "dana@la.org,+1 412 555 0100,https://la.org,English|Spanish|Klingon,Adults|Immigrants,"
    '"Notes, with a comma, ""quotes"" and',
    'a second line"',
    "P2,Safe Haven,Victim services,99 Secret St,Pittsburgh,PA,15213,40.45,-79.95,true,Ann Lee,"
    "ann@sh.org,412-555-0199,,English,Survivors of domestic violence,",
    'P3,"=HYPERLINK(""http://x"")",Health,,,,,,,,,,,,,,',
)
SERVICES = csv(
    "service_id,partner_id,category,name,description,address,city,state,zip,latitude,longitude,"
    "confidential_location,service_radius_miles,languages,populations_served,eligibility,cost,"
    "capacity,trauma_informed",
    "S1,P1,Immigration legal aid,Walk-in clinic,T and U visas,,,,,,,,,,,,Free,,",
    "S2,P1,Legal,Court help,,1 Grant St,Pittsburgh,PA,15219,40.438,-79.997,,25,Spanish,Immigrants,"
    "Adults,,12 a day,true",
    "S3,P2,Shelter,Safe house,,,,,,,,,,,,,,12 beds,",
    "S4,P1,Job training,Training site,,7 Hidden Rd,Pittsburgh,PA,15206,40.46,-79.92,true,"
    ",,,,,,false",
    "S5,P3,Medical care,,,,Pittsburgh,PA,,,,,7.5,,,,,,",
)
RELATIONSHIPS = csv(
    "source_id,target_id,level,type,trust,since,notes",
    "P1,P2,collaboration,Referral|MOU,4,2021,Monthly case conferences",
    "P2,P1,coordination,,,,",
)


@pytest.fixture
def ws() -> Workspace:
    workspace = load(PARTNERS, SERVICES, RELATIONSHIPS)
    assert workspace.errors == []
    return workspace


def assert_same(a: Workspace, b: Workspace) -> None:
    for file in s.FILES:
        pd.testing.assert_frame_equal(a.frame(file), b.frame(file))


def test_round_trip_through_a_folder_loses_nothing(ws: Workspace, tmp_path: Path) -> None:
    written = export_hsds(ws, tmp_path / "package", include_contacts=True)
    assert sorted(p.name for p in written) == [
        "addresses.csv",
        "attributes.csv",
        "contacts.csv",
        "datapackage.json",
        "languages.csv",
        "locations.csv",
        "organizations.csv",
        "phones.csv",
        "relationships.csv",
        "service_at_location.csv",
        "services.csv",
        "taxonomies.csv",
        "taxonomy_terms.csv",
    ]
    back = import_hsds(tmp_path / "package")
    assert_same(ws, back)
    assert back.errors == []
    # Only columns of this dashboard's own taxonomy rows that nobody needs back.
    assert {p.kind for p in back.problems} == {"unused_columns"}
    assert back.counts["services.csv"] == {"read": 5, "loaded": 5, "rejected": 0}
    assert back.counts[s.RELATIONSHIPS] == {"read": 2, "loaded": 2, "rejected": 0}


def test_round_trip_through_zip_bytes_and_of_the_sample(sample_ws: Workspace) -> None:
    back = import_hsds(hsds_zip(sample_ws, include_contacts=True), name="sample-hsds.zip")
    assert_same(sample_ws, back)


def test_confidential_locations_are_exported_without_street_or_coordinates(
    ws: Workspace,
) -> None:
    frames = hsds_frames(ws)
    locations = frames["locations.csv"].set_index("id")
    haven = locations.loc["partner-location-P2"]
    assert haven["name"] == "Safe Haven" + CONFIDENTIAL_SUFFIX
    assert haven["description"] == CONFIDENTIAL_NOTE
    assert (haven["latitude"], haven["longitude"]) == ("", "")
    hidden = locations.loc["service-location-S4"]
    assert hidden["name"].endswith(CONFIDENTIAL_SUFFIX) and hidden["latitude"] == ""
    addresses = frames["addresses.csv"].set_index("location_id")
    assert addresses.loc["partner-location-P2", "address_1"] == ""
    assert addresses.loc["partner-location-P2", "postal_code"] == "15213"
    assert addresses.loc["service-location-S4", "address_1"] == ""
    terms = frames["taxonomy_terms.csv"].set_index("id")
    attributes = frames["attributes.csv"]
    flagged = attributes[attributes["taxonomy_term_id"] == "crm:field:confidential_location"]
    assert sorted(flagged["link_id"]) == ["partner-location-P2", "service-location-S4"]
    assert set(flagged["value"]) == {"true"} and set(flagged["link_entity"]) == {"location"}
    assert terms.loc["crm:field:confidential_location", "code"] == "confidential_location"
    # The loaded workspace never had the street address; nothing leaks into any file.
    package = hsds_zip(ws)
    with zipfile.ZipFile(io.BytesIO(package)) as zf:
        text = "".join(zf.read(n).decode("utf-8-sig") for n in zf.namelist())
    for secret in ("99 Secret St", "7 Hidden Rd", "40.45", "-79.95", "40.46", "-79.92"):
        assert secret not in text


def test_the_package_is_hsds_3(ws: Workspace) -> None:
    frames = hsds_frames(ws, include_contacts=True)
    assert list(frames["organizations.csv"].columns) == [
        "id",
        "name",
        "alternate_name",
        "description",
        "email",
        "website",
        "tax_status",
        "tax_id",
        "year_incorporated",
        "legal_status",
        "logo",
        "uri",
        "parent_organization_id",
    ]
    services = frames["services.csv"].set_index("id")
    assert services.loc["S2", "organization_id"] == "P1"
    assert services.loc["S1", "fees_description"] == "Free"
    assert set(services["status"]) == {"active"}
    links = frames["service_at_location.csv"].set_index("service_id")["location_id"].to_dict()
    assert links == {
        "S1": "partner-location-P1",  # at its partner's location
        "S2": "service-location-S2",
        "S3": "partner-location-P2",
        "S4": "service-location-S4",
        "S5": "service-location-S5",
    }
    categories = frames["attributes.csv"].merge(
        frames["taxonomy_terms.csv"], left_on="taxonomy_term_id", right_on="id"
    )
    category = categories[categories["code"] == "category"]
    assert dict(zip(category["link_id"], category["name"], strict=True))["S3"] == "Shelter"
    languages = frames["languages.csv"]
    assert list(languages[languages["location_id"] == "partner-location-P1"]["code"]) == [
        "en",
        "es",
        "",  # Klingon has no code in the dashboard's list
    ]
    with zipfile.ZipFile(io.BytesIO(hsds_zip(ws, include_contacts=True))) as zf:
        spec = json.loads(zf.read("datapackage.json"))
        organizations = zf.read("organizations.csv").decode("utf-8")
    assert spec["version"] == "3.0.0" and spec["profile"] == "tabular-data-package"
    names = [r["name"] for r in spec["resources"]]
    assert names[:4] == ["organization", "service", "location", "address"]
    assert names[-1] == "partnership_relationship"
    service = next(r for r in spec["resources"] if r["name"] == "service")
    assert service["schema"]["foreignKeys"] == [
        {"fields": "organization_id", "reference": {"resource": "organization", "fields": "id"}}
    ]
    assert service["rows"] == 5
    assert "'=HYPERLINK" in organizations  # Excel would run it; the importer strips the '
    assert "\r\n" in organizations


def test_contacts_are_left_out_unless_asked_for(ws: Workspace) -> None:
    with zipfile.ZipFile(io.BytesIO(hsds_zip(ws))) as zf:
        text = "".join(zf.read(n).decode("utf-8-sig") for n in zf.namelist())
    for contact in ("Dana Rivera", "dana@la.org", "+1 412 555 0100", "ann@sh.org"):
        assert contact not in text
    back = import_hsds(hsds_zip(ws), name="x.zip")
    assert set(back.partners[s.CONTACT_NAME]) == {""}
    assert list(back.partners[s.NAME]) == list(ws.partners[s.NAME])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("@cmd", "'@cmd"),
        ("+1 412 555 0100", "+1 412 555 0100"),
        ("-79.99", "-79.99"),
        ("-Closed-", "'-Closed-"),
        ("+ more", "'+ more"),
        ("Legal Aid", "Legal Aid"),
    ],
)
def test_cells_excel_would_run_are_escaped(value: str, expected: str) -> None:
    assert hsds_safe(value) == expected


def test_an_imported_real_directory_round_trips(realdata: Path) -> None:
    first = import_hsds(realdata / "ohana_api_sample_csv", default_category="Care")
    assert len(first.services) == 23
    back = import_hsds(hsds_zip(first, include_contacts=True), name="ohana-hsds.zip")
    assert_same(first, back)
