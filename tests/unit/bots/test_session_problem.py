"""The one session_problem path, the refusal before any browser, and how pages are classified
(URLs and HTTP answers), on real SQLite and a ManualClock; notifications to a closed port are
still recorded, so their number is what is asserted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from linkedin_auto.bots.common import (
    BotRefused,
    SafetyStop,
    SessionProblem,
    preflight,
    session_problem,
)
from linkedin_auto.bots.safety.pause import current_pause, resume
from linkedin_auto.browser.session import SessionStatus, classify_response, classify_url
from linkedin_auto.clock import ManualClock, iso
from linkedin_auto.db.connection import Database, open_database
from linkedin_auto.db.runs import RunStore
from linkedin_auto.runs.context import RunContext
from linkedin_auto.settings import validate_document

T0 = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


@pytest.fixture
def db(tmp_path: Path) -> Database:
    d = open_database(tmp_path / "db.sqlite")
    d.execute(
        "INSERT INTO linkedin_session (id, encrypted, source, cookie_names, identity,"
        " imported_at, status) VALUES (1, 'x', 'li_at', '[]', '{}', ?, 'valid')", (iso(T0),))
    return d


def _ctx(db: Database, clock: ManualClock, bot: str = "visitor") -> RunContext:
    settings = validate_document({"notifications": {"urls": ["json://127.0.0.1:9/"]},
                                  "working_hours": {"enabled": False}})
    store = RunStore(db, clock)
    db.execute("UPDATE runs SET status = 'failed' WHERE status = 'queued'")  # one active per bot
    run_id = store.create(bot)
    return RunContext(run_id=run_id, bot=bot, dry_run=False, options={}, settings=settings,
                      db=db, clock=clock, store=store)


def _notified(db: Database) -> list[str]:
    return [r["event"] for r in db.query("SELECT event FROM notifications ORDER BY id")]


def test_logged_out_notifies_once_and_refuses_every_later_run(db: Database) -> None:
    clock = ManualClock(T0)
    exc = session_problem(_ctx(db, clock), SessionStatus.logged_out, "login page")
    assert isinstance(exc, SessionProblem)
    assert db.scalar("SELECT status FROM linkedin_session") == "expired"
    # the session check job (or a run racing it) finds the same: no second message
    assert isinstance(session_problem(_ctx(db, clock), SessionStatus.authwall, "authwall"),
                      SessionProblem)
    assert _notified(db) == ["session_expired"]
    assert current_pause(db, clock) is None  # logged out is not a limit sign
    for _ in range(3):
        clock.advance(timedelta(hours=8))
        with pytest.raises(BotRefused, match="logged out .* import a new session"):
            preflight(_ctx(db, clock))
    assert _notified(db) == ["session_expired"]
    # a new import (status unchecked) or a validation (valid) lifts it
    db.execute("UPDATE linkedin_session SET status = 'unchecked'")
    preflight(_ctx(db, clock))


def test_warning_signs_pause_with_one_notification(db: Database) -> None:
    clock = ManualClock(T0)
    stop = session_problem(_ctx(db, clock), SessionStatus.too_many_requests, "429")
    assert isinstance(stop, SafetyStop)
    pause = current_pause(db, clock)
    assert pause is not None and pause.reason.startswith("too_many_requests")
    assert isinstance(session_problem(_ctx(db, clock), SessionStatus.too_many_requests, "429"),
                      SafetyStop)
    assert _notified(db) == ["limit_reached"]
    with pytest.raises(BotRefused, match="paused"):
        preflight(_ctx(db, clock))


def test_identity_check_blocks_until_a_person_acts_even_after_the_pause(db: Database) -> None:
    clock = ManualClock(T0)
    assert isinstance(session_problem(_ctx(db, clock), SessionStatus.restricted, "verify"),
                      SafetyStop)
    assert db.scalar("SELECT status FROM linkedin_session") == "checkpoint"
    assert _notified(db) == ["checkpoint"]
    resume(db)
    with pytest.raises(BotRefused, match="security check"):
        preflight(_ctx(db, clock))


def test_checkpoint_found_during_a_pause_still_notifies_once(db: Database) -> None:
    clock = ManualClock(T0)
    session_problem(_ctx(db, clock), SessionStatus.too_many_requests, "429")
    session_problem(_ctx(db, clock, "session_check"), SessionStatus.checkpoint, "challenge")
    session_problem(_ctx(db, clock, "session_check"), SessionStatus.checkpoint, "challenge")
    assert _notified(db) == ["limit_reached", "checkpoint"]


def test_an_expired_cookie_date_refuses_without_traffic(db: Database) -> None:
    clock = ManualClock(T0)
    db.execute("UPDATE linkedin_session SET expires_at = ?", (iso(T0 + timedelta(hours=1)),))
    preflight(_ctx(db, clock))
    clock.advance(timedelta(hours=2))
    with pytest.raises(BotRefused, match="cookie expired"):
        preflight(_ctx(db, clock))


@pytest.mark.parametrize(("url", "status"), [
    ("https://www.linkedin.com/checkpoint/challenge/AgF123?ut=1", SessionStatus.checkpoint),
    ("https://www.linkedin.com/checkpoint/challengesV2/AQ", SessionStatus.checkpoint),
    ("https://www.linkedin.com/uas/consumer-email-challenge", SessionStatus.checkpoint),
    ("https://www.linkedin.com/checkpoint/lg/login-submit", SessionStatus.logged_out),
    ("https://www.linkedin.com/login?session_redirect=%2Ffeed%2F", SessionStatus.logged_out),
    ("https://www.linkedin.com/uas/login", SessionStatus.logged_out),
    ("https://www.linkedin.com/authwall?trk=x", SessionStatus.authwall),
    # people whose URL happens to contain the words are not warning signs
    ("https://www.linkedin.com/in/challenge-cup-team/", None),
    ("https://www.linkedin.com/in/jane/recent-activity/checkpoint/", None),
    ("https://www.linkedin.com/search/results/people/?keywords=challenge", None),
    ("https://www.linkedin.com/feed/", None),
])
def test_classify_url_by_path_prefix(url: str, status: SessionStatus | None) -> None:
    assert classify_url(url) == status


def test_an_http_429_is_a_warning_sign_by_itself() -> None:
    assert classify_response(SimpleNamespace(status=429)) == (  # type: ignore[arg-type]
        SessionStatus.too_many_requests, "LinkedIn answered 429 Too Many Requests")
    for status in (200, 302, 404, 500):
        assert classify_response(SimpleNamespace(status=status)) is None  # type: ignore[arg-type]
    assert classify_response(None) is None
