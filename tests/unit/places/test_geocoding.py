"""Geocoding: each pipeline step, precision labels, ZIP edge cases, the confidential rule,
and the online path through the real geopy client against a stub server on 127.0.0.1."""

from __future__ import annotations

import math
import socket
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mapping.data import schema as s
from mapping.data.errors import GeocodingError
from mapping.data.store import WorkspaceStore
from mapping.data.workspace import Workspace
from mapping.places.gazetteer import get_gazetteer
from mapping.places.geocoding import (
    GEO_COLUMNS,
    GEO_FLAGGED,
    GEO_NOTE,
    GEO_PRECISION,
    GEO_SOURCE,
    CachedResult,
    GeocodeCache,
    GeocodeJob,
    GeocoderSettings,
    OnlineGeocoder,
    Progress,
    RateLimiter,
    geocode_frame,
    geocode_workspace,
    load_settings,
    look_up_online,
    online_queries,
    placement_summary,
    query_key,
    save_settings,
    workspace_queries,
)
from tests.unit.stub_geocoder import FakeClock, StubGeocoder, stub_geocoder

AGENT = "Three Rivers Partnership resource map (facilitator@partnership.org)"


def frame(*rows: dict[str, object]) -> pd.DataFrame:
    """A frame with the location columns, one dict per row (missing cells blank)."""
    cols = [s.NAME, *s.LOCATION_COLUMNS]
    return pd.DataFrame([{c: r.get(c, "") for c in cols} for r in rows])


def zip_centre(zip5: str) -> tuple[float, float]:
    point = get_gazetteer().zip_point(zip5)
    assert point is not None
    return point


def settings_for(stub: StubGeocoder, **kw: object) -> GeocoderSettings:
    base: dict[str, object] = {
        "online": True,
        "user_agent": AGENT,
        "domain": f"http://{stub.domain}",
        "timeout": 5.0,
    }
    return GeocoderSettings(**{**base, **kw})  # type: ignore[arg-type]


def online_for(stub: StubGeocoder, clock: FakeClock, **kw: object) -> OnlineGeocoder:
    limiter = RateLimiter(1.0, clock=clock, sleep=clock.sleep)
    return OnlineGeocoder(settings_for(stub, **kw), limiter=limiter)


@pytest.fixture
def store(db_location: str) -> WorkspaceStore:
    return WorkspaceStore(db_location)


# ------------------------------------------------------------------ the offline pipeline
def test_each_step_places_what_it_can_and_says_so(store: WorkspaceStore) -> None:
    df = frame(
        {s.NAME: "given", s.ZIP: "15222", s.LATITUDE: "40.4433", s.LONGITUDE: "-79.9959"},
        {s.NAME: "saved", s.ADDRESS: "1200 Penn Ave", s.CITY: "Pittsburgh", s.STATE: "PA",
         s.ZIP: "15222"},
        {s.NAME: "zip", s.ZIP: "15213"},
        {s.NAME: "city", s.CITY: "McKeesport", s.STATE: "PA"},
        {s.NAME: "nowhere", s.CITY: "Nowhereville", s.STATE: "PA", s.ZIP: "99999"},
    )  # fmt: skip
    GeocodeCache(store).put(
        query_key("1200 Penn Ave, Pittsburgh, PA 15222"),
        CachedResult(True, 40.4501, -79.9876, "street", "nominatim"),
    )
    out = geocode_frame(df, store=store)
    assert list(out.columns) == [*df.columns, *GEO_COLUMNS]
    assert list(zip(out[GEO_PRECISION], out[GEO_SOURCE], strict=True)) == [
        ("given", "file"),
        ("street", "cache"),
        ("zip", "zip"),
        ("city", "city"),
        ("none", "none"),
    ]
    assert (out.loc[0, s.LATITUDE], out.loc[0, s.LONGITUDE]) == (40.4433, -79.9959)
    assert (out.loc[1, s.LATITUDE], out.loc[1, s.LONGITUDE]) == (40.4501, -79.9876)
    assert (out.loc[2, s.LATITUDE], out.loc[2, s.LONGITUDE]) == zip_centre("15213")
    city = get_gazetteer().city_point("McKeesport", "PA")
    assert (out.loc[3, s.LATITUDE], out.loc[3, s.LONGITUDE]) == city
    assert math.isnan(out.loc[4, s.LATITUDE]) and math.isnan(out.loc[4, s.LONGITUDE])
    notes = list(out[GEO_NOTE])
    assert notes[0] == "Placed at the coordinates given in the file."
    assert notes[1] == (
        "Placed at its street address (found online with Nominatim earlier, and saved)."
    )
    assert notes[2] == "Placed at the centre of ZIP code 15213."
    assert notes[3] == "Placed at the centre of McKeesport, PA."
    assert notes[4].startswith(
        "Not on the map: ZIP code 99999 is not a known US ZIP code; 'Nowhereville, PA' is "
        "not a known US city. Correct the ZIP code (or the city and state), or type its "
        "latitude and longitude."
    )
    assert list(placement_summary(out)["rows"]) == [1, 1, 1, 1, 1]
    assert not out[GEO_FLAGGED].any()


def test_without_a_store_nothing_is_remembered_and_nothing_breaks() -> None:
    out = geocode_frame(frame({s.ADDRESS: "1 Main St", s.ZIP: "15222"}))
    assert out.loc[0, GEO_PRECISION] == "zip"
    assert out.loc[0, GEO_NOTE] == (
        "Placed at the centre of ZIP code 15222, not at its street address. Switch on the "
        "online geocoder to place it at its street address."
    )


@pytest.mark.parametrize(
    ("lat", "lon", "flagged"),
    [
        ("40.4433", "-79.9959", False),  # downtown Pittsburgh, in 15222
        ("40.60", "-80.10", False),  # ~13 miles out: still plausible
        ("39.9526", "-75.1652", True),  # Philadelphia: ~250 miles from 15222
    ],
)
def test_given_coordinates_far_from_their_zip_are_flagged_but_kept(
    lat: str, lon: str, flagged: bool
) -> None:
    out = geocode_frame(frame({s.ZIP: "15222", s.LATITUDE: lat, s.LONGITUDE: lon}))
    assert out.loc[0, GEO_PRECISION] == "given"
    assert (out.loc[0, s.LATITUDE], out.loc[0, s.LONGITUDE]) == (float(lat), float(lon))
    assert bool(out.loc[0, GEO_FLAGGED]) is flagged
    if flagged:
        assert "miles from the centre of its ZIP code 15222. Check them" in out.loc[0, GEO_NOTE]


@pytest.mark.parametrize(("lat", "lon"), [("100", "101"), ("0", "0"), ("40.4", "")])
def test_unusable_coordinates_fall_back_to_the_zip(lat: str, lon: str) -> None:
    out = geocode_frame(frame({s.ZIP: "15222", s.LATITUDE: lat, s.LONGITUDE: lon}))
    assert out.loc[0, GEO_PRECISION] == "zip"
    assert (out.loc[0, s.LATITUDE], out.loc[0, s.LONGITUDE]) == zip_centre("15222")
    if lat == "100":
        assert out.loc[0, GEO_NOTE].startswith(
            "The coordinates in the file (100, 101) are not a valid place and were ignored."
        )


@pytest.mark.parametrize(
    "zip_value",
    ["02138", "2138", "02138-1234", "2138-1234", "021381234", " 02138 ", "02 138", 2138, 2138.0,
     "2138.0"],
)  # fmt: skip
def test_zip_plus_4_lost_zeros_and_spaces_are_handled(zip_value: object) -> None:
    df = pd.DataFrame({s.ZIP: [zip_value]})
    out = geocode_frame(df)
    assert out.loc[0, GEO_PRECISION] == "zip"
    assert (out.loc[0, s.LATITUDE], out.loc[0, s.LONGITUDE]) == zip_centre("02138")
    assert out.loc[0, GEO_NOTE] == "Placed at the centre of ZIP code 02138."


@pytest.mark.parametrize(
    ("zip_value", "city", "state", "precision", "note"),
    [
        ("ABC 1234", "Pittsburgh", "PA", "city",
         "Placed at the centre of Pittsburgh, PA. 'ABC 1234' is not a 5-digit ZIP code: "
         "correct it."),
        ("", "pittsburgh", "Pennsylvania", "city", "Placed at the centre of pittsburgh, PA."),
        ("", "Mc Kees Rocks", "PA", "city", "Placed at the centre of Mc Kees Rocks, PA."),
        ("ABC", "", "", "none",
         "Not on the map: 'ABC' is not a 5-digit ZIP code; no city. Correct the ZIP code "
         "(or the city and state), or type its latitude and longitude."),
        ("", "Pittsburgh", "", "none",
         "Not on the map: it has no ZIP code; the city 'Pittsburgh' has no state. Correct "
         "the ZIP code (or the city and state), or type its latitude and longitude."),
    ],
)  # fmt: skip
def test_city_fallback_and_unplaced_rows_say_why(
    zip_value: str, city: str, state: str, precision: str, note: str
) -> None:
    out = geocode_frame(frame({s.ZIP: zip_value, s.CITY: city, s.STATE: state}))
    assert out.loc[0, GEO_PRECISION] == precision
    assert out.loc[0, GEO_NOTE] == note


def test_an_empty_frame_gets_the_columns() -> None:
    out = geocode_frame(frame())
    assert out.empty and list(out.columns)[-4:] == list(GEO_COLUMNS)


# ------------------------------------------------------------------ confidential locations
def test_a_confidential_location_is_only_ever_at_its_zip_or_city(store: WorkspaceStore) -> None:
    df = frame(
        {s.NAME: "shelter", s.ADDRESS: "12 Secret Lane", s.ZIP: "15206", s.LATITUDE: "40.46",
         s.LONGITUDE: "-79.92", s.CONFIDENTIAL: True},
        {s.NAME: "safe house", s.ADDRESS: "9 Hidden Rd", s.CITY: "McKeesport", s.STATE: "PA",
         s.CONFIDENTIAL: "yes"},
        {s.NAME: "unknown", s.ADDRESS: "3 Quiet Ct", s.CONFIDENTIAL: "true"},
    )  # fmt: skip
    # Even a saved street-level answer for the same address is not used.
    GeocodeCache(store).put(
        query_key("12 Secret Lane, PA 15206"),
        CachedResult(True, 40.4612, -79.9201, "street", "nominatim"),
    )
    out = geocode_frame(df, store=store)
    assert list(out[GEO_PRECISION]) == ["zip", "city", "none"]
    assert (out.loc[0, s.LATITUDE], out.loc[0, s.LONGITUDE]) == zip_centre("15206")
    assert list(out[s.ADDRESS]) == ["", "", ""]
    assert list(out[GEO_NOTE]) == [
        "Confidential location: shown only at the centre of ZIP code 15206.",
        "Confidential location: shown only at the centre of McKeesport, PA.",
        "Confidential location without a known ZIP code or city, so it is not on the map. "
        "Add its ZIP code (never its street address).",
    ]
    assert online_queries(df) == []


def test_a_confidential_location_is_never_sent_online(store: WorkspaceStore) -> None:
    df = frame(
        {s.ADDRESS: "12 Secret Lane", s.CITY: "Nowhereville", s.STATE: "PA", s.ZIP: "99999",
         s.CONFIDENTIAL: True},
        {s.ADDRESS: "1200 Penn Ave", s.CITY: "Pittsburgh", s.STATE: "PA", s.ZIP: "15222"},
    )  # fmt: skip
    clock = FakeClock()
    with stub_geocoder() as stub:
        out = geocode_frame(df, True, store=store, geocoder=online_for(stub, clock))
    assert stub.queries == ["1200 Penn Ave, Pittsburgh, PA 15222"]
    assert list(out[GEO_PRECISION]) == ["none", "street"]


def test_the_sample_workspace_is_placed_whole(sample_ws: Workspace) -> None:
    geo = geocode_workspace(sample_ws)
    for df, before in ((geo.partners, sample_ws.partners), (geo.services, sample_ws.services)):
        assert len(df) == len(before)
        assert (df[GEO_PRECISION] != "none").all()
        conf = df[s.CONFIDENTIAL]
        assert conf.any()
        assert set(df.loc[conf, GEO_PRECISION]) <= {"zip", "city"}
        assert set(df.loc[~conf & before[s.LATITUDE].notna(), GEO_PRECISION]) == {"given"}


# ------------------------------------------------------------------ online, through geopy
def test_online_match_is_street_level_and_cached(store: WorkspaceStore) -> None:
    df = frame({s.ADDRESS: "1200 Penn Ave", s.CITY: "Pittsburgh", s.STATE: "PA", s.ZIP: "15222"})
    clock = FakeClock()
    with stub_geocoder("match") as stub:
        out = geocode_frame(df, True, store=store, geocoder=online_for(stub, clock))
        again = geocode_frame(df, True, store=store, geocoder=online_for(stub, clock))
    assert len(stub.requests) == 1  # nothing is asked twice
    request = stub.requests[0]
    assert request["path"] == "/search"
    assert request["user_agent"] == AGENT
    assert request["params"]["countrycodes"] == "us"
    assert (out.loc[0, GEO_PRECISION], out.loc[0, GEO_SOURCE]) == ("street", "online")
    assert (out.loc[0, s.LATITUDE], out.loc[0, s.LONGITUDE]) == (40.4433, -79.9959)
    assert out.loc[0, GEO_NOTE] == "Placed at its street address (found online with Nominatim)."
    assert (again.loc[0, GEO_PRECISION], again.loc[0, GEO_SOURCE]) == ("street", "cache")
    offline = geocode_frame(df, store=store)  # a venue without internet still has it
    assert (offline.loc[0, GEO_PRECISION], offline.loc[0, GEO_SOURCE]) == ("street", "cache")


def test_online_no_match_keeps_the_zip_and_is_not_asked_again(store: WorkspaceStore) -> None:
    df = frame({s.ADDRESS: "1 Nowhere St", s.ZIP: "15222"})
    clock = FakeClock()
    with stub_geocoder("nomatch") as stub:
        out = geocode_frame(df, True, store=store, geocoder=online_for(stub, clock))
        geocode_frame(df, True, store=store, geocoder=online_for(stub, clock))
    assert len(stub.requests) == 1
    assert out.loc[0, GEO_PRECISION] == "zip"
    assert out.loc[0, GEO_NOTE] == (
        "Placed at the centre of ZIP code 15222, not at its street address. The online "
        "geocoder found no match for its street address: check it."
    )
    assert GeocodeCache(store).counts() == {"found": 0, "no_match": 1}


def test_a_town_level_answer_does_not_replace_the_zip(store: WorkspaceStore) -> None:
    df = frame({s.ADDRESS: "1 Vague Rd", s.CITY: "Pittsburgh", s.STATE: "PA", s.ZIP: "15222"})
    with stub_geocoder("town") as stub:
        out = geocode_frame(df, True, store=store, geocoder=online_for(stub, FakeClock()))
    assert out.loc[0, GEO_PRECISION] == "zip"
    assert "found only the town" in out.loc[0, GEO_NOTE]


def test_online_places_a_row_the_offline_lists_cannot(store: WorkspaceStore) -> None:
    df = frame({s.CITY: "Springfeld", s.STATE: "PA", s.ZIP: "99999"})
    with stub_geocoder("town") as stub:
        out = geocode_frame(df, True, store=store, geocoder=online_for(stub, FakeClock()))
    assert stub.queries == ["Springfeld, PA 99999"]
    assert (out.loc[0, GEO_PRECISION], out.loc[0, GEO_SOURCE]) == ("city", "online")
    assert out.loc[0, GEO_NOTE] == "Placed at its town or city (found online with Nominatim)."


def test_http_429_honours_retry_after_then_succeeds(store: WorkspaceStore) -> None:
    clock = FakeClock()
    df = frame({s.ADDRESS: "1200 Penn Ave", s.ZIP: "15222"})
    with stub_geocoder("429", "match") as stub:
        out = geocode_frame(df, True, store=store, geocoder=online_for(stub, clock))
    assert len(stub.requests) == 2
    assert clock.sleeps == [3.0]  # the server's Retry-After, not the 1 s interval
    assert out.loc[0, GEO_PRECISION] == "street"


def test_http_429_too_often_is_a_failure_for_that_row(store: WorkspaceStore) -> None:
    clock = FakeClock()
    df = frame({s.ADDRESS: "1200 Penn Ave", s.ZIP: "15222"})
    with stub_geocoder("429-none", "429-none", "429-none") as stub:
        out = geocode_frame(df, True, store=store, geocoder=online_for(stub, clock))
    assert len(stub.requests) == 3
    assert clock.sleeps == [2.0, 4.0]  # backing off when no Retry-After is given
    assert out.loc[0, GEO_PRECISION] == "zip"
    assert "is limiting requests (HTTP 429)" in out.loc[0, GEO_NOTE]


@pytest.mark.parametrize(
    ("script", "message"),
    [
        (("500",), "Nominatim answered with an error"),
        (("hang",), "Nominatim did not answer within 0.2 s"),
    ],
)
def test_service_failures_are_per_row_and_asked_again_later(
    store: WorkspaceStore, script: tuple[str, ...], message: str
) -> None:
    df = frame({s.ADDRESS: "1200 Penn Ave", s.ZIP: "15222"}, {s.ZIP: "15213"})
    with stub_geocoder(*script) as stub:
        online = online_for(stub, FakeClock(), timeout=0.2)
        out = geocode_frame(df, True, store=store, geocoder=online)
    assert list(out[GEO_PRECISION]) == ["zip", "zip"]
    assert message in out.loc[0, GEO_NOTE]
    assert "it will be tried again next time" in out.loc[0, GEO_NOTE]
    assert GeocodeCache(store).counts() == {"found": 0, "no_match": 0}  # not remembered


def test_a_refused_connection_is_a_service_failure(store: WorkspaceStore) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = GeocoderSettings(True, "nominatim", AGENT, 2.0, f"http://127.0.0.1:{port}")
    clock = FakeClock()
    online = OnlineGeocoder(settings, limiter=RateLimiter(1, clock=clock, sleep=clock.sleep))
    result = online.lookup("1200 Penn Ave, Pittsburgh, PA 15222")
    assert result.outcome == "failed"
    assert result.message.startswith("Nominatim could not be reached")


def test_a_refused_user_agent_stops_the_run(store: WorkspaceStore) -> None:
    df = frame({s.ADDRESS: "1200 Penn Ave", s.ZIP: "15222"})
    with stub_geocoder("403") as stub, pytest.raises(GeocodingError, match="refused"):
        geocode_frame(df, True, store=store, geocoder=online_for(stub, FakeClock()))


@pytest.mark.parametrize("agent", ["", "  ", "geopy/2.5.0", "my-application", "test", "example"])
def test_a_missing_or_sample_user_agent_is_refused(agent: str) -> None:
    settings = GeocoderSettings(online=True, user_agent=agent)
    problem = settings.problem()
    assert problem is not None and "user agent" in problem and "Set it" in problem
    with pytest.raises(GeocodingError, match="user agent"):
        geocode_frame(frame({s.ZIP: "15222"}), True, settings=settings)


def test_other_settings_problems_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RESOURCE_MAP_GEOCODER_API_KEY", raising=False)
    keyed = GeocoderSettings(provider="opencage", user_agent=AGENT).problem()
    assert keyed is not None and "RESOURCE_MAP_GEOCODER_API_KEY" in keyed
    unknown = GeocoderSettings(provider="bogus", user_agent=AGENT).problem()
    assert unknown is not None and "'bogus' is not one of" in unknown
    assert GeocoderSettings(user_agent=AGENT).problem() is None


def test_settings_are_kept_in_the_workspace_database(store: WorkspaceStore) -> None:
    assert load_settings(store) == GeocoderSettings()
    chosen = GeocoderSettings(True, "photon", AGENT, 20.0, "geo.example.net")
    save_settings(store, chosen)
    assert load_settings(WorkspaceStore(store.path)) == chosen


# ------------------------------------------------------------------ rate limit, progress, stop
def test_at_most_one_request_per_second() -> None:
    clock = FakeClock()
    limiter = RateLimiter(1.0, clock=clock, sleep=clock.sleep)
    sent = []
    for _ in range(4):
        limiter.wait()
        sent.append(clock())
    assert sent == [0.0, 1.0, 2.0, 3.0]
    clock.now += 5  # a slow answer: no extra wait
    limiter.wait()
    assert clock.sleeps == [1.0, 1.0, 1.0]


def test_requests_through_geopy_are_spaced_a_second_apart(store: WorkspaceStore) -> None:
    df = frame(*({s.ADDRESS: f"{n} Penn Ave", s.ZIP: "15222"} for n in (1, 2, 3)))
    clock = FakeClock()
    with stub_geocoder() as stub:
        geocode_frame(df, True, store=store, geocoder=online_for(stub, clock))
    assert len(stub.requests) == 3
    assert clock.sleeps == [1.0, 1.0]


def test_progress_counts_and_time_left_and_stop(store: WorkspaceStore) -> None:
    df = frame(*({s.ADDRESS: f"{n} Penn Ave", s.ZIP: "15222"} for n in range(1, 6)))
    clock = FakeClock()
    seen: list[Progress] = []
    with stub_geocoder("match", "nomatch") as stub:
        online = online_for(stub, clock)
        queries = online_queries(df)
        _, final = look_up_online(
            queries,
            online,
            GeocodeCache(store),
            progress=seen.append,
            should_stop=lambda: len(stub.requests) >= 2,
            clock=clock,
        )
    assert len(stub.requests) == 2
    assert [(p.done, p.total) for p in seen] == [(0, 5), (1, 5), (2, 5), (2, 5)]
    assert seen[2].seconds_left == 3.0  # three left at one a second
    assert seen[2].describe() == (
        "2 of 5 addresses looked up (1 found, 1 no match, 0 failed); about 3 s left"
    )
    assert final.stopped and not final.finished
    assert final.message == "Stopped. Everything looked up so far is saved."
    assert len(workspace_queries(Workspace(partners=df), GeocodeCache(store))) == 3


def test_a_service_that_keeps_failing_stops_the_run(store: WorkspaceStore) -> None:
    df = frame(*({s.ADDRESS: f"{n} Penn Ave", s.ZIP: "15222"} for n in range(1, 9)))
    with stub_geocoder(*["500"] * 8) as stub:
        _, final = look_up_online(
            online_queries(df), online_for(stub, FakeClock()), GeocodeCache(store)
        )
    assert len(stub.requests) == 5
    assert final.stopped and final.message.startswith("Stopped after 5 failed look-ups in a row")


def test_a_background_job_saves_as_it_goes(store: WorkspaceStore) -> None:
    df = frame(*({s.ADDRESS: f"{n} Penn Ave", s.ZIP: "15222"} for n in range(1, 4)))
    cache = GeocodeCache(store)
    before = cache.revision()
    with stub_geocoder() as stub:
        job = GeocodeJob(online_queries(df), online_for(stub, FakeClock()), cache)
        job.start()
        job.join(30)
    assert not job.running and job.error == ""
    p = job.snapshot()
    assert (p.done, p.total, p.found, p.finished) == (3, 3, 3, True)
    assert cache.revision() != before
    out = geocode_frame(df, store=store)
    assert set(out[GEO_SOURCE]) == {"cache"}
    cache.clear()
    assert cache.counts() == {"found": 0, "no_match": 0}


def test_a_background_job_reports_a_refusal(store: WorkspaceStore) -> None:
    df = frame({s.ADDRESS: "1 Penn Ave", s.ZIP: "15222"})
    with stub_geocoder("403") as stub:
        job = GeocodeJob(online_queries(df), online_for(stub, FakeClock()), GeocodeCache(store))
        job.start()
        job.join(30)
    assert "refused the request" in job.error
    assert job.snapshot().stopped


def test_a_50k_frame_is_placed_in_arrays() -> None:
    rng = np.random.default_rng(1)
    areas = get_gazetteer().areas(states=["PA"])
    pick = areas.sample(50_000, replace=True, random_state=1)
    df = pd.DataFrame({s.ZIP: pick["area"].to_numpy(), s.CITY: pick["city"].to_numpy()})
    df[s.STATE] = "PA"
    df[s.CONFIDENTIAL] = rng.random(len(df)) < 0.01
    out = geocode_frame(df)
    assert (out[GEO_PRECISION] == "zip").all()


# ------------------------------------------------------------------ fixing placements
def test_rows_to_check_and_their_correction() -> None:
    from mapping.data.editing import editable_frame
    from mapping.places.geocoding import apply_location_fixes, rows_to_check
    from tests.unit.helpers import csv, load

    ws = load(
        csv(
            "partner_id,name,sector,zip,city,state,latitude,longitude",
            "P1,Placed,Health,15222,,,,",
            "P2,Lost,Health,99999,Nowhereville,PA,,",
            "P3,Far away,Health,15222,,,39.9526,-75.1652",
        ),
        csv("service_id,partner_id,category", "S1,P2,Legal"),
    )
    geo = geocode_workspace(ws)
    todo = rows_to_check(geo.partners, editable_frame(ws, s.PARTNERS), s.PARTNERS)
    assert list(todo.columns) == [s.PARTNER_ID, s.NAME, "note", *s.STREET_LEVEL_COLUMNS[:1],
                                  s.CITY, s.STATE, s.ZIP, s.LATITUDE, s.LONGITUDE]  # fmt: skip
    assert list(todo[s.PARTNER_ID]) == ["P2", "P3"]
    assert list(todo[s.ZIP]) == ["99999", "15222"]
    # S1 is at its partner's location: fixing P2 fixes it.
    assert rows_to_check(geo.services, editable_frame(ws, s.SERVICES), s.SERVICES).empty
    todo.loc[0, s.ZIP] = "15213"
    todo.loc[1, [s.LATITUDE, s.LONGITUDE]] = ["", ""]
    fixed = apply_location_fixes(ws, s.PARTNERS, todo)
    assert not fixed.errors
    again = geocode_workspace(fixed)
    assert list(again.partners[GEO_PRECISION]) == ["zip", "zip", "zip"]
    assert list(again.services[GEO_PRECISION]) == ["zip"]
    assert list(fixed.partners[s.NAME]) == ["Placed", "Lost", "Far away"]


# ------------------------------------------------------------------ accuracy on real data
@pytest.mark.realdata
@pytest.mark.parametrize(
    ("file", "rows", "median", "p90"),
    [
        ("hd2022_address_subset.csv", 6256, 1.5, 4.0),  # measured 1.18 and 3.33 miles
        ("hd2022_public_2yr_colleges.csv", 905, 2.0, 5.5),  # measured 1.68 and 4.68 miles
    ],
)
def test_zip_centres_are_about_a_mile_from_published_college_coordinates(
    realdata: Path, file: str, rows: int, median: float, p90: float
) -> None:
    from mapping.places.accuracy import ipeds_accuracy

    by_zip = ipeds_accuracy(realdata / "ipeds_hd2022" / file)
    assert by_zip.rows == rows and by_zip.placed >= rows - 2
    assert 0.5 < by_zip.median_miles < median
    assert by_zip.p90_miles < p90
    by_city = ipeds_accuracy(realdata / "ipeds_hd2022" / file, use_zip=False)
    assert by_city.median_miles > by_zip.median_miles  # the ZIP is worth having
