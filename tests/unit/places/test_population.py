"""Residents per delivery ZIP area (2020 Census DHC P1 by ZCTA), shipped offline and matched
to the gazetteer's delivery areas; PO-box ZCTAs count in the nearest delivery area."""

from __future__ import annotations

import gzip
import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from mapping.places import population as pop
from mapping.places.gazetteer import get_gazetteer, haversine_miles

ROOT = Path(__file__).resolve().parents[3]


def test_the_shipped_table_is_small_and_holds_the_published_counts() -> None:
    assert pop.POPULATION_FILE.stat().st_size < 300_000  # a few hundred KB at most
    z = pop.zcta_residents()
    assert len(z) == 33_774 and z.index.is_unique
    assert int(z.sum()) == 334_726_586  # SOURCE.txt: the whole file
    assert (int(z["10025"]), int(z["60629"]), int(z["90210"])) == (95_424, 114_453, 21_134)
    assert z.index[0] == "00601"  # leading zeros kept


def test_every_resident_is_counted_once_in_a_delivery_area() -> None:
    m = pop.matching_summary()
    assert m.same_code + m.folded + m.unplaced == m.zctas == 33_774
    assert (m.folded, m.unplaced, m.areas_without_zcta) == (4_280, 0, 312)
    areas = get_gazetteer().areas()
    counted = pop.area_residents(areas["area"]).sum()
    assert counted == m.residents - m.unplaced_residents == 334_726_586


def test_a_po_box_zcta_counts_in_the_nearest_delivery_area_of_its_state() -> None:
    gaz = get_gazetteer()
    z = pop.zcta_residents()
    delivery = gaz.areas()
    known, served = set(gaz.zips.index), set(delivery["area"])
    po_box = [c for c in z.index if c in known and c not in served]
    code = po_box[100]
    state = gaz.zips.loc[code, "state"]
    pool = delivery[delivery["state"] == state]
    d = haversine_miles(
        gaz.zips.loc[code, "latitude"],
        gaz.zips.loc[code, "longitude"],
        pool["latitude"].to_numpy(),
        pool["longitude"].to_numpy(),
    )
    nearest = pool["area"].iloc[int(d.argmin())]
    target = pop.nearest_delivery_areas([code])
    assert target[code] == nearest
    row = pop.residents_table([nearest]).iloc[0]
    assert row["added_residents"] >= z[code]
    assert row["residents"] == row["own_residents"] + row["added_residents"]


def test_areas_without_a_zcta_and_unknown_codes() -> None:
    t = pop.residents_table(["15213", "99999"])
    assert t.to_dict("records")[1] == {
        "area": "99999",
        "residents": 0,
        "own_residents": 0,
        "added_residents": 0,
        "matched_by": pop.MATCHED_NONE,
    }
    assert t["matched_by"].iloc[0] == pop.MATCHED_ZCTA
    assert t["own_residents"].iloc[0] == pop.zcta_residents()["15213"]


def test_the_region_note_names_source_and_year() -> None:
    note = pop.region_note(["15213", "15222"])
    expected = int(pop.area_residents(["15213", "15222"]).sum())
    assert note.startswith(f"{expected:,} residents in 2 ZIP areas (2020 Census, Table P1")
    assert "U.S. Census Bureau, 2020 Census" in pop.SOURCE and "Table P1" in pop.SOURCE


@pytest.mark.realdata
def test_the_script_rebuilds_the_shipped_table_from_the_census_file(
    realdata: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = importlib.util.spec_from_file_location(
        "make_population", ROOT / "scripts" / "make_population.py"
    )
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    out = tmp_path / "zcta.csv.gz"
    monkeypatch.setattr(script, "OUT", out)
    monkeypatch.setattr(script, "ROOT", tmp_path)
    source = realdata / "census_zcta_population_2020" / "DECENNIALDHC2020.P1-Data.csv"
    script.main([str(source)])
    assert out.read_bytes() == pop.POPULATION_FILE.read_bytes()  # reproducible, byte for byte
    with gzip.open(out, "rt") as f:
        assert f.readline() == "zcta,residents\n"
    bad = tmp_path / "bad.csv"
    text = source.read_text().replace("ZCTA5 10025,95424", "ZCTA5 10025,95425")
    bad.write_text(text)
    with pytest.raises(SystemExit, match="expected 334726586 residents"):
        script.main([str(bad)])
    assert isinstance(pd.read_csv(out, dtype=str), pd.DataFrame)
