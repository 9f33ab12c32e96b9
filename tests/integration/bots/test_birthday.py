"""The birthday bot in real Chromium against the sandbox: recipients, texts, exactly-once."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from linkedin_auto.bots.birthday import birthday_job
from linkedin_auto.bots.plan import plan_for
from linkedin_auto.browser.processes import browser_processes
from linkedin_auto.clock import SystemClock
from linkedin_auto.db.connection import Database
from linkedin_auto.runs.context import RunContext
from linkedin_auto.settings import Settings, TemplatePool
from sandbox_kit import (
    Sandbox,
    events,
    import_session,
    new_run,
)

pytestmark = pytest.mark.browser

EN_TODAY = "Happy birthday {first_name}!"
EN_LATE = "Happy belated birthday {first_name}, {days_late} days late!"
FR_TODAY = "Joyeux anniversaire {first_name} !"
FR_LATE = "Joyeux anniversaire avec un peu de retard {first_name} !"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    s = settings
    b = s.bots.birthday
    b.templates = {"en": TemplatePool(today=[EN_TODAY], belated=[EN_LATE]),
                   "fr": TemplatePool(today=[FR_TODAY], belated=[FR_LATE])}
    b.max_days_late = 3
    b.max_per_run = 20
    return s


def run(settings: Settings, db: Database, *, dry_run: bool = False) -> RunContext:
    """One birthday run, finished in the run store like the worker does (pass or fail)."""
    ctx = new_run(settings, db, "birthday", dry_run=dry_run)
    status = "failed"
    try:
        birthday_job(ctx)
        status = "succeeded"
    finally:
        ctx.store.finish(ctx.run_id, status, counts=dict(ctx.counts))
    return ctx


def ready(sandbox: Sandbox, db: Database, settings: Settings, **reset: Any) -> dict[str, Any]:
    opts: dict[str, Any] = {"seed": 1, "contacts": 20, "birthdays_today": 3, "belated": 5,
                            "received": 0, "sent": 0, "search_results": 0, **reset}
    state = sandbox.reset(**opts)
    import_session(db, settings, sandbox)
    return state


def expected_texts(state: dict[str, Any], max_late: int = 3,
                   skip: set[str] = frozenset()) -> dict[str, str]:  # type: ignore[assignment]
    out = {}
    for b in state["birthdays"]:
        if b["degree"] != 1 or b["days_late"] > max_late or b["slug"] in skip:
            continue
        first = b["name"].split()[0]
        late = b["days_late"]
        if b["language"] == "fr":
            text = FR_LATE.format(first_name=first) if late else FR_TODAY.format(first_name=first)
        else:
            text = (EN_LATE.format(first_name=first, days_late=late) if late
                    else EN_TODAY.format(first_name=first))
        out[b["slug"]] = text
    return out


def sent(sandbox: Sandbox) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for m in sandbox.state()["messages"]:
        out.setdefault(m["to_slug"], []).append(m["text"])
    return out


def ledger(db: Database) -> list[dict[str, Any]]:
    return [dict(r) for r in db.query(
        "SELECT c.slug, m.state, m.dry_run, m.kind, m.text FROM messages m"
        " JOIN contacts c ON c.id = m.contact_id ORDER BY m.id")]


@pytest.mark.parametrize("variant", ["legacy", "sdui"])
def test_today_and_belated_wishes_exactly_once(
    sandbox: Sandbox, db: Database, settings: Settings, variant: str
) -> None:
    state = ready(sandbox, db, settings, variant=variant)
    want = expected_texts(state)
    langs = Counter(b["language"] for b in state["birthdays"] if b["slug"] in want)
    assert langs["fr"] and langs["en"]  # the seed covers both languages
    strangers = {b["slug"] for b in state["birthdays"] if b["degree"] != 1}
    too_late = {b["slug"] for b in state["birthdays"] if b["days_late"] > 3}
    assert strangers and too_late

    ctx = run(settings, db)

    got = sent(sandbox)
    assert {slug: texts for slug, texts in got.items()} == {s: [t] for s, t in want.items()}
    rows = ledger(db)
    assert sorted(r["slug"] for r in rows if r["state"] == "sent") == sorted(want)
    assert all(r["dry_run"] == 0 for r in rows)
    audit = db.query("SELECT target_url, outcome, dry_run FROM audit_log WHERE action='message'")
    assert len([a for a in audit if a["outcome"] == "done"]) == len(want)
    assert ctx.counts["sent"] == len(want)

    plan = plan_for("birthday", settings, db, SystemClock())
    entries = {e["slug"]: e for e in plan["last_list"]["entries"]}
    names = {b["slug"]: b["name"] for b in state["birthdays"]}
    assert {slug: e["name"] for slug, e in entries.items()} == {s: names[s] for s in entries}
    for slug in strangers:
        assert entries[slug]["decision"] == "skip" and "1st-degree" in entries[slug]["reason"]
    for slug in want:  # the wishes just sent show as done, not as still to do
        assert entries[slug]["decision"] == "done", entries[slug]
    for slug in too_late:
        assert "days late" in entries[slug]["reason"]

    # A second run the same day wishes nobody twice.
    ctx2 = run(settings, db)
    assert sent(sandbox) == got
    assert ctx2.counts["sent"] == 0
    assert browser_processes(settings.paths.browser_dir) == []


def test_blacklist_then_dry_run_then_real_run(
    sandbox: Sandbox, db: Database, settings: Settings
) -> None:
    state = ready(sandbox, db, settings)
    want = expected_texts(state)
    by_name, by_slug = sorted(want)[:2]
    name = next(b["name"] for b in state["birthdays"] if b["slug"] == by_name)
    settings.bots.birthday.blacklist = [name.upper()]
    run(settings, db, dry_run=True)
    assert sandbox.state()["messages"] == []
    dry = ledger(db)
    assert {r["slug"] for r in dry} == set(want) - {by_name}
    assert all(r["state"] == "dry_run" and r["dry_run"] == 1 for r in dry)
    assert db.scalar("SELECT COUNT(*) FROM audit_log WHERE outcome = 'done'") == 0
    plan = plan_for("birthday", settings, db, SystemClock())
    assert plan["last_list"]["dry_run"] is True
    assert {e["slug"]: e["reason"] for e in plan["last_list"]["entries"]}[by_name] == "blacklisted"

    # the contact-level blacklist (dashboard) is honoured too
    db.execute("UPDATE contacts SET blacklisted = 1 WHERE slug = ?", (by_slug,))
    run(settings, db)
    assert set(sent(sandbox)) == set(want) - {by_name, by_slug}
    assert all(len(t) == 1 for t in sent(sandbox).values())


def test_the_contacts_own_language_wins_over_the_card(
    sandbox: Sandbox, db: Database, settings: Settings
) -> None:
    state = ready(sandbox, db, settings)
    want = expected_texts(state)
    french = next(b for b in state["birthdays"] if b["slug"] in want and b["language"] == "fr")
    english = next(b for b in state["birthdays"] if b["slug"] in want and b["language"] == "en")
    for person, lang in ((french, "en"), (english, "fr")):
        db.execute("INSERT INTO contacts (profile_url, slug, name, language, created_at,"
                   " updated_at) VALUES (?, ?, ?, ?, '', '')",
                   (f"{sandbox.url}/in/{person['slug']}/", person["slug"], person["name"], lang))
    run(settings, db, dry_run=True)
    entries = {e["slug"]: e for e in plan_for("birthday", settings, db, SystemClock())
               ["last_list"]["entries"]}
    assert entries[french["slug"]]["language"] == "en"
    assert entries[french["slug"]]["language_reason"] == "English (en): set for this contact"
    assert entries[english["slug"]]["language_reason"] == "French (fr): set for this contact"
    other = next(s for s in want if s not in (french["slug"], english["slug"])
                 and state_language(state, s) == "fr")
    assert entries[other]["language_reason"] == "French (fr): read on the birthday card"
    assert sent(sandbox) == {}

    run(settings, db)
    got = sent(sandbox)
    first = {b["slug"]: b["name"].split()[0] for b in (french, english)}
    late = {b["slug"]: b["days_late"] for b in (french, english)}
    fs, es = french["slug"], english["slug"]
    assert got[fs] == [(EN_LATE.format(first_name=first[fs], days_late=late[fs]) if late[fs]
                        else EN_TODAY.format(first_name=first[fs]))]
    assert got[es] == [(FR_LATE.format(first_name=first[es]) if late[es]
                        else FR_TODAY.format(first_name=first[es]))]
    assert {s: t for s, t in got.items() if s not in (fs, es)} == {
        s: [t] for s, t in want.items() if s not in (fs, es)}


def state_language(state: dict[str, Any], slug: str) -> str:
    return str(next(b["language"] for b in state["birthdays"] if b["slug"] == slug))


def test_budget_and_per_run_cap_stop_the_run(
    sandbox: Sandbox, db: Database, settings: Settings
) -> None:
    ready(sandbox, db, settings)
    settings.bots.birthday.max_per_run = 2
    ctx = run(settings, db)
    assert sum(len(t) for t in sent(sandbox).values()) == 2
    assert any("per-run cap" in e["message"] for e in events(db, ctx.run_id, "budget"))
    settings.bots.birthday.max_per_run = 20
    settings.limits.messages.daily = 3
    run(settings, db)
    assert sum(len(t) for t in sent(sandbox).values()) == 3  # daily quota over both runs
