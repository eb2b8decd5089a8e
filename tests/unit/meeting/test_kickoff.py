"""Kickoff meetings: rotating order, moving through the round, the timer, notes."""

from __future__ import annotations

import pytest

from mapping.data.store import WorkspaceStore
from mapping.meeting import kickoff as ko

T0 = 1_800_000_000.0
PEOPLE = ["Legal Aid", "Job Center", "Shelter"]


@pytest.fixture
def meetings(db_location: str) -> ko.Meetings:
    return ko.Meetings(WorkspaceStore(db_location))


def test_domain_questions_come_first() -> None:
    assert ko.QUESTIONS[:2] == (
        "What is your personal commitment to supporting survivors?",
        "What do you want to get from this collaboration, personally and as a team?",
    )


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        (0, ["A", "B", "C", "D"]),
        (1, ["B", "C", "D", "A"]),
        (3, ["D", "A", "B", "C"]),
        (4, ["A", "B", "C", "D"]),
    ],
)
def test_a_different_partner_opens_each_question(q: int, expected: list[str]) -> None:
    assert ko.speaking_order(["A", "B", "C", "D"], q) == expected


def test_speaking_order_of_nobody() -> None:
    assert ko.speaking_order([], 2) == []


@pytest.mark.parametrize(
    ("seconds", "text"), [(120, "2:00"), (65.2, "1:06"), (0.4, "0:01"), (0, "0:00"), (-10, "-0:10")]
)
def test_clock(seconds: float, text: str) -> None:
    assert ko.clock(seconds) == text


def test_create_cleans_the_lists(meetings: ko.Meetings) -> None:
    mid = meetings.create(
        " Kickoff  March ", "2026-03-10", [" Legal Aid", "Legal Aid", "", "Job Center"]
    )
    m = meetings.get(mid)
    assert (m.title, m.held_on, m.attendees) == (
        "Kickoff March",
        "2026-03-10",
        ("Legal Aid", "Job Center"),
    )
    assert m.questions == ko.QUESTIONS and m.agreements == ko.AGREEMENTS
    assert m.label == "Kickoff March (2026-03-10)"
    assert (m.question, m.speaker) == (ko.QUESTIONS[0], "Legal Aid")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"title": " "}, "give the meeting a name"),
        ({"questions": ["", " "]}, "at least one question"),
        ({"seconds_per_speaker": 5}, "between 10 seconds"),
    ],
)
def test_create_refuses(meetings: ko.Meetings, kwargs: dict[str, object], message: str) -> None:
    args = {"title": "Kickoff", "held_on": "2026-03-10", "attendees": PEOPLE, **kwargs}
    with pytest.raises(ko.KickoffError, match=message):
        meetings.create(**args)  # type: ignore[arg-type]


def test_moving_through_the_round(meetings: ko.Meetings) -> None:
    mid = meetings.create("K", "2026-03-10", PEOPLE, questions=["Q1", "Q2"])
    seen = []
    for _ in range(7):
        m = meetings.get(mid)
        seen.append((m.question_index, m.speaker))
        meetings.move(mid, speaker_step=1)
    assert seen == [
        (0, "Legal Aid"),
        (0, "Job Center"),
        (0, "Shelter"),
        (1, "Job Center"),  # the order rotated: Job Center opens question 2
        (1, "Shelter"),
        (1, "Legal Aid"),
        (1, "Legal Aid"),  # the end of the round stays put
    ]
    m = meetings.move(mid, speaker_step=-1)
    assert (m.question_index, m.speaker) == (1, "Shelter")
    m = meetings.move(mid, question_step=-1)
    assert (m.question_index, m.speaker_index) == (0, 0)
    m = meetings.move(mid, question_step=5)
    assert m.question_index == 1


def test_the_timer_runs_pauses_and_resets_with_the_speaker(meetings: ko.Meetings) -> None:
    mid = meetings.create("K", "2026-03-10", PEOPLE, seconds_per_speaker=60)
    m = meetings.get(mid)
    assert not m.timer_running and m.remaining(T0) == 60
    meetings.start_timer(mid, now=T0)
    meetings.start_timer(mid, now=T0 + 5)  # a second start does not restart it
    assert meetings.get(mid).remaining(T0 + 20) == 40
    meetings.pause_timer(mid, now=T0 + 20)
    m = meetings.get(mid)
    assert not m.timer_running and m.remaining(T0 + 500) == 40
    meetings.start_timer(mid, now=T0 + 600)
    assert meetings.get(mid).remaining(T0 + 650) == -10
    meetings.move(mid, speaker_step=1)
    m = meetings.get(mid)
    assert not m.timer_running and m.remaining(T0 + 700) == 60
    meetings.start_timer(mid, now=T0)
    meetings.reset_timer(mid)
    assert meetings.get(mid).elapsed(T0 + 30) == 0


def test_changing_attendees_restarts_the_round(meetings: ko.Meetings) -> None:
    mid = meetings.create("K", "2026-03-10", PEOPLE)
    meetings.move(mid, speaker_step=4)
    meetings.update(mid, agreements=["Be kind."], seconds_per_speaker=90)
    m = meetings.get(mid)
    assert (m.question_index, m.speaker_index, m.agreements, m.seconds_per_speaker) == (
        1,
        1,
        ("Be kind.",),
        90,
    )
    meetings.update(mid, attendees=[*PEOPLE, "Survivor advisory board"])
    m = meetings.get(mid)
    assert (m.question_index, m.speaker_index) == (0, 0)
    assert m.attendees[-1] == "Survivor advisory board"


def test_notes_are_kept_per_question_and_exported(meetings: ko.Meetings) -> None:
    mid = meetings.create("Kickoff", "2026-03-10", PEOPLE, questions=["Q1", "Q2"])
    meetings.add_note(mid, 1, "=cmd|' /C calc'!A0", speaker="Shelter", author="Ana")
    first = meetings.add_note(mid, 0, "Wants monthly meetings", speaker="Legal Aid")
    notes = meetings.notes(mid)
    assert [(n.question_index, n.speaker, n.text) for n in notes] == [
        (0, "Legal Aid", "Wants monthly meetings"),
        (1, "Shelter", "=cmd|' /C calc'!A0"),
    ]
    csv = meetings.notes_csv(mid).decode("utf-8-sig")
    assert "'=cmd" in csv and "Q2" in csv
    minutes = meetings.minutes_markdown(mid)
    assert "## 1. Q1\n\n- Legal Aid: Wants monthly meetings\n" in minutes
    assert "(noted by Ana)" in minutes
    assert "- We start and end on time." in minutes
    meetings.delete_note(first)
    assert len(meetings.notes(mid)) == 1
    with pytest.raises(ko.KickoffError, match="the note is empty"):
        meetings.add_note(mid, 0, "   ")
    with pytest.raises(ko.KickoffError, match="no meeting #99"):
        meetings.add_note(99, 0, "x")


# issue 17: the mission-mapping activity, "commit to showing up", attendance
def test_mission_mapping_and_showing_up_are_defaults() -> None:
    assert any(
        q.startswith("Mission mapping: explain your program and your mission") for q in ko.QUESTIONS
    )
    assert any("misunderstood" in q for q in ko.QUESTIONS)
    assert any("commit to showing up" in a for a in ko.AGREEMENTS)


def test_attendance_across_meetings(meetings: ko.Meetings) -> None:
    meetings.create("Kickoff", "2026-01-10", ["Legal Aid", "Job Center", "Safe Harbor"])
    meetings.create("Second", "2026-02-10", ["legal  aid", "Safe Harbor"])
    frame = ko.attendance_frame(meetings.meetings())
    assert frame.to_dict("records") == [
        {"attendee": "Job Center", "Kickoff (2026-01-10)": "yes", "Second (2026-02-10)": "",
         "attended": "1 of 2", "share %": 50},
        {"attendee": "Legal Aid", "Kickoff (2026-01-10)": "yes", "Second (2026-02-10)": "yes",
         "attended": "2 of 2", "share %": 100},
        {"attendee": "Safe Harbor", "Kickoff (2026-01-10)": "yes", "Second (2026-02-10)": "yes",
         "attended": "2 of 2", "share %": 100},
    ]  # fmt: skip


def test_the_speaking_partner_shows_what_it_wrote_about_itself_never_its_contacts() -> None:
    from mapping.data import schema as s
    from mapping.meeting.kickoff import speaker_profile
    from tests.unit.helpers import csv, load

    ws = load(
        csv(
            "partner_id,name,sector,expertise,successes,barriers,contact_email,phone",
            "P1,Legal  Aid,Legal aid,Protection orders|Housing law,Won 9 cases,One attorney,"
            "a@b.org,412-555-0100",
        )
    )
    profile = speaker_profile(ws.partners, "legal aid ")
    assert profile == [
        ("Sector", "Legal aid"),
        ("Expertise to share", "Protection orders, Housing law"),
        ("Successes", "Won 9 cases"),
        ("Barriers", "One attorney"),
    ]
    assert speaker_profile(ws.partners, "p1") == profile
    assert speaker_profile(ws.partners, "Someone else") == []
    assert not any("a@b.org" in text or "555" in text for _, text in profile)
    assert s.CONTACT_EMAIL not in dict(profile)
