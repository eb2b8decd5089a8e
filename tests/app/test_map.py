"""Map page: filters drive the summary and the table, details beside the map, placement."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from mapping.data import schema as s
from mapping.data.store import WorkspaceStore
from mapping.data.workspace import Workspace
from mapping.places.geocoding import GeocoderSettings, load_settings, save_settings
from tests import sample_facts as F
from tests.app.conftest import APP, frame_with, texts, unescape
from tests.unit.helpers import csv, load

AGENT = "Three Rivers Partnership resource map (facilitator@partnership.org)"


def test_the_map_page_on_the_sample_community(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page("pages/map.py")
    page = texts(at)
    assert (
        f"Showing **{F.PARTNERS}** of {F.PARTNERS} partners and **{F.SERVICES}** of "
        f"{F.SERVICES} services." in page
    )
    assert "10 confidential location(s) are shown only at their ZIP code or city centre" in page
    assert at.get("component_instance")  # the map itself (streamlit-folium)
    table = frame_with(at, "type", "id", "placed at")
    assert len(table) == F.PARTNERS + F.SERVICES
    assert set(table["placed at"]) == {
        "coordinates from the file",
        "ZIP code centre",
        "city centre",
        "ZIP code centre (approximate: confidential)",
    }
    summary = frame_with(at, "precision", "placed at", "rows")
    assert dict(zip(summary["precision"], summary["rows"], strict=True)) == {
        "given": 11,
        "street": 0,
        "zip": 36,  # the funder (issue 17) has a street address, placed offline by its ZIP
        "city": 3,
        "none": 0,
    }
    assert "Every partner and service is on the map" in page
    assert "zipcodes package (MIT licence" in page  # the data attribution


def test_filters_drive_the_summary_and_the_table(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page("pages/map.py")
    at.multiselect(key="map_sectors").set_value(["Legal aid"]).run()
    assert not at.exception
    assert f"Showing **6** of {F.PARTNERS} partners" in texts(at)
    table = frame_with(at, "type", "id", "placed at")
    partners = table[table["type"] == "Partner"]
    assert len(partners) == 6
    assert set(partners["sector or category"]) == {"Legal aid"}
    at.multiselect(key="map_languages").set_value(["Arabic"]).run()
    assert "(sector Legal aid; language Arabic)" in texts(at)


def test_a_shared_link_opens_the_same_view(db_path: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("pages/map.py")
    at.query_params["map_sectors"] = ["Legal aid", "Housing"]
    at.query_params["map_languages"] = "Spanish"
    at.run()
    assert not at.exception
    assert at.multiselect(key="map_sectors").value == ["Legal aid", "Housing"]
    assert "(sector Legal aid or Housing; language Spanish)" in texts(at)


def test_details_beside_the_map(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page("pages/map.py")
    assert "The details, services and relationships of a partner show here." in texts(at)
    at.selectbox(key="map_detail").set_value("P02").run()
    assert not at.exception
    page = texts(at)
    assert "Safe Harbor Shelter" in page
    assert "**Location:** confidential; shown only at 15206" in page
    services = frame_with(at, "service", "category", "who it serves")
    assert "Shelter" in set(services["category"])
    rels = frame_with(at, "with", "described by", "level")
    assert "Allegheny Anti-Trafficking Coalition" in set(rels["with"])
    assert rels["level"].iloc[0] == "collaboration"  # deepest first


def test_rows_that_cannot_be_placed_are_listed_to_correct(open_page, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = load(
        csv(
            "partner_id,name,sector,zip,city,state,latitude,longitude",
            "P1,Placed,Health,15222,,,,",
            "P2,Lost,Health,99999,Nowhereville,PA,,",
            "P3,Far away,Health,15222,,,39.9526,-75.1652",
        )
    )
    WorkspaceStore(db_path).save(ws, action="test", note="unplaced")
    at = open_page("pages/map.py")
    page = texts(at)
    assert "1 could not be placed" in page
    editor = frame_with(at, "partner_id", "note", "zip", "latitude")
    assert list(editor["partner_id"]) == ["P2", "P3"]
    assert editor["note"][0].startswith("Not on the map: ZIP code 99999")
    assert "miles from the centre of its ZIP code 15222" in editor["note"][1]


def test_online_geocoder_settings_refuse_a_sample_user_agent(open_page, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    at = open_page("pages/map.py")
    at.toggle(key="map_geo_online").set_value(True)
    at.text_input(key="map_geo_agent").set_value("my-application")
    at.button(key="map_geo_save").click().run()
    assert any("Not saved: the online geocoder's user agent" in unescape(e.value) for e in at.error)
    assert load_settings(WorkspaceStore(db_path)) == GeocoderSettings()
    at.text_input(key="map_geo_agent").set_value(AGENT)
    at.button(key="map_geo_save").click().run()
    assert not at.exception
    assert load_settings(WorkspaceStore(db_path)) == GeocoderSettings(True, user_agent=AGENT)
    assert "Settings saved." in texts(at)
    start = at.button(key="map_geo_start")
    assert start.label.startswith("Look up ") and "address(es) online" in start.label


def test_an_unusable_saved_setting_is_explained(open_page, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = WorkspaceStore(db_path)
    at = open_page("pages/map.py")  # creates the sample workspace
    save_settings(store, GeocoderSettings(online=True, user_agent=""))
    at.run()
    assert any("user agent is empty" in w.value for w in at.warning)
    assert not [b for b in at.button if b.key == "map_geo_start"]


def test_the_map_page_on_an_empty_workspace(open_page, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    WorkspaceStore(db_path).save(Workspace(), action="empty", note="Empty")
    at = open_page("pages/map.py")
    assert "The workspace is empty" in texts(at)
    assert not at.get("component_instance")


def test_the_page_never_shows_a_confidential_address(open_page, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    at: AppTest = open_page("pages/map.py")
    at.selectbox(key="map_detail").set_value("P03").run()
    page = texts(at)
    assert "Riverbend" in page and "**Address:**" not in page.split("Riverbend", 1)[1]
    table = frame_with(at, "type", "id", "placed at")
    row = table[table["id"] == "P03"].iloc[0]
    assert row["placed at"] == "ZIP code centre (approximate: confidential)"
    assert s.ADDRESS not in table.columns


def test_every_partners_details_open(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page("pages/map.py")
    ids = list(at.selectbox(key="map_detail").options)
    assert len(ids) == F.PARTNERS
    for label in ids:
        at.selectbox(key="map_detail").set_value(_id_of(at, label)).run()
        assert not at.exception, label
        assert "Services (" in texts(at) and "Works with (" in texts(at)


def _id_of(at: AppTest, label: str) -> str:
    """The partner_id behind a name shown in the partner list."""
    table = frame_with(at, "type", "id", "name")
    return str(table.loc[(table["type"] == "Partner") & (table["name"] == label), "id"].iloc[0])


def test_the_coverage_gaps_of_a_category_on_the_map(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page("pages/map.py")
    at.selectbox(key="map_gap_category").set_value("Childcare").run()
    assert not at.exception
    page = texts(at)
    assert (
        "909,478 of the region's 2,023,672 residents (45%) live where no childcare provider is "
        "within 10 miles: the marked areas, larger where more residents live." in page
    )
    # The ZIP count stays beside it, with the source and year of the residents.
    assert "124 of 209 ZIP areas have no childcare within 10 miles" in page
    assert "(2020 Census, Table P1" in page


def test_a_partner_card_says_what_it_brings_escaped(open_page, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = load(
        csv(
            "partner_id,name,sector,zip,expertise,funds,successes,barriers",
            "P1,River Fund,Funder,15222,Grant *writing*,Shelter|ESL,"
            "Funded a [navigator](https://evil.example),<b>No staff</b>",
        )
    )
    WorkspaceStore(db_path).save(ws, action="test")
    at = open_page("pages/map.py")
    at.selectbox(key="map_detail").set_value("P1").run()
    assert not at.exception
    card = next(m.value for m in at.markdown if "**Expertise to share:**" in m.value)
    assert "**Expertise to share:** Grant \\*writing\\*" in card  # escaped, not emphasis
    assert "**Funds:** Shelter, ESL" in card
    assert "**Successes:** Funded a \\[navigator\\]\\(https\\://evil\\.example\\)" in card
    assert "**Barriers:** \\<b\\>No staff\\</b\\>" in card


def test_the_gap_layer_counts_a_need_layer_when_chosen(open_page, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui import state as k

    at = open_page("pages/map.py")
    at.selectbox(key="map_gap_category").set_value("Childcare").run()
    assert k.MAP_WEIGHT not in [w.key for w in at.selectbox]  # no need layer uploaded yet
    (component,) = at.get("component_instance")
    assert "residents): a coverage gap" in str(component.proto)  # each ring says its people
    values = {"15132": 400.0, "15222": 100.0}
    WorkspaceStore(db_path).set_setting(
        "need_layers",
        {
            "households in poverty": {
                "name": "households in poverty",
                "source": "acs.csv, column poverty",
                "key": "ZIP",
                "values": values,
                "uploaded": "2026-12-05",
            }
        },
    )
    at.run()
    at.selectbox(key=k.MAP_WEIGHT).set_value("Need layer: households in poverty").run()
    assert not at.exception
    page = texts(at)
    assert "of the region's 500 households in poverty" in page
    assert "the most households in poverty within reach" in page
    assert "residents (45%)" not in page
    # the drawn map sizes and labels its gap markers by the same layer
    (component,) = at.get("component_instance")
    drawn = str(component.proto)
    assert "households in poverty): a coverage gap" in drawn
    assert "residents): a coverage gap" not in drawn
