"""The birthday bot under LinkedIn's failure modes: stop, pause, never retry a checkpoint,
never message the wrong person, and recover exactly once after a failed send."""

from __future__ import annotations

import json
from typing import Any

import pytest
from linkedin_auto.bots.birthday import PageChanged, birthday_job
from linkedin_auto.bots.common import BotRefused, SafetyStop, SessionProblem
from linkedin_auto.bots.safety.pause import current_pause, resume
from linkedin_auto.bots.session_check import session_check
from linkedin_auto.browser.processes import browser_processes
from linkedin_auto.clock import SystemClock
from linkedin_auto.db.connection import Database
from linkedin_auto.runs.context import RunContext
from linkedin_auto.settings import Settings
from sandbox_kit import (
    Sandbox,
    events,
    execute,
    import_session,
    new_run,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def settings(settings: Settings) -> Settings:
    s = settings
    s.bots.birthday.max_days_late = 3
    # a closed local port: delivery fails, but every attempt is recorded with its event
    s.notifications.urls = ["json://127.0.0.1:9/"]
    return s


def notified(db: Database) -> list[str]:
    return [r["event"] for r in db.query("SELECT event FROM notifications ORDER BY id")]


def ready(sandbox: Sandbox, db: Database, settings: Settings, **reset: Any) -> dict[str, Any]:
    opts: dict[str, Any] = {"seed": 2, "contacts": 12, "birthdays_today": 2, "belated": 1,
                            "received": 0, "sent": 0, "search_results": 0, **reset}
    state = sandbox.reset(**opts)
    import_session(db, settings, sandbox)
    return state


def wanted(state: dict[str, Any]) -> set[str]:
    return {b["slug"] for b in state["birthdays"] if b["degree"] == 1 and b["days_late"] <= 3}


def run(settings: Settings, db: Database, job: Any = birthday_job, bot: str = "birthday",
        *, dry_run: bool = False) -> RunContext:
    ctx = new_run(settings, db, bot, dry_run=dry_run)
    status = "failed"
    try:
        job(ctx)
        status = "succeeded"
    finally:
        ctx.store.finish(ctx.run_id, status, counts=dict(ctx.counts))
        assert browser_processes(settings.paths.browser_dir) == []
    return ctx


def session_status(db: Database) -> str:
    return str(db.scalar("SELECT status FROM linkedin_session WHERE id = 1"))


def per_person(sandbox: Sandbox) -> dict[str, int]:
    out: dict[str, int] = {}
    for m in sandbox.state()["messages"]:
        out[m["to_slug"]] = out.get(m["to_slug"], 0) + 1
    return out


def test_expired_session_stops_without_pausing(
    sandbox: Sandbox, db: Database, settings: Settings
) -> None:
    ready(sandbox, db, settings, faults=["expired_session"])
    with pytest.raises(SessionProblem, match="logged_out"):
        run(settings, db)
    assert session_status(db) == "expired"
    assert notified(db) == ["session_expired"]
    assert current_pause(db, SystemClock()) is None
    assert sandbox.state()["messages"] == []


def test_checkpoint_pauses_and_is_never_retried(
    sandbox: Sandbox, db: Database, settings: Settings
) -> None:
    ready(sandbox, db, settings, faults=["checkpoint"])
    with pytest.raises(SafetyStop, match="checkpoint"):
        run(settings, db)
    assert session_status(db) == "checkpoint"
    assert notified(db) == ["checkpoint"]
    pause = current_pause(db, SystemClock())
    assert pause is not None and "checkpoint" in pause.reason
    loads = sandbox.state()["page_loads"]

    # Even once the pause is lifted, no bot touches LinkedIn until a person validates.
    resume(db)
    with pytest.raises(BotRefused, match="security check"):
        run(settings, db)
    assert sandbox.state()["page_loads"] == loads

    # The person solved it: an on-demand session check (allowed while paused) clears it.
    sandbox.faults()
    run(settings, db, session_check, "session_check")
    assert session_status(db) == "valid"
    run(settings, db)
    assert sandbox.state()["messages"]


def test_too_many_requests_pauses_every_bot(
    sandbox: Sandbox, db: Database, settings: Settings
) -> None:
    ready(sandbox, db, settings, faults=["too_many_requests"])
    with pytest.raises(SafetyStop, match="too_many_requests"):
        run(settings, db)
    pause = current_pause(db, SystemClock())
    assert pause is not None and "too_many_requests" in pause.reason
    with pytest.raises(BotRefused, match="paused"):
        run(settings, db)


@pytest.mark.parametrize("fault", ["send_error_toast", "error_toast", "weekly_limit"])
def test_warning_after_send_pauses_counts_the_click_and_never_resends(
    sandbox: Sandbox, db: Database, settings: Settings, fault: str
) -> None:
    state = ready(sandbox, db, settings, faults=[fault])
    with pytest.raises(SafetyStop, match="paused"):
        execute(birthday_job, settings, db, "birthday")
    row = db.query_one("SELECT * FROM runs ORDER BY id DESC LIMIT 1")
    assert row is not None and row["status"] == "paused", row
    run_id, counts = int(row["id"]), json.loads(row["counts"])
    sb = sandbox.state()
    assert sb["messages"] == []
    assert len(sb["send_attempts"]) == 1  # exactly one click, then everything stopped
    clicked = sb["send_attempts"][0]["to_slug"]
    pause = current_pause(db, SystemClock())
    assert pause is not None
    assert events(db, run_id, "warning_sign")
    assert notified(db) == ["limit_reached"]
    assert [tuple(r) for r in db.query("SELECT state, clicked_at IS NOT NULL FROM messages")] \
        == [("unverified", 1)]  # the send it was not sure about
    assert [tuple(r) for r in db.query(
        "SELECT outcome, dry_run FROM audit_log WHERE action = 'message'")] == [("unverified", 0)]
    assert counts["unverified"] == 1
    shots = list((settings.paths.screenshots_dir / str(run_id)).glob("*.png"))
    assert shots

    # Cool-down over, LinkedIn fine again: the unverified wish is not repeated.
    sandbox.faults()
    resume(db)
    run(settings, db)
    assert per_person(sandbox) == {slug: 1 for slug in wanted(state) - {clicked}}
    attempts = [a["to_slug"] for a in sandbox.state()["send_attempts"]]
    assert attempts.count(clicked) == 1
    states = sorted(r["state"] for r in db.query("SELECT state FROM messages"))
    assert states == ["sent"] * (len(wanted(state)) - 1) + ["unverified"]


def test_slow_pages_still_work(sandbox: Sandbox, db: Database, settings: Settings) -> None:
    state = ready(sandbox, db, settings, birthdays_today=1, belated=0, faults=["slow"])
    run(settings, db)
    assert per_person(sandbox) == {slug: 1 for slug in wanted(state)}


def test_missing_message_button_fails_clearly_with_a_screenshot(
    sandbox: Sandbox, db: Database, settings: Settings
) -> None:
    ready(sandbox, db, settings, faults=["missing_element"])
    with pytest.raises(PageChanged, match="birthday_message_button"):
        run(settings, db)
    run_id = int(db.scalar("SELECT MAX(id) FROM runs"))
    shots = [p.name for p in (settings.paths.screenshots_dir / str(run_id)).glob("*.png")]
    assert any("missing-message-button" in s for s in shots)
    assert sandbox.state()["messages"] == []


@pytest.mark.parametrize("variant", ["legacy", "sdui"])
def test_wrong_overlay_in_front_never_gets_the_message(
    sandbox: Sandbox, db: Database, settings: Settings, variant: str
) -> None:
    state = ready(sandbox, db, settings, variant=variant, faults=["wrong_overlay"])
    texts: dict[str, str] = {}
    run(settings, db)
    for m in sandbox.state()["messages"]:
        assert m["to_slug"] not in texts, "two messages to one person"
        texts[m["to_slug"]] = m["text"]
    assert set(texts) == wanted(state)
    names = {b["slug"]: b["name"].split()[0] for b in state["birthdays"]}
    for slug, text in texts.items():
        assert names[slug] in text  # each text names its own recipient
    assert sandbox.state()["overlay_opens"] >= len(texts)
