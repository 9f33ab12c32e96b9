"""Bot run options are checked when a run is requested, not when the worker starts it."""

from __future__ import annotations

import httpx


def test_bad_bot_options_are_refused_with_field_names(admin: httpx.Client) -> None:
    r = admin.post("/api/bots/visitor/runs",
                   json={"options": {"max_pages": 99, "colour": "red"}})
    assert r.status_code == 422, r.text
    fields = {".".join(d["loc"]) for d in r.json()["detail"]}
    assert fields == {"options.max_pages", "options.colour"}
    r = admin.post("/api/bots/invitations/runs", json={"options": {"withdraw_max_per_run": 0}})
    assert r.status_code == 422
    assert admin.get("/api/runs", params={"limit": 5}).json()["total"] == 0  # nothing queued
    r = admin.post("/api/bots/invitations/runs",
                   json={"dry_run": True, "options": {"sent": False, "max_per_run": 3}})
    assert r.status_code == 202
