"""Change over time: snapshots (kept in their own table), and what changed between two
moments: partners, ties, levels, trust, density, coverage (issue 17)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from mapping.analysis import change as ch
from mapping.data.store import WorkspaceStore
from mapping.data.workspace import Workspace
from tests.unit.helpers import PARTNER_HEADER, csv, load

THREE = csv(
    PARTNER_HEADER,
    "P1,Legal Aid,Legal aid,Pittsburgh,PA,15222",
    "P2,Job Center,Workforce development,Pittsburgh,PA,15213",
    "P3,Safe Harbor,Victim services,Pittsburgh,PA,15206",
)
FOUR = THREE + b"P4,City College,Education,Pittsburgh,PA,15213\n"


def kickoff() -> Workspace:
    return load(
        THREE,
        relationships=csv(
            "source_id,target_id,level,type,trust",
            "P1,P2,cooperation,Referral,2",
            "P2,P3,cooperation,Referral,3",
        ),
    )


def six_months() -> Workspace:
    return load(
        FOUR,
        relationships=csv(
            "source_id,target_id,level,type,trust",
            "P1,P2,coordination,Referral|Joint outreach,3",
            "P1,P4,cooperation,Referral,3",
        ),
    )


def test_compare_two_moments() -> None:
    before = ch.Snapshot.of(kickoff(), "kickoff")
    after = ch.Snapshot.of(six_months(), "six months")
    change = ch.compare(before, after)
    assert change.joined == ["City College"] and change.left == []
    assert change.new_ties == [("Legal Aid", "City College", "cooperation")]
    assert change.lost_ties == [("Job Center", "Safe Harbor", "cooperation")]
    assert change.deeper == [("Legal Aid", "Job Center", "cooperation", "coordination")]
    summary = change.summary().set_index("metric")
    assert summary.loc["partners"].tolist() == [3, 4, 1]
    assert summary.loc["ties at coordination"].tolist() == [0, 1, 1]
    assert summary.loc["average trust (1-4)"].tolist() == [2.5, 3.0, 0.5]
    # density: 2 of 3 possible pairs, then 2 of 6
    assert summary.loc["density (%)"].tolist() == [66.7, 33.3, -33.4]
    assert ch.change_reading(change) == (
        "From kickoff to six months: 1 partners joined and 0 left; 1 new ties and 1 lost; "
        "1 ties deepened and 0 loosened; density went from 66.7% to 33.3%; average trust "
        "from 2.50 to 3.00; 0 service categories gained and 0 lost."
    )
    details = change.details()
    assert list(details["change"]) == ["partner joined", "new tie", "tie lost", "tie deepened"]
    frame = change.level_frame()
    assert list(frame.columns) == ["level", "kickoff", "six months"]


def test_snapshots_are_kept_by_name_and_outlast_versions(tmp_path: Path) -> None:
    store = WorkspaceStore(tmp_path / "db.sqlite3")
    snaps = ch.Snapshots(store)
    snaps.save("  kickoff ", kickoff(), 1)
    snaps.save("six months", six_months())
    assert [s.name for s in snaps.all()] == ["kickoff", "six months"]
    back = snaps.get("kickoff")
    assert back.partners == ch.Snapshot.of(kickoff(), "x").partners
    assert back.ties[("P1", "P2")] == ("cooperation", 2.0)
    with pytest.raises(ch.SnapshotError, match="give the snapshot a name"):
        snaps.save(" ", kickoff())
    with pytest.raises(ch.SnapshotError, match="at most 60 characters"):
        snaps.save("x" * 61, kickoff())
    with pytest.raises(ch.SnapshotError, match="no snapshot named 'later'"):
        snaps.get("later")
    snaps.remove("kickoff")
    assert [s.name for s in snaps.all()] == ["six months"]


def test_coverage_gained_and_lost(sample_ws: Workspace) -> None:
    before = ch.Snapshot.of(sample_ws, "before")
    fewer = Workspace(
        sample_ws.partners,
        sample_ws.services[sample_ws.services["category"] != sorted(before.categories)[0]],
        sample_ws.relationships,
    )
    change = ch.compare(before, ch.Snapshot.of(fewer, "after"))
    assert change.categories_lost == [sorted(before.categories)[0]]
    assert change.categories_gained == []


def test_an_empty_workspace_has_no_ties_and_no_trust() -> None:
    snap = ch.Snapshot.of(Workspace(), "empty")
    assert snap.ties == {} and snap.density == 0.0 and math.isnan(snap.average_trust)
    roundtrip = ch.Snapshot.from_json("empty", snap.taken_at, snap.to_json())
    assert roundtrip == snap
