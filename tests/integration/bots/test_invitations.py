"""The invitations bot in real Chromium against the sandbox (both markup variants)."""

from __future__ import annotations

from typing import Any

import pytest
from linkedin_auto.bots.common import SafetyStop
from linkedin_auto.bots.contacts import Blacklist, upsert_contact
from linkedin_auto.bots.invitations import run_invitations
from linkedin_auto.bots.invitations.rules import ReceivedCard, decide_received
from linkedin_auto.bots.invitations.store import record_decision
from linkedin_auto.bots.plan import plan_for
from linkedin_auto.bots.safety.pause import current_pause
from linkedin_auto.clock import SystemClock
from linkedin_auto.db.connection import Database
from linkedin_auto.settings import Settings
from sandbox_kit import (
    Sandbox,
    events,
    execute,
    import_session,
    new_run,
)

pytestmark = pytest.mark.browser


def _ready(sandbox: Sandbox, db: Database, settings: Settings, **reset: Any) -> dict[str, Any]:
    opts: dict[str, Any] = {"seed": 11, "contacts": 5, "search_results": 0, **reset}
    state = sandbox.reset(**opts)
    import_session(db, settings, sandbox)
    return state


def _decisions(db: Database) -> list[dict[str, Any]]:
    return [dict(r) for r in db.query(
        "SELECT direction, name, decision, rule, state, dry_run FROM invitations ORDER BY id")]


@pytest.mark.parametrize("variant", ["legacy", "sdui"])
def test_accept_and_ignore_by_rules(
    sandbox: Sandbox, db: Database, settings: Settings, variant: str
) -> None:
    state = _ready(sandbox, db, settings, variant=variant, received=14, follows=2, sent=0)
    inv = settings.bots.invitations
    inv.accept.min_mutual = 20
    inv.ignore.enabled = True
    inv.ignore.exclude_keywords = ["recruit", "talent", "HR"]
    pending = [r for r in state["received"] if not r["follows"]]
    inv.blacklist = [pending[0]["slug"]]

    expected: dict[str, set[str]] = {"accept": set(), "ignore": set(), "skip": set()}
    for r in state["received"]:
        card = ReceivedCard(r["name"], r["slug"], "" if r["follows"] else r["headline"],
                            r["mutual"] if not r["follows"] else 0, r["follows"])
        expected[decide_received(card, inv, Blacklist(inv.blacklist)).action].add(r["slug"])
    assert expected["accept"] and expected["skip"]  # the seed exercises both

    execute(run_invitations, settings, db, "invitations")

    after = sandbox.state()
    assert set(after["accepted"]) == expected["accept"]
    assert set(after["ignored"]) == expected["ignore"]
    assert after["withdrawn"] == []
    follows = {r["slug"] for r in state["received"] if r["follows"]}
    assert not follows & set(after["accepted"])
    rows = _decisions(db)
    by_state = {(r["decision"], r["state"]) for r in rows}
    assert ("skip", "skipped") in by_state and ("accept", "done") in by_state
    assert all(r["state"] != "intent" for r in rows)
    rules = {r["rule"] for r in rows}
    assert {"follows_you", "blacklist", "accept.min_mutual"} <= rules
    audit = db.query("SELECT action, rule, budget FROM audit_log WHERE outcome = 'done'")
    assert len(audit) == len(expected["accept"]) + len(expected["ignore"])
    assert all(a["rule"] and a["budget"] for a in audit)
    # 14 invitations, ~10 per load: the bot reloaded to see the rest.
    loads = [p for p in after["page_log"] if p.startswith("/mynetwork/invitation-manager/received")]
    assert len(loads) >= 2


def test_take_care_dialog_is_confirmed(
    sandbox: Sandbox, db: Database, settings: Settings
) -> None:
    state = _ready(sandbox, db, settings, received=3, follows=0, sent=0,
                   faults=["take_care_dialog"])
    settings.bots.invitations.accept.min_mutual = 0
    ctx = execute(run_invitations, settings, db, "invitations")
    assert set(sandbox.state()["accepted"]) == {r["slug"] for r in state["received"]}
    assert len(events(db, ctx.run_id, "take_care")) == 3


def test_withdraw_oldest_first_up_to_the_cap(
    sandbox: Sandbox, db: Database, settings: Settings
) -> None:
    state = _ready(sandbox, db, settings, variant="sdui", received=0, sent=10)
    w = settings.bots.invitations.withdraw
    w.older_than_days = 28
    w.max_per_run = 1
    execute(run_invitations, settings, db, "invitations")
    ages = {s["slug"]: s["days_ago"] for s in state["sent"]}
    withdrawn = sandbox.state()["withdrawn"]
    # 30 and 45 days both read "Sent 1 month ago": either is the oldest the page shows.
    assert len(withdrawn) == 1 and ages[withdrawn[0]] >= 30
    assert [r["state"] for r in _decisions(db) if r["decision"] == "withdraw"] == ["done"]


def test_withdraw_only_old_ones_across_pages(
    sandbox: Sandbox, db: Database, settings: Settings
) -> None:
    state = _ready(sandbox, db, settings, received=0, sent=13)
    w = settings.bots.invitations.withdraw
    w.older_than_days = 28
    w.max_per_run = 20
    execute(run_invitations, settings, db, "invitations")
    old = {s["slug"] for s in state["sent"] if s["days_ago"] >= 28}
    assert len(old) >= 4
    assert set(sandbox.state()["withdrawn"]) == old


@pytest.mark.parametrize("fault", ["weekly_limit", "error_toast"])
def test_warning_sign_pauses_and_stops(
    sandbox: Sandbox, db: Database, settings: Settings, fault: str
) -> None:
    _ready(sandbox, db, settings, received=5, follows=0, sent=0, faults=[fault])
    settings.bots.invitations.accept.min_mutual = 0
    with pytest.raises(SafetyStop):
        execute(run_invitations, settings, db, "invitations")
    after = sandbox.state()
    assert after["accepted"] == [] and after["ignored"] == []
    pause = current_pause(db, SystemClock())
    assert pause is not None
    rows = _decisions(db)
    # The click happened and its effect was not seen: counted, never repeated automatically.
    assert [(r["decision"], r["state"]) for r in rows] == [("accept", "unverified")]
    assert db.scalar("SELECT COUNT(*) FROM audit_log WHERE outcome = 'done'") == 0
    assert db.scalar("SELECT COUNT(*) FROM audit_log WHERE outcome = 'unverified'") == 1


def test_dry_run_changes_nothing(sandbox: Sandbox, db: Database, settings: Settings) -> None:
    _ready(sandbox, db, settings, received=6, follows=1, sent=10)
    inv = settings.bots.invitations
    inv.accept.min_mutual = 0
    inv.withdraw.older_than_days = 28
    ctx = execute(run_invitations, settings, db, "invitations", dry_run=True)
    after = sandbox.state()
    assert (after["accepted"], after["ignored"], after["withdrawn"]) == ([], [], [])
    rows = _decisions(db)
    acts = [r for r in rows if r["decision"] != "skip"]
    assert {(r["state"], r["dry_run"]) for r in acts} == {("dry_run", 1)}
    assert {r["decision"] for r in acts} == {"accept", "withdraw"}
    assert ctx.counts["would_accept"] == 5 and ctx.counts["would_withdraw"] == 2
    assert db.scalar("SELECT COUNT(*) FROM audit_log WHERE dry_run = 0") == 0
    listing = plan_for("invitations", settings, db, SystemClock())["last_list"]
    decided = {(e["decision"], e["rule"]) for e in listing["entries"]}
    assert {("accept", "accept.min_mutual"), ("skip", "follows_you"),
            ("withdraw", "withdraw.older_than_days"), ("skip", "withdraw.too_recent")} <= decided


def test_interrupted_actions_are_reconciled(
    sandbox: Sandbox, db: Database, settings: Settings
) -> None:
    """A crash between the click and the record leaves 'intent': the next run settles it."""
    state = _ready(sandbox, db, settings, received=3, follows=0, sent=0)
    settings.bots.invitations.accept.min_mutual = 0
    earlier = new_run(settings, db, "invitations")
    earlier.store.finish(earlier.run_id, "failed", error="worker killed")
    now = SystemClock().now()
    rows = {}
    for slug in (state["received"][0]["slug"], "gone-person-1"):
        contact = upsert_contact(db, now, base_url=sandbox.url, slug=slug, name=slug)
        rows[slug] = record_decision(
            db, now, direction="received", contact_id=contact, name=slug, decision="accept",
            rule="accept.min_mutual", state="intent", dry_run=False, run_id=earlier.run_id)

    ctx = execute(run_invitations, settings, db, "invitations")

    states = {slug: db.scalar("SELECT state FROM invitations WHERE id = ?", (row,))
              for slug, row in rows.items()}
    assert states == {state["received"][0]["slug"]: "failed", "gone-person-1": "done"}
    assert len(events(db, ctx.run_id, "reconciled")) == 2
    assert set(sandbox.state()["accepted"]) == {r["slug"] for r in state["received"]}
