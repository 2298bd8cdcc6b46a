"""The inspector's events, persons and results: what a team captured, who its persons are, tile numbers."""

from __future__ import annotations

import re

from mockhog.pytest_plugin import Mockhog

UI = "/_mockhog/ui"
TOKEN = "phc_hedgebank_production_token"


def _state(mockhog: Mockhog, path: str) -> str:
    response = mockhog.client.get(UI + path)
    assert response.status_code == 200, response.text
    return response.text.split('<main id="state">', 1)[1].split("</main>", 1)[0]


def _panel(html: str, ident: str) -> str:
    found = re.search(rf'<section[^>]*id="{ident}".*?</section>', html, re.S)
    assert found is not None, html
    return found.group(0)


def _capture(mockhog: Mockhog, *events: dict[str, object]) -> None:
    response = mockhog.client.post("/batch/", json={"api_key": TOKEN, "batch": list(events)})
    assert response.status_code == 200, response.text


def test_team_page_counts_each_event_name(mockhog: Mockhog) -> None:
    for _ in range(3):
        _capture(mockhog, {"event": "inspector probe", "distinct_id": "probe-user"})

    events = _panel(_state(mockhog, "/teams/1"), "events")

    assert "<td>inspector probe</td><td>3</td>" in events


def test_team_page_lists_the_latest_captured_event_first(mockhog: Mockhog) -> None:
    _capture(mockhog, {"event": "first probe", "distinct_id": "probe-user"})
    _capture(mockhog, {"event": "second probe", "distinct_id": "probe-user", "properties": {"plan": "pro"}})

    events = _panel(_state(mockhog, "/teams/1"), "events")
    latest = events.split("Latest captured", 1)[1]

    assert latest.index("second probe") < latest.index("first probe")
    assert "&quot;plan&quot;:&quot;pro&quot;" in latest


def test_team_page_says_nothing_was_captured_after_a_reset(mockhog: Mockhog) -> None:
    _capture(mockhog, {"event": "gone after reset", "distinct_id": "probe-user"})
    mockhog.reset()

    events = _panel(_state(mockhog, "/teams/1"), "events")

    assert "gone after reset" not in events
    assert "Nothing captured since the last reset." in events


def test_team_page_lists_a_person_made_by_capture(mockhog: Mockhog) -> None:
    _capture(
        mockhog,
        {"event": "$identify", "distinct_id": "inspected", "properties": {"$set": {"email": "i@x.example"}}},
    )

    persons = _panel(_state(mockhog, "/teams/1"), "persons")

    assert "<td>inspected</td><td>i@x.example</td>" in persons


def test_dashboard_page_draws_a_tiles_results(mockhog: Mockhog) -> None:
    # dashboard 1 of the default fixture charts the fixture's pageviews: every insight tile has a figure
    page = _state(mockhog, "/dashboards/1")

    figures = re.findall(r'<div class="Result">', page)
    insight_tiles = re.findall(r'class="Tile Tile--insight"', page)
    assert insight_tiles
    assert len(figures) == len(insight_tiles)
    assert "<svg" in page


def test_team_page_lists_a_flag_and_its_release_conditions(mockhog: Mockhog) -> None:
    mockhog.flags.set("new-checkout", rollout_percentage=30)

    flags = _panel(_state(mockhog, "/teams/1"), "flags")

    assert "new-checkout" in flags
    assert "30%" in flags


def test_team_page_shows_who_gets_a_forced_value(mockhog: Mockhog) -> None:
    mockhog.flags.set("new-checkout", rollout_percentage=0)
    mockhog.flags.set("new-checkout", True, distinct_id="inspector-ada")

    flags = _panel(_state(mockhog, "/teams/1"), "flags")
    row = re.search(r"<tr[^>]*><td>inspector-ada</td>.*?</tr>", flags, re.S)

    assert row is not None, flags
    assert ">on<" in row.group(0)
