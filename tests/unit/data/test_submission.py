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
