"""A dead session makes no traffic: once a run finds the session logged out, every bot is
refused before its browser starts, scheduled runs are recorded as skipped with the reason,
and one notification is sent, until a new session is imported or validated."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import redis as redis_lib
from linkedin_auto.bots.common import BotRefused, SessionProblem
from linkedin_auto.bots.invitations import run_invitations
from linkedin_auto.bots.session_check import session_check
from linkedin_auto.bots.visitor import run_visitor
from linkedin_auto.browser import launch
from linkedin_auto.clock import ManualClock
from linkedin_auto.db.connection import Database
from linkedin_auto.db.runs import RunStore
from linkedin_auto.queue import jobs
from linkedin_auto.scheduler.loop import tick
from linkedin_auto.scheduler.store import ScheduleIn, ScheduleStore
from linkedin_auto.settings import Settings
from sandbox_kit import Sandbox, execute, import_session

pytestmark = pytest.mark.browser


@pytest.fixture
def settings(settings: Settings) -> Settings:
    settings.bots.invitations.accept.min_mutual = 0
    settings.bots.visitor.keywords = "at OR chez"
    settings.notifications.urls = ["json://127.0.0.1:9/"]  # closed port: attempts recorded
    return settings


@pytest.fixture
def launches(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every browser start, recorded from the test side."""
    started: list[str] = []
    real = launch.open_browser

    def counting(*args: Any, **kwargs: Any) -> Any:
        started.append("browser")
        return real(*args, **kwargs)

    monkeypatch.setattr(launch, "open_browser", counting)
    return started


def _notified(db: Database) -> list[str]:
    return [r["event"] for r in db.query("SELECT event FROM notifications ORDER BY id")]


def _traffic(sandbox: Sandbox) -> tuple[int, int]:
    st = sandbox.state()
    return st["page_loads"], len(st["action_log"])


def test_logged_out_session_stops_every_bot_until_a_new_one(
    sandbox: Sandbox, db: Database, settings: Settings, launches: list[str]
) -> None:
    state = sandbox.reset(seed=11, contacts=5, received=3, follows=0, sent=0,
                          search_results=10, faults=["expired_session"])
    import_session(db, settings, sandbox)
    with pytest.raises(SessionProblem, match="logged_out"):
        execute(run_invitations, settings, db, "invitations")
    assert db.scalar("SELECT status FROM linkedin_session") == "expired"
    assert _notified(db) == ["session_expired"]
    assert launches == ["browser"]

    # LinkedIn would even take the cookie again now: no matter, nobody asks it.
    sandbox.faults()
    before = _traffic(sandbox)
    for func, bot in ((run_visitor, "visitor"), (run_invitations, "invitations"),
                      (run_invitations, "invitations")):
        with pytest.raises(BotRefused, match="logged out"):
            execute(func, settings, db, bot)
    with pytest.raises(BotRefused, match="logged out"):
        execute(run_visitor, settings, db, "visitor", dry_run=True)
    assert _traffic(sandbox) == before
    assert launches == ["browser"]  # no browser started for any of them
    assert _notified(db) == ["session_expired"]  # one notification, not one per run
    refused = db.query("SELECT status, error FROM runs ORDER BY id")[1:]
    assert {r["status"] for r in refused} == {"skipped"}
    assert all("logged out" in r["error"] for r in refused)

    # A person validates the session (the check is allowed while bots are refused).
    execute(session_check, settings, db, "session_check")
    assert db.scalar("SELECT status FROM linkedin_session") == "valid"
    execute(run_invitations, settings, db, "invitations")
    assert set(sandbox.state()["accepted"]) == {r["slug"] for r in state["received"]}


def test_a_new_import_lifts_the_refusal(
    sandbox: Sandbox, db: Database, settings: Settings, launches: list[str]
) -> None:
    sandbox.reset(seed=11, contacts=5, received=2, follows=0, sent=0, search_results=0,
                  faults=["expired_session"])
    import_session(db, settings, sandbox)
    with pytest.raises(SessionProblem):
        execute(run_invitations, settings, db, "invitations")
    sandbox.reset(seed=11, contacts=5, received=2, follows=0, sent=0, search_results=0,
                  new_session=True)
    import_session(db, settings, sandbox)  # the person imports a fresh session
    execute(run_invitations, settings, db, "invitations")
    assert len(sandbox.state()["accepted"]) == 2
    assert launches == ["browser", "browser"]


def test_scheduled_run_with_a_dead_session_is_skipped_with_the_reason(
    sandbox: Sandbox, db: Database, settings: Settings, launches: list[str]
) -> None:
    sandbox.reset(seed=11, contacts=5, received=2, sent=0, search_results=0,
                  faults=["expired_session"])
    import_session(db, settings, sandbox)
    with pytest.raises(SessionProblem):
        execute(run_invitations, settings, db, "invitations")
    before = _traffic(sandbox)

    now = datetime.now(UTC).replace(second=0, microsecond=0)
    clock = ManualClock(now)
    slot = now + timedelta(minutes=2)
    schedule = ScheduleStore(db, clock).create(ScheduleIn(
        bot="invitations", kind="daily", time_of_day=slot.strftime("%H:%M"), timezone="UTC",
        catch_up_hours=1))
    clock.set(slot + timedelta(seconds=15))
    redis = redis_lib.Redis.from_url(settings.redis.url)
    ids = tick(db, redis, clock, settings)
    assert len(ids) == 1
    store = RunStore(db, clock)
    jobs.run(settings, db, clock, store, ids[0])

    row = store.get(ids[0])
    assert row is not None
    assert (row["trigger"], row["schedule_id"]) == ("schedule", schedule["id"])
    assert row["status"] == "skipped"
    assert "logged out" in row["error"] and "import a new session" in row["error"]
    events = [e["message"] for e in db.query(
        "SELECT message FROM run_events WHERE run_id = ? AND kind = 'refused'", (ids[0],))]
    assert events and "logged out" in events[0]
    assert _traffic(sandbox) == before
    assert launches == ["browser"]
    assert _notified(db) == ["session_expired"]
