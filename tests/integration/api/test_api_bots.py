"""GET /api/bots: what the dashboard builds its bot list and run forms from."""

from __future__ import annotations

from pathlib import Path

import httpx
from linkedin_auto.clock import SystemClock
from linkedin_auto.db.connection import open_database


def test_bots_list_titles_dry_run_options_and_default_schedules(admin: httpx.Client) -> None:
    bots = {b["name"]: b for b in admin.get("/api/bots").json()}
    # Started here or by a schedule: the live sign-in view has its own route and is not listed.
    assert set(bots) == {"backup", "birthday", "doctor", "invitations", "session_check",
                         "visitor"}
    birthday, visitor, doctor = bots["birthday"], bots["visitor"], bots["doctor"]
    assert birthday["title"] == "Birthday wishes" and birthday["is_bot"] is True
    assert birthday["supports_dry_run"] is True and doctor["supports_dry_run"] is False
    assert birthday["options"] == [] and doctor["options"] == []

    options = {o["name"]: o for o in visitor["options"]}
    assert options["max_pages"] == {"name": "max_pages", "types": ["integer"], "nullable": True,
                                    "default": None, "minimum": 1, "maximum": 20}
    assert options["geo_urns"]["types"] == ["array", "string"]
    received = {o["name"]: o for o in bots["invitations"]["options"]}["received"]
    assert received["types"] == ["boolean"] and received["default"] is True

    # The defaults a new install proposes: backup and session check on, the bots off.
    assert bots["backup"]["schedule_default"]["enabled"] is True
    assert bots["backup"]["schedule_default"]["time_of_day"] == "03:45"
    assert bots["backup"]["schedule_default"]["catch_up_hours"] == 20
    assert bots["session_check"]["schedule_default"]["enabled"] is True
    assert birthday["schedule_default"]["enabled"] is False
    assert birthday["schedule_default"]["name"] == "Birthday wishes"
    assert doctor["schedule_default"] is None
    assert birthday["busy"] is False and birthday["last_run"] is None


def test_bots_list_follows_runs(admin: httpx.Client) -> None:
    run_id = admin.post("/api/bots/doctor/runs", json={}).json()["run_id"]
    doctor = next(b for b in admin.get("/api/bots").json() if b["name"] == "doctor")
    assert doctor["busy"] is True and doctor["active_run_id"] == run_id
    assert doctor["last_run"]["id"] == run_id and doctor["last_run"]["status"] == "queued"


def test_plan_shows_the_last_list_with_each_bots_own_fields(
    admin: httpx.Client, state_dir: Path
) -> None:
    from linkedin_auto.bots.plan import save_last_list

    assert admin.get("/api/bots/birthday/plan").json()["last_list"] is None
    db = open_database(state_dir / "linkedin.db")
    save_last_list(db, SystemClock(), "birthday", 7, True, [
        {"name": "Ada", "slug": "ada", "decision": "wish", "kind": "today", "reason": None,
         "text": "Happy birthday, Ada!", "days_late": 0}])
    db.close()
    listing = admin.get("/api/bots/birthday/plan").json()["last_list"]
    assert listing["run_id"] == 7 and listing["dry_run"] is True and listing["at"]
    # The fields the dashboard shows are named in the schema; the others are kept as they are.
    assert listing["entries"] == [{"name": "Ada", "slug": "ada", "decision": "wish",
                                   "kind": "today", "reason": None,
                                   "text": "Happy birthday, Ada!", "days_late": 0}]
