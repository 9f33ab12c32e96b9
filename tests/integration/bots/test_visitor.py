"""The visitor bot in real Chromium against the sandbox (both markup variants)."""

from __future__ import annotations

from collections import Counter

import pytest
from linkedin_auto.bots.common import BotRefused
from linkedin_auto.bots.plan import plan_for
from linkedin_auto.bots.safety.pause import pause_all
from linkedin_auto.bots.visitor import run_visitor
from linkedin_auto.clock import SystemClock
from linkedin_auto.db.connection import Database
from linkedin_auto.runs.context import RunCancelled, RunContext
from linkedin_auto.settings import ConfigError, Quota, Settings
from sandbox_kit import (
    Sandbox,
    events,
    execute,
    import_session,
)

pytestmark = pytest.mark.browser

KEYWORDS = "at OR chez"  # every sandbox headline says "<title> at <company>" or "... chez ..."


@pytest.fixture
def settings(settings: Settings) -> Settings:
    s = settings
    v = s.bots.visitor
    v.keywords = KEYWORDS
    v.dwell_min_seconds = v.dwell_max_seconds = 0
    v.network = ["S", "O"]
    return s


def _ready(sandbox: Sandbox, db: Database, settings: Settings, variant: str = "legacy",
           **reset: object) -> dict[str, object]:
    state = sandbox.reset(seed=7, contacts=10, variant=variant, received=0, sent=0, **reset)
    import_session(db, settings, sandbox)
    return state


def _visits(db: Database, *, dry_run: int = 0) -> list[str]:
    return [r["slug"] for r in db.query(
        "SELECT c.slug FROM profile_visits v JOIN contacts c ON c.id = v.contact_id"
        " WHERE v.dry_run = ? ORDER BY v.id", (dry_run,))]


@pytest.mark.parametrize("variant", ["legacy", "sdui"])
def test_visits_the_right_number_and_never_revisits(
    sandbox: Sandbox, db: Database, settings: Settings, variant: str
) -> None:
    state = _ready(sandbox, db, settings, variant, search_results=25)
    searchable = {p["slug"]: p for p in state["people"] if "search" in p["tags"]}  # type: ignore[index, union-attr]
    blocked = next(iter(searchable))
    settings.bots.visitor.blacklist = [blocked]
    settings.bots.visitor.max_per_run = 4

    ctx = execute(run_visitor, settings, db, "visitor")

    first = sandbox.state()["profile_views"]
    assert len(first) == 4 and len(set(first)) == 4
    assert blocked not in first
    assert set(first) <= set(searchable)
    assert _visits(db) == first
    row = db.query_one("SELECT name, headline, location, profile_url FROM contacts WHERE slug = ?",
                       (first[0],))
    person = searchable[first[0]]
    assert row is not None
    assert (row["name"], row["headline"], row["location"]) == (
        person["name"], person["headline"], person["location"])
    assert row["profile_url"] == f"{sandbox.url}/in/{first[0]}/"
    audit = db.query("SELECT action, target_url, dry_run, outcome, rule FROM audit_log")
    assert [(a["action"], a["dry_run"], a["outcome"]) for a in audit] == [
        ("profile_view", 0, "done")] * 4
    assert all(KEYWORDS in a["rule"] for a in audit)
    assert ctx.counts["visited"] == 4 and ctx.counts["skipped_blacklist"] == 1

    # A second run inside revisit_days visits four other people.
    ctx2 = execute(run_visitor, settings, db, "visitor")
    views = sandbox.state()["profile_views"]
    second = views[4:]
    assert len(second) == 4 and not set(second) & set(first)
    assert ctx2.counts["skipped_recent"] == 4


def test_pagination_and_budget_exhaustion(
    sandbox: Sandbox, db: Database, settings: Settings
) -> None:
    _ready(sandbox, db, settings, search_results=30)
    settings.bots.visitor.max_per_run = 30
    settings.bots.visitor.max_pages = 2
    settings.limits.profile_views = Quota(daily=13, weekly=50)

    ctx = execute(run_visitor, settings, db, "visitor")

    state = sandbox.state()
    assert len(state["profile_views"]) == 13  # the daily quota, reached on page 2
    searches = [p for p in state["page_log"] if p.startswith("/search/results/people/")]
    assert len(searches) == 2 and "page=2" in searches[1]
    assert [e["kind"] for e in events(db, ctx.run_id, "budget")] == ["budget"]
    assert ctx.counts["budget_stops"] == 1


def test_max_pages_bounds_the_search(sandbox: Sandbox, db: Database, settings: Settings) -> None:
    _ready(sandbox, db, settings, search_results=30)
    ctx = execute(run_visitor, settings, db, "visitor", options={"max_per_run": 30, "max_pages": 1})
    state = sandbox.state()
    assert len(state["profile_views"]) == 10  # one page of ten results
    assert ctx.counts["search_pages"] == 1


def test_dry_run_opens_no_profile(sandbox: Sandbox, db: Database, settings: Settings) -> None:
    _ready(sandbox, db, settings, search_results=25)
    settings.bots.visitor.max_per_run = 5

    execute(run_visitor, settings, db, "visitor", dry_run=True)

    state = sandbox.state()
    assert state["profile_views"] == []
    assert not any(p.startswith("/in/") for p in state["page_log"])
    assert _visits(db, dry_run=0) == []
    assert len(_visits(db, dry_run=1)) == 5
    assert {(r["dry_run"], r["outcome"]) for r in db.query(
        "SELECT dry_run, outcome FROM audit_log")} == {(1, "dry_run")}
    listing = plan_for("visitor", settings, db, SystemClock())["last_list"]
    assert listing["dry_run"] is True
    assert [e["decision"] for e in listing["entries"]] == ["visit"] * 5
    # A dry-run never blocks a real visit.
    execute(run_visitor, settings, db, "visitor")
    assert len(sandbox.state()["profile_views"]) == 5


def test_free_text_location_fails_before_the_browser(
    sandbox: Sandbox, db: Database, settings: Settings
) -> None:
    _ready(sandbox, db, settings)
    with pytest.raises(ConfigError) as exc:
        execute(run_visitor, settings, db, "visitor", options={"geo_urns": "103644278,Paris"})
    assert exc.value.errors[0][0] == "bots.visitor.geo_urns.1"
    assert sandbox.state()["page_loads"] == 0


def test_paused_bots_do_not_visit(sandbox: Sandbox, db: Database, settings: Settings) -> None:
    _ready(sandbox, db, settings, search_results=5)
    pause_all(db, SystemClock(), hours=1, reason="test")
    with pytest.raises(BotRefused):
        execute(run_visitor, settings, db, "visitor")
    assert sandbox.state()["profile_views"] == []


def test_cancel_request_stops_before_any_visit(
    sandbox: Sandbox, db: Database, settings: Settings
) -> None:
    _ready(sandbox, db, settings, search_results=5)

    def cancelled_visitor(ctx: RunContext) -> None:
        ctx.store.request_cancel(ctx.run_id)
        run_visitor(ctx)

    with pytest.raises(RunCancelled):
        execute(cancelled_visitor, settings, db, "visitor")
    assert sandbox.state()["profile_views"] == []
    assert db.scalar("SELECT COUNT(*) FROM profile_visits") == 0


def test_search_facets_reach_linkedin(sandbox: Sandbox, db: Database, settings: Settings) -> None:
    """Title, network and numeric geo ids are sent the way LinkedIn reads them."""
    state = _ready(sandbox, db, settings, search_results=40)
    people = [p for p in state["people"] if "search" in p["tags"]]
    geo = Counter(p["geo_urn"] for p in people).most_common(1)[0][0]
    expected = {p["slug"] for p in people if p["degree"] == 2 and p["geo_urn"] == geo}
    assert expected
    v = settings.bots.visitor
    v.network, v.geo_urns, v.max_per_run = ["S"], [f"urn:li:geo:{geo}"], 30
    execute(run_visitor, settings, db, "visitor")
    after = sandbox.state()
    assert set(after["profile_views"]) == expected
    search = next(p for p in after["page_log"] if p.startswith("/search/results/people/"))
    assert "geoUrn" in search and "network" in search
