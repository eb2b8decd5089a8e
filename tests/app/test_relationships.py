"""Relationships page: the network and every chart read from its Plotly figure JSON and
checked against the analysis; focus, ranking, introductions, escaping, empty data."""

from __future__ import annotations

from typing import Any

from streamlit.testing.v1 import AppTest

from mapping.analysis import network as n
from mapping.data import schema as s
from mapping.data.store import WorkspaceStore
from mapping.data.workspace import Workspace
from tests import sample_facts as F
from tests.app.conftest import APP, figures, frame_with, texts
from tests.unit.helpers import csv, load, two_partners
from ui import state as k

PAGE = "pages/relationships.py"


def by_title(at: AppTest) -> dict[str, dict[str, Any]]:
    return {f["layout"]["title"]["text"]: f for f in figures(at)}


def drawn(fig: dict[str, Any]) -> list[dict[str, Any]]:
    """The traces that draw something (not the legend-only ones)."""
    return [t for t in fig["data"] if t.get("meta") != "legend"]


def segments(trace: dict[str, Any]) -> int:
    return sum(1 for v in trace["x"] if v is None)


def test_the_sample_network_and_its_charts(open_page, sample_ws) -> None:  # type: ignore[no-untyped-def]
    at = open_page(PAGE)
    page = texts(at)
    assert (
        f"{F.PARTNERS} partners share {F.PAIRS} working relationships (6% of all possible pairs)"
        in page
    )
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {
        "Partners": f"{F.PARTNERS}",
        "Relationships (partner pairs)": f"{F.PAIRS}",
        "Density": "6%",
        "Connected groups": "5",
        "Partners with no relationship": "2",
        "Average trust (1-4)": "3.1",
    }
    charts = by_title(at)
    graph = charts["Partner network"]
    nodes = [t for t in drawn(graph) if t["mode"] == "markers+text"]
    edges = [t for t in drawn(graph) if t["mode"] == "lines"]
    assert sum(len(t["x"]) for t in nodes) == F.PARTNERS
    pairs = n.relationship_pairs(sample_ws.relationships)
    per_level = pairs["level"].value_counts().to_dict()
    assert {t["name"]: segments(t) for t in edges} == per_level
    widths = {t["name"]: t["line"]["width"] for t in edges}
    assert widths["cooperation"] < widths["coordination"] < widths["collaboration"]
    legend = [t["name"] for t in graph["data"] if t.get("meta") == "legend"]
    assert legend[:3] == ["cooperation", "coordination", "collaboration"]
    assert "Victim services" in legend and "Community and faith" in legend
    victim = next(t for t in nodes if t["name"] == "Victim services")
    sizes = {
        row[0]: size
        for row, size in zip(victim["customdata"], victim["marker"]["size"], strict=True)
    }
    assert max(sizes.values()) == sizes["Allegheny Anti-Trafficking Coalition"]

    rank = charts["Partners by relationships"]["data"][0]
    assert rank["y"][-1] == "Allegheny Anti-Trafficking Coalition" and rank["x"][-1] == 16
    brokers = charts["Brokers across sectors"]["data"][0]
    assert brokers["y"][-2:] == [
        "Allegheny County Human Services",
        "Allegheny Anti-Trafficking Coalition",
    ]
    assert brokers["x"][-2:] == [39, 103]  # both broker for the funder too (issue 17)

    overlap = charts["Overlap: the same categories to the same ZIP areas (%)"]["data"][0]
    z = overlap["z"]
    assert all(z[i][j] == z[j][i] for i in range(len(z)) for j in range(len(z)))
    steel = next(i for i, label in enumerate(overlap["y"]) if "(P09)" in label)
    hospitality = next(i for i, label in enumerate(overlap["y"]) if "(P10)" in label)
    assert z[steel][hospitality] == 90

    sectors = charts["Relationships between sectors"]["data"][0]
    legal, victim_row = sectors["y"].index("Legal aid"), sectors["y"].index("Victim services")
    assert sectors["z"][legal][victim_row] == sectors["z"][victim_row][legal] == 6
    sankey = charts["Referral relationships between sectors"]["data"][0]
    flows = n.referral_flows(sample_ws.partners, sample_ws.relationships)
    assert sum(sankey["link"]["value"]) == int(flows["relationships"].sum()) == 50
    assert "Victim services →" in sankey["node"]["label"]

    ranked = frame_with(at, "betweenness", "trust_received").set_index(s.NAME)
    assert ranked.loc["Safe Harbor Shelter", "trust_received"] == 4.0
    disagreements = frame_with(at, "says", "who says")
    assert len(disagreements) == 3
    assert set(disagreements["partner"]) == {
        "Allegheny Anti-Trafficking Coalition",
        "Hope Rising Youth Outreach",
    }
    intro = frame_with(at, "could meet", "introducers")
    assert intro.iloc[0]["partner"] == "Safe Harbor Shelter"
    assert intro.iloc[0]["could meet"] == "Allegheny County Human Services"
    assert not at.exception


def test_focus_ranking_and_cross_sector_introductions(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page(PAGE)
    at.selectbox(key=k.RELATIONSHIPS_FOCUS).set_value("P37").run()
    charts = by_title(at)
    title = "Partner network: Allegheny County Human Services and its 10 partners"
    assert title in charts
    nodes = [t for t in drawn(charts[title]) if t["mode"] == "markers+text"]
    bright = sum(1 for t in nodes for o in t["marker"]["opacity"] if o == 1.0)
    assert bright == 11
    assert "Allegheny County Human Services works with 10 partners" in texts(at)
    intro = frame_with(at, "could meet", "introducers")
    assert set(intro["partner"]) == {"Allegheny County Human Services"}
    at.checkbox(key=k.RELATIONSHIPS_CROSS_SECTOR).check().run()
    intro = frame_with(at, "could meet", "introducers")
    assert (intro["sector"] != intro["their sector"]).all()
    at.selectbox(key=k.RELATIONSHIPS_METRIC).set_value("betweenness").run()
    bar = by_title(at)["Partners by betweenness"]["data"][0]
    assert bar["y"][-1] == "Allegheny Anti-Trafficking Coalition"
    assert bar["x"][-1] > bar["x"][-2] > 0
    assert not at.exception


def test_a_link_with_a_focus_reopens_it(db_path) -> None:  # type: ignore[no-untyped-def]
    at = AppTest.from_file(APP, default_timeout=60)
    # The link holds the option as shown: the partner's name and id.
    at.query_params[k.RELATIONSHIPS_FOCUS] = "Allegheny Anti-Trafficking Coalition (P01)"
    at.switch_page(PAGE).run()
    assert any(
        t.startswith("Partner network: Allegheny Anti-Trafficking Coalition") for t in by_title(at)
    )
    assert not at.exception


def test_user_text_is_escaped_in_charts_and_readings(open_page, db_path) -> None:  # type: ignore[no-untyped-def]
    ws = load(
        csv(
            "partner_id,name,sector,zip",
            "P1,<b>Bold</b> & *Co* $5,Health,15222",
            "P2,Plain Org,Housing,15213",
            "P3,Third [link](http://x.test),Legal aid,15213",
        ),
        csv("service_id,partner_id,category", "S1,P1,Shelter", "S2,P2,Shelter"),
        csv("source_id,target_id,level", "P1,P2,collaboration", "P1,P3,cooperation"),
    )
    WorkspaceStore(db_path).save(ws, action="test", note="odd names")
    at = open_page(PAGE)
    graph = by_title(at)["Partner network"]
    labels = [x for t in drawn(graph) if t["mode"] == "markers+text" for x in t["text"]]
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; *Co* $5" in labels
    assert not any("<b>Bold" in x for x in labels)
    markdown = "\n".join(m.value for m in at.markdown)  # the source sent to the browser
    assert "\\<b\\>Bold\\</b\\> & \\*Co\\* \\$5 bridges the most sectors" in markdown
    assert not at.exception


def test_no_relationships_yet(open_page, db_path) -> None:  # type: ignore[no-untyped-def]
    WorkspaceStore(db_path).save(load(two_partners()), action="test", note="no relationships")
    at = open_page(PAGE)
    assert "No relationships are recorded yet" in texts(at)
    assert "No partner links two partners of different sectors" in texts(at)
    assert "There is no network to draw" in texts(at)
    assert "Partner network" not in by_title(at)
    assert not at.exception


def test_an_empty_workspace(open_page, db_path) -> None:  # type: ignore[no-untyped-def]
    WorkspaceStore(db_path).save(Workspace(), action="empty", note="Empty")
    at = open_page(PAGE)
    assert "The workspace is empty" in texts(at) and not figures(at)
    assert not at.exception


def test_metric_names_come_from_the_schema() -> None:
    assert s.PARTNER_ID in n.METRIC_COLUMNS


# ---- issue 17: change over time between two named moments
def test_change_over_time_from_a_snapshot_to_now(open_page, db_path, sample_ws) -> None:  # type: ignore[no-untyped-def]
    at = open_page(PAGE)
    assert "Nothing to compare yet" in texts(at)
    at.text_input(key=k.RELATIONSHIPS_SNAPSHOT_NAME).input("kickoff")
    at.button(key=k.RELATIONSHIPS_SNAPSHOT_SAVE).click().run()
    assert "Saved the snapshot 'kickoff'" in texts(at)
    # six months later: a relationship was lost
    store = WorkspaceStore(db_path)
    later = Workspace(sample_ws.partners, sample_ws.services, sample_ws.relationships.iloc[2:])
    store.save(later, action="edit", note="six months")
    at.run()
    assert at.selectbox(key=k.RELATIONSHIPS_CHANGE_FROM).value == "Snapshot: kickoff"
    assert at.selectbox(key=k.RELATIONSHIPS_CHANGE_TO).value == "Now"
    assert "Ties per level, then and now" in by_title(at)
    page = texts(at)
    assert "From kickoff to now: 0 partners joined and 0 left" in page
    summary = frame_with(at, "metric", "before", "after", "change")
    assert "density (%)" in set(summary["metric"])
    details = frame_with(at, "change", "who or what", "from", "to")
    assert "tie lost" in set(details["change"])


def test_a_stakeholder_cannot_save_a_snapshot() -> None:
    from tests.app.meeting import facilitator_passcode_only, make_app, widget_keys

    member = make_app(PAGE, secrets=facilitator_passcode_only())
    assert k.RELATIONSHIPS_SNAPSHOT_SAVE not in widget_keys(member)
    assert k.RELATIONSHIPS_SNAPSHOT_NAME not in widget_keys(member)


# ---- issue 17: each partner rates its own relationships
def test_both_sides_rate_a_tie_and_the_differences_show(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page(PAGE)

    def rate(rater: str, other: str, level: str, reliability: int) -> None:
        at.selectbox(key=k.RELATIONSHIPS_RATE_RATER).set_value(rater)
        at.selectbox(key=k.RELATIONSHIPS_RATE_OTHER).set_value(other)
        at.selectbox(key=k.RELATIONSHIPS_RATE_LEVEL).set_value(level)
        at.radio(key=f"{k.RELATIONSHIPS_RATE_DIM_PREFIX}reliability").set_value(reliability)
        at.button(key=k.RELATIONSHIPS_RATE_SUBMIT).click().run()
        assert not at.exception

    rate("P01", "P02", "coordination", 4)
    assert "Thank you: your rating is in." in texts(at)
    rate("P02", "P01", "coordination", 1)
    page = texts(at)
    assert "2 ratings cover 1 ties, 1 rated by both sides; the two sides see 1 of them" in page
    table = frame_with(at, "Partner A", "Partner B", "What differs", "A says", "B says")
    assert table["What differs"].tolist() == ["reliability (trust)"]
    rate("P01", "P01", "coordination", 2)
    assert "not your own" in texts(at)
