"""Warning signs stop and pause everything, and every click counts: the visitor and
invitations bots in real Chromium against the sandbox's fault modes, asserted from the
sandbox's own record of what it received."""

from __future__ import annotations

from typing import Any

import pytest
from linkedin_auto.bots import page_read
from linkedin_auto.bots.common import BotRefused, SafetyStop
from linkedin_auto.bots.contacts import upsert_contact
from linkedin_auto.bots.invitations import run, run_invitations
from linkedin_auto.bots.invitations.store import record_decision
from linkedin_auto.bots.safety.delays import Delays
from linkedin_auto.bots.safety.pause import current_pause, resume
from linkedin_auto.bots.visitor import run_visitor
from linkedin_auto.clock import SystemClock
from linkedin_auto.db.connection import Database
from linkedin_auto.settings import Settings
from sandbox_kit import Sandbox, events, execute, import_session, new_run

pytestmark = pytest.mark.browser


@pytest.fixture
def settings(settings: Settings) -> Settings:
    s = settings
    s.bots.invitations.accept.min_mutual = 0
    v = s.bots.visitor
    v.keywords = "at OR chez"
    v.dwell_min_seconds = v.dwell_max_seconds = 0
    v.network = ["S", "O"]
    s.notifications.urls = ["json://127.0.0.1:9/"]  # closed port: attempts are still recorded
    return s


def _ready(sandbox: Sandbox, db: Database, settings: Settings, **reset: Any) -> dict[str, Any]:
    opts: dict[str, Any] = {"seed": 11, "contacts": 5, "search_results": 0, "received": 0,
                            "sent": 0, **reset}
    state = sandbox.reset(**opts)
    import_session(db, settings, sandbox)
    return state


def _notified(db: Database) -> list[str]:
    return [r["event"] for r in db.query("SELECT event FROM notifications ORDER BY id")]


def _audit(db: Database, action: str) -> list[tuple[str, str]]:
    return [(r["target_url"].rstrip("/").rsplit("/", 1)[-1], r["outcome"]) for r in db.query(
        "SELECT target_url, outcome FROM audit_log WHERE action = ? AND dry_run = 0 ORDER BY id",
        (action,))]


def _actions(sandbox: Sandbox) -> list[tuple[str, str, str]]:
    return [(a["action"], a["slug"], a["result"]) for a in sandbox.state()["action_log"]]


def test_limit_popup_after_accepts_pauses_and_stops_all_traffic(
    sandbox: Sandbox, db: Database, settings: Settings
) -> None:
    state = _ready(sandbox, db, settings, received=6, follows=0, limit_after=2)
    order = [r["slug"] for r in state["received"]]
    with pytest.raises(SafetyStop, match="limit warning"):
        execute(run_invitations, settings, db, "invitations")
    after = sandbox.state()
    assert after["accepted"] == order[:2]
    # the third accept met the popup; nothing was asked of LinkedIn after it
    assert _actions(sandbox) == [("accept", order[0], "ok"), ("accept", order[1], "ok"),
                                 ("accept", order[2], "limit")]
    assert after["page_log"][-1].startswith("/mynetwork/invitation-manager/received")
    pause = current_pause(db, SystemClock())
    assert pause is not None and "limit warning" in pause.reason
    # every click counts: two seen, one not
    assert _audit(db, "accept") == [(order[0], "done"), (order[1], "done"),
                                    (order[2], "unverified")]
    assert _notified(db) == ["limit_reached"]
    assert db.scalar("SELECT status FROM runs ORDER BY id DESC LIMIT 1") == "paused"
    loads = after["page_loads"]

    with pytest.raises(BotRefused, match="paused"):
        execute(run_invitations, settings, db, "invitations")
    with pytest.raises(BotRefused, match="paused"):
        execute(run_visitor, settings, db, "visitor")
    assert sandbox.state()["page_loads"] == loads
    assert _notified(db) == ["limit_reached"]


def test_unverified_accept_and_withdrawal_are_never_retried(
    sandbox: Sandbox, db: Database, settings: Settings
) -> None:
    state = _ready(sandbox, db, settings, received=3, follows=0, sent=13,
                   faults=["error_toast"])
    settings.bots.invitations.withdraw.older_than_days = 28
    settings.bots.invitations.withdraw.max_per_run = 20
    first = state["received"][0]["slug"]
    with pytest.raises(SafetyStop, match="error toast"):
        execute(run_invitations, settings, db, "invitations", options={"sent": False})
    assert _actions(sandbox) == [("accept", first, "error")]
    assert _audit(db, "accept") == [(first, "unverified")]

    # Cool-down over, LinkedIn fine again: the unverified accept is left to the person.
    resume(db)
    sandbox.faults()
    ctx = execute(run_invitations, settings, db, "invitations", options={"sent": False})
    accepts = [a for a in _actions(sandbox) if a[0] == "accept"]
    assert [a[1] for a in accepts].count(first) == 1
    assert set(sandbox.state()["accepted"]) == {r["slug"] for r in state["received"][1:]}
    assert ctx.counts["skipped_earlier_unverified"] == 1

    # The same for a withdrawal whose effect was not seen.
    sandbox.faults("error_toast")
    with pytest.raises(SafetyStop):
        execute(run_invitations, settings, db, "invitations", options={"received": False})
    unverified = [a[1] for a in _actions(sandbox) if a[0] == "withdraw"]
    assert len(unverified) == 1
    resume(db)
    sandbox.faults()
    execute(run_invitations, settings, db, "invitations", options={"received": False})
    withdraws = [a[1] for a in _actions(sandbox) if a[0] == "withdraw"]
    assert withdraws.count(unverified[0]) == 1
    old = {s["slug"] for s in state["sent"] if s["days_ago"] >= 28}
    assert set(sandbox.state()["withdrawn"]) == old - {unverified[0]}


def test_clicks_whose_effect_is_not_seen_count_and_are_followed_by_the_delay(
    sandbox: Sandbox, db: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The accepts happen on LinkedIn but the page never shows it: each is counted against
    the run cap and quotas, audited unverified, and the human delay follows each one."""
    state = _ready(sandbox, db, settings, received=5, follows=0, faults=["silent_actions"])
    monkeypatch.setattr(run, "ACTION_TIMEOUT_S", 0.5)
    settings.bots.invitations.max_per_run = 3
    delays_at: list[int] = []
    # Each human delay is drawn once (then slept): record how many actions came before it.
    monkeypatch.setattr(Delays, "action_seconds",
                        lambda self, scale=1.0: delays_at.append(len(_actions(sandbox))) or 0.0)

    ctx = execute(run_invitations, settings, db, "invitations", options={"sent": False})

    order = [r["slug"] for r in state["received"]]
    assert sandbox.state()["accepted"] == order[:3]  # the cap held although none was seen
    assert [a[0] for a in _actions(sandbox)] == ["accept"] * 3
    assert _audit(db, "accept") == [(slug, "unverified") for slug in order[:3]]
    assert delays_at == [1, 2, 3]
    assert ctx.counts["unverified"] == 3 and ctx.counts["deferred"] == 2
    assert db.scalar("SELECT status FROM runs WHERE id = ?", (ctx.run_id,)) == "partial"
    rows = db.query("SELECT state FROM invitations WHERE decision = 'accept'")
    assert [r["state"] for r in rows] == ["unverified"] * 3


def test_received_page_without_cards_or_notice_is_not_nothing_to_do(
    sandbox: Sandbox, db: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ready(sandbox, db, settings, received=0, sent=3, faults=["no_empty_notice"])
    monkeypatch.setattr(page_read, "LIST_WAIT_S", 2.0)
    earlier = new_run(settings, db, "invitations")
    earlier.store.finish(earlier.run_id, "failed", error="worker killed")
    now = SystemClock().now()
    contact = upsert_contact(db, now, base_url=sandbox.url, slug="gone-person", name="Gone")
    row = record_decision(db, now, direction="received", contact_id=contact, name="Gone",
                          decision="accept", rule="accept.min_mutual", state="intent",
                          dry_run=False, run_id=earlier.run_id)

    with pytest.raises(page_read.PageUnreadable, match="received invitations"):
        execute(run_invitations, settings, db, "invitations")

    after = sandbox.state()
    assert after["action_log"] == []
    # the sent list was not walked either, and the earlier intent was not settled on a guess
    assert not any(p.startswith("/mynetwork/invitation-manager/sent") for p in after["page_log"])
    assert db.scalar("SELECT state FROM invitations WHERE id = ?", (row,)) == "intent"
    run_id = int(db.scalar("SELECT MAX(id) FROM runs"))
    assert events(db, run_id, "failure_page")


def test_429_on_profiles_stops_every_view(
    sandbox: Sandbox, db: Database, settings: Settings
) -> None:
    _ready(sandbox, db, settings, search_results=20, faults=["rate_limit_profile"])
    settings.bots.visitor.max_per_run = 5
    with pytest.raises(SafetyStop, match="429"):
        execute(run_visitor, settings, db, "visitor")
    after = sandbox.state()
    profiles = [p for p in after["page_log"] if p.startswith("/in/")]
    assert len(profiles) == 1 and after["profile_views"] == []
    assert after["page_log"][-1] == profiles[0]  # nothing after the 429
    slug = profiles[0].strip("/").split("/")[1]
    # the request was made: it counts, and that person is not visited again soon
    assert _audit(db, "profile_view") == [(slug, "unverified")]
    assert db.scalar("SELECT COUNT(*) FROM profile_visits WHERE dry_run = 0") == 1
    assert current_pause(db, SystemClock()) is not None
    assert _notified(db) == ["limit_reached"]


def test_slow_down_page_on_search_stops_before_any_profile(
    sandbox: Sandbox, db: Database, settings: Settings
) -> None:
    _ready(sandbox, db, settings, search_results=20, faults=["rate_limit_search"])
    with pytest.raises(SafetyStop, match="too_many_requests"):
        execute(run_visitor, settings, db, "visitor")
    after = sandbox.state()
    assert [p for p in after["page_log"] if p.startswith("/search/")] == [after["page_log"][-1]]
    assert not any(p.startswith("/in/") for p in after["page_log"])
    assert db.scalar("SELECT COUNT(*) FROM audit_log") == 0
    assert current_pause(db, SystemClock()) is not None


def test_identity_verification_pauses_and_waits_for_a_person(
    sandbox: Sandbox, db: Database, settings: Settings
) -> None:
    _ready(sandbox, db, settings, received=3, follows=0, faults=["id_verification"])
    with pytest.raises(SafetyStop, match="restricted"):
        execute(run_invitations, settings, db, "invitations")
    assert db.scalar("SELECT status FROM linkedin_session") == "checkpoint"
    assert _notified(db) == ["checkpoint"]
    loads = sandbox.state()["page_loads"]
    resume(db)  # even after the cool-down, no bot touches LinkedIn until a person validates
    with pytest.raises(BotRefused, match="security check"):
        execute(run_visitor, settings, db, "visitor")
    assert sandbox.state()["page_loads"] == loads
    assert sandbox.state()["action_log"] == []


@pytest.mark.parametrize("variant", ["legacy", "sdui"])
def test_invisible_recaptcha_is_not_a_checkpoint(
    sandbox: Sandbox, db: Database, settings: Settings, variant: str
) -> None:
    state = _ready(sandbox, db, settings, variant=variant, received=3, follows=0,
                   faults=["invisible_recaptcha"])
    execute(run_invitations, settings, db, "invitations")
    assert set(sandbox.state()["accepted"]) == {r["slug"] for r in state["received"]}
    assert current_pause(db, SystemClock()) is None
    assert db.scalar("SELECT status FROM linkedin_session") == "valid"
    assert _notified(db) == []
