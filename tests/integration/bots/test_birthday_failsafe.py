"""The birthday bot when LinkedIn's page does not confirm a send: never a second wish, never a
passed quota, and runs that say so. Real Chromium against the sandbox; assertions on the
sandbox's own record of what it received."""

from __future__ import annotations

import json
from typing import Any

import pytest
from linkedin_auto.bots.birthday import birthday_job
from linkedin_auto.bots.plan import plan_for
from linkedin_auto.bots.safety.budget import action_usage
from linkedin_auto.clock import SystemClock
from linkedin_auto.db.connection import Database
from linkedin_auto.settings import Settings
from sandbox_kit import Sandbox, events, execute, import_session

pytestmark = pytest.mark.browser


def ready(sandbox: Sandbox, db: Database, settings: Settings, **reset: Any) -> dict[str, Any]:
    opts: dict[str, Any] = {"seed": 3, "contacts": 30, "birthdays_today": 5, "belated": 3,
                            "received": 0, "sent": 0, "search_results": 0, **reset}
    state = sandbox.reset(**opts)
    import_session(db, settings, sandbox)
    return state


def wanted(state: dict[str, Any], max_late: int) -> set[str]:
    return {b["slug"] for b in state["birthdays"]
            if b["degree"] == 1 and b["days_late"] <= max_late}


def received(sandbox: Sandbox) -> tuple[dict[str, int], dict[str, int]]:
    """(messages delivered, Send requests received) per person, from the sandbox."""
    st = sandbox.state()
    msgs: dict[str, int] = {}
    for m in st["messages"]:
        msgs[m["to_slug"]] = msgs.get(m["to_slug"], 0) + 1
    sends: dict[str, int] = {}
    for a in st["send_attempts"]:
        sends[a["to_slug"]] = sends.get(a["to_slug"], 0) + 1
    return msgs, sends


def last_run(db: Database) -> dict[str, Any]:
    row = db.query_one("SELECT * FROM runs ORDER BY id DESC LIMIT 1")
    assert row is not None
    return {**dict(row), "counts": json.loads(row["counts"])}


@pytest.mark.parametrize("variant", ["legacy", "sdui"])
def test_no_echo_overlay_on_default_settings_never_wishes_twice_nor_passes_the_quota(
    sandbox: Sandbox, db: Database, settings: Settings, variant: str
) -> None:
    settings.warmup.enabled = True  # the defaults: warm-up, 15/day scaled to 3, 10 per run
    assert settings.bots.birthday.max_per_run == 10
    quota = action_usage(settings, db, SystemClock().now(), "message")["daily_limit"]
    assert quota == 3
    state = ready(sandbox, db, settings, variant=variant, faults=["overlay_no_echo"])
    people = wanted(state, settings.bots.birthday.max_days_late)
    assert len(people) > quota

    execute(birthday_job, settings, db, "birthday")
    first = last_run(db)
    msgs, sends = received(sandbox)
    assert sum(sends.values()) == quota and set(sends.values()) == {1}
    assert msgs == sends  # delivered, although the overlay never showed the text
    assert first["status"] == "partial"
    assert first["counts"]["unverified"] == quota
    assert first["counts"]["deferred"] == len(people) - quota
    assert first["counts"].get("sent", 0) == 0
    rows = db.query("SELECT state, clicked_at FROM messages WHERE dry_run = 0")
    assert [r["state"] for r in rows] == ["unverified"] * quota and all(
        r["clicked_at"] for r in rows)
    outcomes = [r["outcome"] for r in db.query(
        "SELECT outcome FROM audit_log WHERE action = 'message' AND dry_run = 0")]
    assert outcomes == ["unverified"] * quota

    execute(birthday_job, settings, db, "birthday")
    second = last_run(db)
    msgs2, sends2 = received(sandbox)
    assert sends2 == sends and msgs2 == msgs  # the quota is spent: nobody new, nobody twice
    assert second["status"] == "partial"
    assert second["counts"]["deferred"] == len(people) - quota
    # The conversation's own page shows the text: the earlier wishes are now known as sent.
    assert second["counts"]["reconciled"] == quota
    states = sorted(r["state"] for r in db.query("SELECT state FROM messages WHERE dry_run = 0"))
    assert states == ["sent"] * quota


def test_aside_dialog_overlay_is_found_and_wished_once(
    sandbox: Sandbox, db: Database, settings: Settings
) -> None:
    state = ready(sandbox, db, settings, variant="sdui", faults=["overlay_aside_dialog"])
    people = wanted(state, settings.bots.birthday.max_days_late)
    execute(birthday_job, settings, db, "birthday")
    msgs, sends = received(sandbox)
    assert msgs == sends == {slug: 1 for slug in people}
    run = last_run(db)
    assert run["status"] == "succeeded" and run["counts"]["sent"] == len(people)


def test_dry_run_and_plan_apply_the_quota_and_say_what_is_deferred(
    sandbox: Sandbox, db: Database, settings: Settings
) -> None:
    settings.warmup.enabled = True
    state = ready(sandbox, db, settings)
    people = wanted(state, settings.bots.birthday.max_days_late)
    execute(birthday_job, settings, db, "birthday", dry_run=True)
    assert sandbox.state()["send_attempts"] == []
    run = last_run(db)
    assert run["counts"]["dry_run"] == 3  # what a real run would send now, not more
    assert run["counts"]["deferred"] == len(people) - 3
    assert run["status"] == "partial"
    plan = plan_for("birthday", settings, db, SystemClock())
    summary = plan["summary"]
    assert (summary["now"], summary["deferred"]) == (3, len(people) - 3)
    assert "daily quota 3 during warm-up" in summary["text"]
    entries = plan["last_list"]["entries"]
    deferred = [e for e in entries if e["decision"] == "deferred"]
    assert len(deferred) == len(people) - 3 and all("daily quota" in e["reason"]
                                                    for e in deferred)
    assert plan["text_note"]


def test_send_lost_is_counted_unverified_and_never_resent(
    sandbox: Sandbox, db: Database, settings: Settings
) -> None:
    # The page says "Sent" but nothing arrives anywhere, not even on the conversation page.
    state = ready(sandbox, db, settings, birthdays_today=2, belated=1, faults=["send_lost"])
    people = wanted(state, settings.bots.birthday.max_days_late)
    execute(birthday_job, settings, db, "birthday")
    st = sandbox.state()
    assert st["messages"] == []
    assert sorted(a["to_slug"] for a in st["send_attempts"]) == sorted(people)
    assert {a["result"] for a in st["send_attempts"]} == {"lost"}
    run = last_run(db)
    assert run["status"] == "partial" and run["counts"]["unverified"] == len(people)
    assert run["counts"].get("sent", 0) == 0
    outcomes = [r["outcome"] for r in db.query(
        "SELECT outcome FROM audit_log WHERE action = 'message' AND dry_run = 0")]
    assert outcomes == ["unverified"] * len(people)
    usage = action_usage(settings, db, SystemClock().now(), "message")
    assert usage["daily_used"] == len(people)  # every click counts against the quota

    sandbox.faults()  # LinkedIn behaves again: the lost wishes are still not resent
    execute(birthday_job, settings, db, "birthday")
    assert len(sandbox.state()["send_attempts"]) == len(people)
    assert sandbox.state()["messages"] == []
    assert last_run(db)["counts"].get("reconciled", 0) == 0  # absence proves nothing
    states = {r["state"] for r in db.query("SELECT state FROM messages WHERE dry_run = 0")}
    assert states == {"unverified"}


@pytest.mark.parametrize("variant", ["legacy", "sdui"])
def test_recheck_of_a_wish_without_conversation_keeps_it_unverified_on_the_empty_notice(
    sandbox: Sandbox, db: Database, settings: Settings, variant: str
) -> None:
    # The wish never arrived: the person has no conversation, and the messaging search says so.
    state = ready(sandbox, db, settings, variant=variant, birthdays_today=2, belated=0,
                  faults=["send_lost"])
    people = wanted(state, settings.bots.birthday.max_days_late)
    execute(birthday_job, settings, db, "birthday")
    sandbox.faults()
    run_id = execute(birthday_job, settings, db, "birthday").run_id
    st = sandbox.state()
    assert st["messages"] == [] and len(st["send_attempts"]) == len(people)  # never resent
    # Each recheck ended on the page's explicit "No messages found", not on a time limit.
    found = events(db, run_id, "recheck_no_conversation")
    assert len(found) == len(people)
    assert all("says it found no messages" in e["message"] for e in found)
    assert events(db, run_id, "recheck_not_shown") == []
    assert last_run(db)["counts"].get("reconciled", 0) == 0
    states = [r["state"] for r in db.query("SELECT state FROM messages WHERE dry_run = 0")]
    assert states == ["unverified"] * len(people)


def test_recheck_stops_at_a_loaded_conversation_without_the_wish_and_keeps_it_unverified(
    sandbox: Sandbox, db: Database, settings: Settings
) -> None:
    state = ready(sandbox, db, settings, birthdays_today=1, belated=0,
                  faults=["overlay_no_echo"])
    (slug,) = wanted(state, settings.bots.birthday.max_days_late)
    execute(birthday_job, settings, db, "birthday")
    # The conversation holds a message of ours, but not the text the ledger recorded.
    db.execute("UPDATE messages SET text = 'A text that never reached the page' "
               "WHERE dry_run = 0")
    sandbox.faults()
    run_id = execute(birthday_job, settings, db, "birthday").run_id
    st = sandbox.state()
    assert [m["to_slug"] for m in st["messages"]] == [slug]  # one message, never resent
    assert len(st["send_attempts"]) == 1
    shown = events(db, run_id, "recheck_not_shown")
    assert len(shown) == 1 and events(db, run_id, "recheck_no_conversation") == []
    assert last_run(db)["counts"].get("reconciled", 0) == 0
    assert [r["state"] for r in db.query("SELECT state FROM messages WHERE dry_run = 0")] == [
        "unverified"]
