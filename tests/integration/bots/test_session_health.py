"""The default daily session check, on the sandbox in real Chromium: it notices an expired
session or a checkpoint before the day's bots, sends one notification that links to the
dashboard's sign-in page, and afterwards leaves LinkedIn alone (scheduled checks and bots
refused, no page loaded) until the session is valid again."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
import redis as redis_lib
from linkedin_auto.bots.common import BotRefused
from linkedin_auto.bots.invitations import run_invitations
from linkedin_auto.bots.session_check import session_check
from linkedin_auto.clock import ManualClock
from linkedin_auto.db.connection import Database
from linkedin_auto.db.runs import RunStore
from linkedin_auto.queue import jobs
from linkedin_auto.scheduler.defaults import ensure_default_schedules
from linkedin_auto.scheduler.loop import tick
from linkedin_auto.settings import Settings
from sandbox_kit import Sandbox, execute, import_session

pytestmark = pytest.mark.browser

SIGN_IN_PAGE = "https://appliance.example:8443/session/"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    settings.notifications.urls = ["json://127.0.0.1:9/"]  # closed port: attempts recorded
    settings.notifications.dashboard_url = "https://appliance.example:8443/"
    settings.working_hours.enabled = True
    settings.working_hours.start = time(9, 0)
    settings.working_hours.end = time(20, 0)
    return settings


def _notified(db: Database) -> list[dict[str, Any]]:
    return [dict(r) for r in db.query("SELECT event, title, body FROM notifications ORDER BY id")]


def _loads(sandbox: Sandbox) -> int:
    return int(sandbox.state()["page_loads"])


def _scheduled_check(db: Database, settings: Settings, clock: ManualClock,
                     day: datetime) -> dict[str, Any]:
    """Let the scheduler run the day's session check (09:10 + jitter, in UTC here)."""
    clock.set(day.replace(hour=9, minute=25))
    r = redis_lib.Redis.from_url(settings.redis.url)
    store = RunStore(db, clock)
    queued = {store.get(i)["bot"]: i for i in tick(db, r, clock, settings)}
    assert set(queued) - {"backup"} == {"session_check"}  # the bots are off
    jobs.run(settings, db, clock, store, queued["session_check"])
    return dict(store.get(queued["session_check"]))


@pytest.mark.parametrize("fault, status, event, stopped", [
    ("expired_session", "expired", "session_expired", "failed"),
    ("checkpoint", "checkpoint", "checkpoint", "paused"),
])
def test_the_daily_check_notices_a_dead_session_once_and_links_to_the_sign_in_page(
    sandbox: Sandbox, db: Database, settings: Settings, fault: str, status: str, event: str,
    stopped: str,
) -> None:
    sandbox.reset(seed=5, contacts=3, received=2, follows=0, sent=0, search_results=0,
                  faults=[fault])
    import_session(db, settings, sandbox)
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    clock = ManualClock(today.replace(hour=8))
    ensure_default_schedules(db, clock, settings)

    before = _loads(sandbox)
    run = _scheduled_check(db, settings, clock, today)
    assert run["status"] == stopped, run["error"]
    assert _loads(sandbox) > before  # it did ask LinkedIn
    assert db.scalar("SELECT status FROM linkedin_session") == status
    (sent,) = _notified(db)
    assert sent["event"] == event
    assert SIGN_IN_PAGE in sent["body"]
    if event == "checkpoint":
        assert "Open LinkedIn on the appliance" in sent["body"]

    # The bots are refused before their browser starts, and so is the next day's check.
    before = _loads(sandbox)
    with pytest.raises(BotRefused):
        execute(run_invitations, settings, db, "invitations")
    nxt = _scheduled_check(db, settings, clock, today + timedelta(days=1))
    assert nxt["status"] == "skipped"
    # (The checkpoint's 24 h cool-down is over by then: the challenged session alone refuses.)
    assert ("security check" if status == "checkpoint" else "logged out") in nxt["error"]
    assert _loads(sandbox) == before
    assert len(_notified(db)) == 1  # one notification, not one per check
    assert sandbox.state()["action_log"] == []


def test_the_daily_check_confirms_a_good_session_and_a_person_can_still_validate(
    sandbox: Sandbox, db: Database, settings: Settings
) -> None:
    sandbox.reset(seed=5, contacts=3, received=2, follows=0, sent=0, search_results=0)
    import_session(db, settings, sandbox)
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    clock = ManualClock(today.replace(hour=8))
    ensure_default_schedules(db, clock, settings)
    run = _scheduled_check(db, settings, clock, today)
    assert run["status"] == "succeeded"
    assert db.scalar("SELECT status FROM linkedin_session") == "valid"
    assert _notified(db) == []
    assert sandbox.state()["action_log"] == []  # it acted on nothing

    # Expired later: a person's "Validate" is never refused (it is how they confirm a fix).
    sandbox.faults("expired_session")
    with pytest.raises(Exception, match="logged_out"):
        execute(session_check, settings, db, "session_check")
    sandbox.faults()
    execute(session_check, settings, db, "session_check")
    assert db.scalar("SELECT status FROM linkedin_session") == "valid"
