"""The limits in force during the warm-up, as GET /api/safety shows them next to the settings,
and the same numbers the bots' budget applies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from linkedin_auto.bots.safety.budget import Budget
from linkedin_auto.clock import SystemClock, iso, parse_iso
from linkedin_auto.db.connection import open_database
from linkedin_auto.settings import load_settings


def test_warmup_not_started_shows_start_fraction_and_no_date(admin: httpx.Client) -> None:
    safety = admin.get("/api/safety").json()
    w = safety["warmup"]
    assert w["enabled"] is True and w["active"] is True
    assert w["factor"] == 0.25 and w["days"] == 14
    assert w["started_at"] is None and w["full_at"] is None  # starts with the first real action
    msg = safety["usage"]["message"]
    assert (msg["configured_daily"], msg["daily_limit"]) == (15, 3)  # floor(15 * 0.25)
    assert (msg["configured_weekly"], msg["weekly_limit"]) == (60, 15)


def test_warmup_under_way_gives_the_date_full_limits_apply(
    admin: httpx.Client, state_dir: Path
) -> None:
    first = datetime.now(UTC) - timedelta(days=4)
    db = open_database(state_dir / "linkedin.db")
    with db.transaction() as c:
        c.execute("INSERT INTO audit_log (ts, bot, action, target_name, rule, outcome)"
                  " VALUES (?, 'birthday', 'message', 'Ada', 'today', 'done')", (iso(first),))
        # A dry run never starts the warm-up.
        c.execute("INSERT INTO audit_log (ts, bot, action, dry_run, outcome)"
                  " VALUES (?, 'visitor', 'profile_view', 1, 'done')",
                  (iso(first - timedelta(days=30)),))
    safety = admin.get("/api/safety").json()
    w = safety["warmup"]
    assert w["active"] is True
    assert parse_iso(w["started_at"]) == first
    assert parse_iso(w["full_at"]) == first + timedelta(days=14)
    # 0.25 + 0.75 * 4/14 = 0.464...: 15/day -> 6/day, 40/day -> 18/day
    assert 0.46 < w["factor"] < 0.47
    assert safety["usage"]["message"]["daily_limit"] == 6
    assert safety["usage"]["profile_view"]["daily_limit"] == 18
    # The bots' budget applies the very same limit (one rule, not two).
    budget = Budget(load_settings(), db, SystemClock())
    usage = budget.allow("message").usage_str
    assert "0/6 in 24h" in usage and f"1/{safety['usage']['message']['weekly_limit']} in 7d" in usage
    db.close()


def test_warmup_over_or_off_means_configured_limits(
    admin: httpx.Client, state_dir: Path
) -> None:
    first = datetime.now(UTC) - timedelta(days=20)
    db = open_database(state_dir / "linkedin.db")
    with db.transaction() as c:
        c.execute("INSERT INTO audit_log (ts, bot, action, target_name, rule, outcome)"
                  " VALUES (?, 'birthday', 'message', 'Ada', 'today', 'done')", (iso(first),))
    db.close()
    safety = admin.get("/api/safety").json()
    assert safety["warmup"]["active"] is False and safety["warmup"]["factor"] == 1
    assert parse_iso(safety["warmup"]["full_at"]) == first + timedelta(days=14)
    assert safety["usage"]["message"]["daily_limit"] == 15
    r = admin.put("/api/config", json={"warmup": {"enabled": False}})
    assert r.status_code == 200, r.text
    w = admin.get("/api/safety").json()["warmup"]
    assert (w["enabled"], w["active"], w["full_at"]) == (False, False, None)
