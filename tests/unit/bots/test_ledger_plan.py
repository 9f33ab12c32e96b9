"""The message ledger's exactly-once guarantees and the plan preview, on a real SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from linkedin_auto.bots import ledger
from linkedin_auto.bots.plan import plan_for, save_last_list
from linkedin_auto.bots.safety.pause import pause_all
from linkedin_auto.clock import ManualClock
from linkedin_auto.db.connection import Database, open_database
from linkedin_auto.settings import validate_document

T0 = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
OCC = "birthday:2026-11-25"


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return open_database(tmp_path / "db.sqlite")


def contact(db: Database, clock: ManualClock, slug: str = "ana-1") -> int:
    row = ledger.upsert_contact(db, clock, profile_url=f"https://x/in/{slug}/", slug=slug,
                                name="Ana Lima")
    return int(row["id"])


def intent(db: Database, clock: ManualClock, cid: int, template: str = "t") -> int:
    return ledger.record_intent(db, clock, contact_id=cid, occasion=OCC, kind="today",
                                template=template, text="Happy birthday Ana!", run_id=None)


def test_one_real_wish_per_occasion(db: Database) -> None:
    clock = ManualClock(T0)
    cid = contact(db, clock)
    ledger.record_dry_run(db, clock, contact_id=cid, occasion=OCC, kind="today", template="t",
                          text="x", run_id=None)  # a dry-run never blocks
    first = intent(db, clock, cid)
    with pytest.raises(ledger.AlreadyRecorded):
        intent(db, clock, cid)
    ledger.confirm_sent(db, clock, first)
    with pytest.raises(ledger.AlreadyRecorded):
        intent(db, clock, cid)
    assert ledger.active(db, cid, OCC)["state"] == "sent"  # type: ignore[index]
    # another birthday (next year) is another occasion
    ledger.record_intent(db, clock, contact_id=cid, occasion="birthday:2027-11-25",
                         kind="today", template="t", text="x", run_id=None)


def test_abandoned_intent_frees_the_slot(db: Database) -> None:
    clock = ManualClock(T0)
    cid = contact(db, clock)
    first = intent(db, clock, cid)
    assert [r["id"] for r in ledger.pending_intents(db)] == [first]
    assert ledger.abandon_unclicked(db, clock, first, "the run died before the click")
    assert ledger.pending_intents(db) == []
    second = intent(db, clock, cid)
    assert second != first


def test_a_clicked_intent_is_never_abandoned_and_holds_the_slot(db: Database) -> None:
    clock = ManualClock(T0)
    cid = contact(db, clock)
    first = intent(db, clock, cid)
    ledger.mark_clicked(db, clock, first)
    assert not ledger.abandon_unclicked(db, clock, first, "retry?")
    assert not ledger.mark_failed(db, clock, first, "no")
    assert ledger.settle_clicked(db, clock, first, "the run died after the click")
    row = ledger.active(db, cid, OCC)
    assert row is not None and (row["id"], row["state"]) == (first, "unverified")
    assert row["clicked_at"] is not None
    with pytest.raises(ledger.AlreadyRecorded):
        intent(db, clock, cid)
    assert [r["id"] for r in ledger.unverified(db)] == [first]


def test_unverified_moves_only_up_automatically(db: Database) -> None:
    clock = ManualClock(T0)
    cid = contact(db, clock)
    m = intent(db, clock, cid)
    ledger.mark_clicked(db, clock, m)
    assert ledger.mark_unverified(db, clock, m, "not seen in the overlay")
    # No automatic path turns it into "not sent".
    assert not ledger.abandon_unclicked(db, clock, m, "x")
    assert not ledger.mark_unverified(db, clock, m, "again")
    assert ledger.upgrade_verified(db, clock, m, "found on the conversation page")
    row = db.query_one("SELECT state, sent_at, note FROM messages WHERE id = ?", (m,))
    assert row is not None and row["state"] == "sent" and row["sent_at"]
    assert not ledger.upgrade_verified(db, clock, m, "twice")  # sent stays sent
    with pytest.raises(RuntimeError):
        ledger.mark_clicked(db, clock, m)  # only an intent can be clicked


def test_the_person_marks_a_wish_delivered(db: Database) -> None:
    clock = ManualClock(T0)
    cid = contact(db, clock)
    m = intent(db, clock, cid)
    assert not ledger.mark_delivered(db, clock, m)  # an intent is not a wish to check
    ledger.mark_clicked(db, clock, m)
    ledger.mark_unverified(db, clock, m, "not seen")
    assert ledger.mark_delivered(db, clock, m)
    row = db.query_one("SELECT state, note, sent_at FROM messages WHERE id = ?", (m,))
    assert row is not None and tuple(row)[:2] == ("sent", ledger.NOTE_MARKED_DELIVERED)
    assert row["sent_at"]
    assert not ledger.mark_delivered(db, clock, m)
    assert not ledger.allow_resend(db, clock, m)  # a sent wish is never re-sent
    assert ledger.unverified(db) == []


def test_the_person_asks_for_a_wish_to_be_sent_again(db: Database) -> None:
    clock = ManualClock(T0)
    cid = contact(db, clock)
    m = intent(db, clock, cid)
    ledger.mark_clicked(db, clock, m)
    ledger.mark_unverified(db, clock, m, "not seen")
    with pytest.raises(ledger.AlreadyRecorded):
        intent(db, clock, cid)
    assert ledger.allow_resend(db, clock, m)
    row = db.query_one("SELECT state, note FROM messages WHERE id = ?", (m,))
    assert row is not None and tuple(row) == ("abandoned", ledger.NOTE_RESEND)
    assert not ledger.allow_resend(db, clock, m)
    assert not ledger.mark_delivered(db, clock, m)
    assert intent(db, clock, cid) != m  # the slot is free for a new attempt


def test_templates_used_within_the_repeat_window(db: Database) -> None:
    clock = ManualClock(T0)
    cid = contact(db, clock)
    m = intent(db, clock, cid, template="A")
    ledger.confirm_sent(db, clock, m)
    other = ledger.record_intent(db, clock, contact_id=cid, occasion="birthday:2025-11-25",
                                 kind="today", template="B", text="x", run_id=None)
    ledger.mark_clicked(db, clock, other)
    ledger.mark_unverified(db, clock, other, "not seen")  # may have been sent: counts as used
    used = ledger.templates_used_since(db, cid, T0 - timedelta(days=1))
    assert set(used) == {"A", "B"}
    assert ledger.templates_used_since(db, cid, T0 + timedelta(days=1)) == {}


def test_contact_upsert_keeps_a_user_set_language(db: Database) -> None:
    clock = ManualClock(T0)
    cid = contact(db, clock)
    db.execute("UPDATE contacts SET language = 'de' WHERE id = ?", (cid,))
    row = ledger.upsert_contact(db, clock, profile_url="https://x/in/ana-1/", slug="ana-1",
                                name="Ana Lima-Souza", language="fr")
    assert (row["id"], row["language"], row["name"]) == (cid, "de", "Ana Lima-Souza")


def test_plan_explains_why_not_and_shows_the_last_list(db: Database) -> None:
    s = validate_document({"timezone": "Europe/Paris",
                           "working_hours": {"start": "09:00", "end": "18:00"}})
    clock = ManualClock(datetime(2026, 11, 25, 6, 0, tzinfo=UTC))  # 07:00 in Paris
    plan = plan_for("birthday", s, db, clock)
    assert plan["would_run"] is False
    assert any("outside working hours" in r for r in plan["reasons"])
    assert plan["last_list"] is None and "dry-run" in plan["note"]
    assert set(plan["budget"]) == {"message"}

    clock.set(datetime(2026, 11, 25, 10, 0, tzinfo=UTC))
    assert plan_for("birthday", s, db, clock)["would_run"] is True
    pause_all(db, clock, hours=24, reason="error toast")
    save_last_list(db, clock, "birthday", 7, True,
                   [{"name": "Ana", "decision": "skip", "reason": "blacklisted"}])
    plan = plan_for("birthday", s, db, clock)
    assert plan["would_run"] is False and "error toast" in plan["reasons"][0]
    assert plan["last_list"]["run_id"] == 7 and plan["last_list"]["dry_run"] is True
    assert plan["last_list"]["entries"][0]["reason"] == "blacklisted"
    assert set(plan_for("invitations", s, db, clock)["budget"]) == {"accept", "ignore",
                                                                   "withdraw"}
    with pytest.raises(LookupError, match="unknown bot"):
        plan_for("poke", s, db, clock)


def test_plan_list_shows_what_a_real_run_already_did(db: Database) -> None:
    s = validate_document({"working_hours": {"enabled": False}})
    clock = ManualClock(T0)
    entries = [{"name": "Ana", "decision": "wish", "reason": "today", "outcome": "sent"},
               {"name": "Bo", "decision": "wish", "reason": "today", "outcome": ""}]
    save_last_list(db, clock, "birthday", 3, False, entries)
    shown = plan_for("birthday", s, db, clock)["last_list"]["entries"]
    assert [(e["name"], e["decision"]) for e in shown] == [("Ana", "done"), ("Bo", "wish")]
    assert shown[0]["reason"] == "sent by run #3"
    # a dry-run's list is what it would do: never shown as done
    save_last_list(db, clock, "birthday", 4, True, entries)
    shown = plan_for("birthday", s, db, clock)["last_list"]["entries"]
    assert [e["decision"] for e in shown] == ["wish", "wish"]


def test_plan_summary_applies_the_warm_up_quota_and_warns_about_aging_out(
    db: Database,
) -> None:
    s = validate_document({"working_hours": {"enabled": False}})  # warm-up on: 3 a day
    clock = ManualClock(T0)
    entries = [{"name": f"P{i}", "decision": "wish", "days_late": 0, "outcome": "dry_run"}
               for i in range(3)]
    entries += [{"name": "Late", "decision": "deferred", "days_late": 3},
                {"name": "Soon", "decision": "deferred", "days_late": 0},
                {"name": "Two", "decision": "deferred", "days_late": 2}]
    save_last_list(db, clock, "birthday", 5, True, entries)
    plan = plan_for("birthday", s, db, clock)
    summary = plan["summary"]
    assert (summary["now"], summary["deferred"]) == (3, 3)
    assert summary["text"].startswith("3 now, 3 tomorrow: daily quota 3 during warm-up")
    assert summary["aging_out"] == ["Late"]  # 3 days late today, 4 tomorrow > max_days_late 3
    assert "picked" in plan["text_note"]

    pause_all(db, clock, hours=2, reason="error toast")
    paused = plan_for("birthday", s, db, clock)["summary"]
    assert paused["now"] == 0 and "error toast" in paused["text"]
