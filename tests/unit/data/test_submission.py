"""An organization's own map from the form replaces its services and relationships."""

from __future__ import annotations

from mapping.data import schema as s
from mapping.data.submission import new_service_ids, organization_workspace
from tests.unit.helpers import csv, load, two_partners


def _base():  # type: ignore[no-untyped-def]
    return load(
        two_partners(),
        csv(
            "service_id,partner_id,category,zip",
            "S1,P1,Legal,",
            "S2,P1,Family law,",
            "S3,P2,Job training,",
        ),
        csv("source_id,target_id,level", "P1,P2,cooperation", "P2,P1,cooperation"),
    )


def test_form_replaces_the_partners_services_and_its_own_relationships() -> None:
    partner = {
        s.PARTNER_ID: "P1",
        s.NAME: "Legal Aid",
        s.SECTOR: "Legal aid",
        s.CITY: "Pittsburgh",
        s.STATE: "PA",
        s.ZIP: "15222",
        s.CONFIDENTIAL: "false",
        s.LANGUAGES: "English|Spanish",
    }
    services = [
        {s.SERVICE_ID: "S1", s.CATEGORY: "Legal", s.NAME: "Civil legal aid"},
        {s.CATEGORY: "Immigration legal aid", s.NAME: "T visas", s.RADIUS: "40"},
    ]
    rels = [{s.TARGET_ID: "P2", s.LEVEL: "coordination", s.REL_TYPE: "Referral", s.TRUST: "3"}]
    ws = organization_workspace(_base(), partner, services, rels)
    assert ws.errors == []
    assert sorted(ws.services[s.SERVICE_ID]) == ["P1-S1", "S1", "S3"]  # S2 removed
    new = ws.services.set_index(s.SERVICE_ID).loc["P1-S1"]
    assert new[s.CATEGORY] == "Immigration legal aid" and new[s.RADIUS] == 40
    assert new[s.AT_PARTNER_LOCATION] and new[s.ZIP] == "15222"
    rels_now = {
        (r[s.SOURCE_ID], r[s.TARGET_ID]): r[s.LEVEL] for _, r in ws.relationships.iterrows()
    }
    assert rels_now == {("P1", "P2"): "coordination", ("P2", "P1"): "cooperation"}
    assert ws.partners.set_index(s.PARTNER_ID).loc["P1", s.LANGUAGES] == "English|Spanish"


def test_a_new_organization_and_a_form_with_errors() -> None:
    partner = {s.PARTNER_ID: "P3", s.NAME: "Clinic", s.SECTOR: "Helth"}
    ws = organization_workspace(_base(), partner, [{s.CATEGORY: "Medical care"}], [])
    assert [p.kind for p in ws.errors] == ["unknown_sector", "unknown_partner"]
    assert "Did you mean 'Health'?" in ws.errors[0].message
    assert ws.errors[0].file == "organization form: organization"


def test_new_service_ids_skip_used_ones() -> None:
    ws = load(two_partners(), csv("service_id,partner_id,category", "P1-S1,P1,Legal"))
    assert new_service_ids(ws, "P1", 2) == ["P1-S2", "P1-S3"]


def _placed():  # type: ignore[no-untyped-def]
    return load(
        csv(
            "partner_id,name,sector,address,city,state,zip,latitude,longitude,website",
            "P1,Legal Aid,Legal aid,436 Grant St,Pittsburgh,PA,15219,40.4381,-79.9966,https://la.org",
        ),
        csv("service_id,partner_id,category", "S1,P1,Legal"),
    )


def _form(**changes: str) -> dict[str, object]:
    """What the organization form sends: its fields only (it has no coordinates)."""
    form: dict[str, object] = {
        s.PARTNER_ID: "P1",
        s.NAME: "Legal Aid",
        s.SECTOR: "Legal aid",
        s.ADDRESS: "436 Grant St",
        s.CITY: "Pittsburgh",
        s.STATE: "PA",
        s.ZIP: "15219",
        s.CONFIDENTIAL: "false",
        s.CONTACT_NAME: "",
        s.CONTACT_EMAIL: "",
        s.PHONE: "",
        s.WEBSITE: "https://la.org",
        s.NOTES: "Walk-ins on Mondays",
        s.LANGUAGES: "",
        s.POPULATIONS: "",
    }
    return {**form, **changes}


def test_the_form_keeps_the_partners_own_coordinates_and_its_services() -> None:
    ws = organization_workspace(_placed(), _form(), [{s.SERVICE_ID: "S1", s.CATEGORY: "Legal"}], [])
    assert ws.errors == []
    p = ws.partners.iloc[0]
    assert (p[s.LATITUDE], p[s.LONGITUDE]) == (40.4381, -79.9966)
    assert p[s.NOTES] == "Walk-ins on Mondays"
    svc = ws.services.iloc[0]
    assert svc[s.AT_PARTNER_LOCATION] and (svc[s.LATITUDE], svc[s.LONGITUDE]) == (40.4381, -79.9966)


def test_a_form_that_moves_the_partner_clears_the_old_coordinates() -> None:
    ws = organization_workspace(_placed(), _form(**{s.ADDRESS: "1 Smithfield St"}), [], [])
    p = ws.partners.iloc[0]
    assert p[s.ADDRESS] == "1 Smithfield St" and p[s.LATITUDE] != p[s.LATITUDE]  # NaN


def test_the_form_changes_only_the_columns_it_has() -> None:
    partner = {s.PARTNER_ID: "P1", s.NAME: "Legal Aid", s.SECTOR: "Legal aid"}
    ws = organization_workspace(_placed(), partner, [], [])
    assert ws.partners.iloc[0][s.WEBSITE] == "https://la.org"
