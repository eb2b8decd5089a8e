"""Recommendation page: answer by widget keys, read the recommendation and the chart data,
save for everyone, reload, start over, partner pairs, an empty workspace."""

from __future__ import annotations

from mapping.data.store import WorkspaceStore
from mapping.data.workspace import Workspace
from mapping.partnership import recommend as r
from tests import sample_facts as F
from tests.app.conftest import figures, frame_with, texts
from tests.app.meeting import widget_keys
from ui import state as k

PAGE = "pages/recommend.py"
READY_FOR_COLLABORATION = {
    "goal": "new_program",
    "knows_community_needs": "yes",
    "communication_agreement": "yes",
    "exchanges_information": "yes",
    "named_leads": "yes",
    "defined_roles": "yes",
    "written_agreement": "yes",
    "shared_mission": "yes",
    "shared_decisions": "yes",
}


def answer(at, **values):  # type: ignore[no-untyped-def]
    """Set questions by answer key (widget values: yes/no/unsure, choices, a number)."""
    for key, value in values.items():
        widget = k.RECOMMEND_QUESTION_WIDGETS[key]
        if key == "partner_count":
            at.number_input(key=widget).set_value(value)
        else:
            at.radio(key=widget).set_value(value)
    at.run()
    assert not at.exception, at.exception
    return at


def readiness(at) -> dict[str, float]:  # type: ignore[no-untyped-def]
    fig = figures(at)[0]
    bar = fig["data"][0]
    assert fig["layout"]["title"]["text"] == "Readiness for each level"
    return dict(zip(bar["y"], bar["x"], strict=True))


def test_opens_prefilled_from_the_workspace_and_says_so(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page(PAGE)
    values = {key: at.session_state[w] for key, w in k.RECOMMEND_QUESTION_WIDGETS.items()}
    assert values == {
        "goal": "unsure",  # a goal is a choice, never pre-filled (issue 17)
        "knows_community_needs": "unsure",
        "communication_agreement": "unsure",
        "shares_resources": "yes",
        "exchanges_information": "yes",
        "trust": "medium",
        "named_leads": "unsure",
        "shared_mission": "unsure",
        "defined_roles": "unsure",
        "written_agreement": "unsure",  # pairwise MOUs are a hint, not the answer
        "shared_decisions": "unsure",
        "partner_count": F.PARTNERS,
        "lead_funding": "unsure",
        "equity_priority": "unsure",
    }
    page = texts(at)
    assert page.count("**Pre-filled from the workspace.**") == 4
    assert "4 of 14 answers are pre-filled from the workspace" in page
    assert page.count("**What the workspace shows.** 12 of the 80 relationships") == 2
    assert page.count("Why we ask:") == 14
    assert "other frameworks order cooperating and coordinating differently" in page.lower()
    assert [t.label for t in at.tabs] == [
        "Questions",
        "Recommendation",
        "Each partner",
        "Partner pairs",
        "Save and export",
    ]
    assert "### Start with cooperation" in page
    # a deeper level is never more ready than the level below it (issue 17)
    assert readiness(at) == {"collaboration": 0, "coordination": 0, "cooperation": 0}


def test_answering_updates_words_chart_reasons_and_plan(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page(PAGE)
    answer(
        at,
        goal="new_program",
        written_agreement="yes",
        knows_community_needs="yes",
        communication_agreement="yes",
        named_leads="yes",
    )
    page = texts(at)
    assert "### Work together at the coordination level" in page
    assert readiness(at) == {
        "collaboration (your goal)": 56,
        "coordination": 100,
        "cooperation": 100,
    }
    table = frame_with(at, "level", "in place", "needed")
    assert table[["level", "in place", "needed"]].values.tolist() == [
        ["cooperation", 2, 2],
        ["coordination", 5, 5],
        ["collaboration", 5, 9],
    ]
    # reasons name the answers; the plan is a checklist
    assert (
        "Coordination needs are in place: trust is medium, partners already exchange "
        "information regularly and each organization has named a lead.  \n  :gray[*Because "
        "you answered* trust: **Medium**; exchange information: **Yes**; named leads: **Yes**]"
    ) in page
    steps = next(m for m in at.markdown if m.value.startswith("- [ ] ")).value.splitlines()
    assert len(steps) == 4 and "Draft a Memorandum" not in page  # the MOU is in place
    # leadership and decisions side by side, with pros and cons
    assert "#### Who leads: Core group" in page and "#### How you decide: Representative" in page
    assert page.count("**Pros**") == 2
    # a changed pre-filled answer says so
    answer(at, trust="high", shares_resources="no")
    assert "**Changed by the group.** The workspace suggested “Yes”" in texts(at)
    assert "**Changed by the group.** The workspace suggested “Medium" in texts(at)


def test_ready_for_the_goal_means_no_plan(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page(PAGE)
    answer(
        at,
        trust="high",
        lead_funding="one_partner_funded",
        partner_count=5,
        **READY_FOR_COLLABORATION,
    )
    page = texts(at)
    assert "### Work together at the collaboration level" in page
    assert "Nothing to build first" in page
    assert readiness(at) == {
        "collaboration (your goal)": 100,
        "coordination": 100,
        "cooperation": 100,
    }
    assert "#### Who leads: Primary lead" in page
    assert "#### How you decide: Consensus" in page
    answer(at, goal="share_resources")
    assert "#### How you decide: Consensus" in texts(at)  # partners already decide together
    answer(at, shared_decisions="no")
    page = texts(at)
    assert "### Work together at the cooperation level" in page
    assert "#### How you decide: Hierarchical" in page


def test_save_for_everyone_and_reload(open_page, db_path) -> None:  # type: ignore[no-untyped-def]
    at = open_page(PAGE)
    answer(at, named_leads="yes", lead_funding="shared")
    at.text_input(key=k.RECOMMEND_PARTNERSHIP).set_value("Valley Partnership").run()
    assert "Not saved yet" in texts(at)
    at.button(key=k.RECOMMEND_SAVE).click().run()
    assert not at.exception
    saved = WorkspaceStore(db_path).get_setting(r.SETTING_KEY)
    assert saved["answers"]["named_leads"] is True
    assert saved["answers"]["lead_funding"] == "shared"
    assert saved["partnership"] == "Valley Partnership"
    assert saved["prefill"]["partner_count"]["value"] == F.PARTNERS
    assert "Everyone who opens this page sees these answers" in texts(at)

    # another link opens on the saved answers
    other = open_page(PAGE)
    assert other.session_state[k.RECOMMEND_NAMED_LEADS] == "yes"
    assert other.session_state[k.RECOMMEND_LEAD_FUNDING] == "shared"
    assert other.text_input(key=k.RECOMMEND_PARTNERSHIP).value == "Valley Partnership"
    assert "answers the facilitator saved for everyone" in texts(other)
    assert texts(other).count("**Pre-filled from the workspace.**") == 4

    # change an answer: the page says it differs, and the saved answers come back
    answer(other, named_leads="no")
    assert "These answers differ from the ones saved for everyone" in texts(other)
    other.button(key=k.RECOMMEND_LOAD_SAVED).click().run()
    assert other.session_state[k.RECOMMEND_NAMED_LEADS] == "yes"
    assert "The saved answers are back on screen." in texts(other)

    # start over from the workspace
    other.button(key=k.RECOMMEND_RESET).click().run()
    assert other.session_state[k.RECOMMEND_NAMED_LEADS] == "unsure"
    assert other.session_state[k.RECOMMEND_LEAD_FUNDING] == "unsure"
    assert other.session_state[k.RECOMMEND_PARTNER_COUNT] == F.PARTNERS


def test_answers_survive_a_visit_to_another_page(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page(PAGE)
    answer(at, equity_priority="yes", partner_count=12)
    at.switch_page("pages/home.py").run()
    at.switch_page(PAGE).run()
    assert at.session_state[k.RECOMMEND_EQUITY_PRIORITY] == "yes"
    assert at.number_input(key=k.RECOMMEND_PARTNER_COUNT).value == 12


def test_partner_pairs_tab(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page(PAGE)
    assert (
        f"{F.PAIRS} pairs of partners work together: 32 at cooperation, 35 at coordination and "
        "5 at collaboration; 30 could deepen next, and 3 are seen differently by the two "
        "partners; 2 are recorded at a level the rest of the record does not support: "
        "check them together."
    ) in texts(at)
    pairs_fig = figures(at)[1]
    assert [t["name"] for t in pairs_fig["data"]] == [
        "could deepen next",
        "seen differently",
        "check the recorded level",
        "build trust first",
        "deepest level",
    ]
    assert frame_with(at, "Partner A", "Status").shape[0] == F.PAIRS
    at.radio(key=k.RECOMMEND_PAIRS_SHOW).set_value("seen differently").run()
    table = frame_with(at, "Partner A", "Status")
    assert set(table["Status"]) == {"seen differently"} and len(table) == 3
    assert f"Showing 3 of {F.PAIRS} pairs." in texts(at)
    at.radio(key=k.RECOMMEND_PAIRS_SHOW).set_value("all").run()
    at.selectbox(key=k.RECOMMEND_PAIRS_PARTNER).set_value("P01").run()
    assert len(frame_with(at, "Partner A", "Status")) == 16


def test_an_unreadable_saved_setting_falls_back_to_the_workspace(open_page, db_path) -> None:  # type: ignore[no-untyped-def]
    WorkspaceStore(db_path).set_setting(r.SETTING_KEY, {"answers": {"goal": "everything"}})
    at = open_page(PAGE)
    assert any("answer 'goal'" in e.value for e in at.error)
    assert at.session_state[k.RECOMMEND_GOAL] == "unsure"  # the workspace's answers
    assert at.session_state[k.RECOMMEND_QUESTION_WIDGETS["trust"]] == "medium"


def test_an_empty_workspace(open_page, db_path) -> None:  # type: ignore[no-untyped-def]
    WorkspaceStore(db_path).save(Workspace(), action="empty", note="Empty")
    at = open_page(PAGE)
    page = texts(at)
    assert "The workspace is empty, so no answer is pre-filled" in page
    assert "No relationships are recorded yet" in page
    assert all(
        at.session_state[w] in ("unsure", None) for w in k.RECOMMEND_QUESTION_WIDGETS.values()
    )
    assert len(figures(at)) == 1  # readiness only
    answer(at, goal="joint_activity", **dict.fromkeys(list(READY_FOR_COLLABORATION)[1:5], "yes"))
    answer(at, trust="medium")
    assert "### Work together at the coordination level" in texts(at)


# ---- issue 17: each partner answers for itself
def _answer_as(at, partner: str, **values):  # type: ignore[no-untyped-def]
    at.selectbox(key=k.RECOMMEND_PARTNER_ORG).set_value(partner)
    for key, value in values.items():
        at.radio(key=f"{k.RECOMMEND_PARTNER_Q_PREFIX}{key}").set_value(value)
    at.button(key=k.RECOMMEND_PARTNER_SUBMIT).click().run()
    assert not at.exception
    return at


def test_each_partner_answers_and_the_room_sees_the_spread(db_path) -> None:  # type: ignore[no-untyped-def]
    from tests.app.meeting import FACILITATOR_PASS, facilitator_passcode_only, make_app, sign_in

    member = make_app(PAGE, secrets=facilitator_passcode_only())
    assert k.RECOMMEND_PARTNER_ANONYMOUS not in widget_keys(member)
    _answer_as(member, "P01", goal="new_program", named_leads="yes", trust="high")
    assert "your organization's answers are in" in texts(member)
    _answer_as(member, "P02", goal="share_resources", named_leads="no", trust="low")
    page = texts(member)
    assert "2 partners answered" in page
    assert "Talk about named leads first" in page
    spread = frame_with(member, "question", "answers", "counts as", "partners disagree")
    assert len(spread) == 13
    goals = frame_with(member, "partner", "seeks", "level")
    assert set(goals["level"]) == {"collaboration", "cooperation"}

    lead = make_app(PAGE, secrets=facilitator_passcode_only())
    sign_in(lead, FACILITATOR_PASS)
    lead.toggle(key=k.RECOMMEND_PARTNER_ANONYMOUS).set_value(True).run()
    member.run()
    goals = frame_with(member, "partner", "seeks", "level")
    assert list(goals["partner"]) == ["Partner 1", "Partner 2"]  # anonymous to the room
    lead_goals = frame_with(lead, "partner", "seeks", "level")
    assert "Partner 1" not in set(lead_goals["partner"])  # the facilitator sees who
