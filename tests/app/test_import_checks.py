"""Issue 16 in the app: coordinates far from their ZIP code in the import preview, and the
services not yet categorised, categorised per term on the Import tab and listed on Gaps."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

from mapping import import_hsds
from mapping.data import schema as s
from mapping.data.store import WorkspaceStore
from mapping.interop.categorise import load_pending_terms
from mapping.interop.crosswalk import TERM_MAP_SETTING
from tests.app.conftest import frame_with, texts
from tests.app.test_import import upload
from tests.unit.interop.test_categorise import _two_waiting
from tests.unit.interop.test_hsds_directories import far_package
from ui import state as k


def test_coordinates_far_from_their_zip_are_shown_before_importing(
    open_page: Callable[[str], AppTest],
) -> None:
    at = upload(open_page("pages/data.py"), sorted(far_package().items()))
    assert at.selectbox(key="import_format").value == "hsds"
    assert any("2 location(s) have coordinates more than 25 miles" in w.value for w in at.warning)
    table = frame_with(at, "kind", "id", "miles from ZIP centre")
    assert table[["kind", "id"]].values.tolist() == [["partner", "o3"], ["partner", "o2"]]


def test_services_not_yet_categorised_are_categorised_per_term(
    open_page: Callable[[str], AppTest], db_path: Path
) -> None:
    at = upload(open_page("pages/data.py"), sorted(_two_waiting().items()))
    at.radio(key="import_mode").set_value("replace").run()
    at.button(key="import_commit").click().run()
    assert not at.exception, at.exception
    store = WorkspaceStore(db_path)
    assert set(load_pending_terms(store)) == {"s9", "s10", "s11"}
    assert "Services not yet categorised: 3." in texts(at)
    (editor,) = [e for e in at.data_editor if e.key == k.IMPORT_UNCATEGORISED_TERMS]
    assert editor.value[["term", "services"]].values.tolist() == [
        ["Pet Adoption Days", 2],
        ["Pet Fairs", 1],
    ]
    at.session_state[k.IMPORT_UNCATEGORISED_TERMS] = {
        "edited_rows": {0: {"category": "Peer support"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.button(key=k.IMPORT_UNCATEGORISED_APPLY).click().run()
    assert not at.exception, at.exception
    assert any(m.value.startswith("2 service") and "1 still wait" in m.value for m in at.success)
    ws = store.load()
    got = ws.services.set_index(s.SERVICE_ID)[s.CATEGORY]
    assert (got["s9"], got["s10"], got["s11"]) == (s.UNCATEGORISED, "Peer support", "Peer support")
    assert store.get_setting(TERM_MAP_SETTING) == {"pet adoption day": "Peer support"}
    assert set(load_pending_terms(store)) == {"s9"}
    assert "Services not yet categorised: 1." in texts(at)


def test_the_gaps_page_lists_the_services_not_yet_categorised(
    open_page: Callable[[str], AppTest], db_path: Path
) -> None:
    WorkspaceStore(db_path).save(import_hsds(_two_waiting()), action="import hsds (replace)")
    at = open_page("pages/gaps.py")
    assert not at.exception, at.exception
    assert any("3 service(s) are not yet categorised" in i.value for i in at.info)
    listed = frame_with(at, "service", "partner", "city")
    assert listed["service"].tolist() == ["Service 9", "Service 10", "Service 11"]
