"""Absurd input through the real HTTP API: 422 naming the field, never a 500."""

from __future__ import annotations

import httpx
from api_kit import ApiServer

INT64_MAX = 2**63 - 1
HUGE = (str(INT64_MAX + 1), "99999999999999999999", "-" + str(INT64_MAX + 2))


def _assert_422(r: httpx.Response, loc: list[str]) -> None:
    assert r.status_code == 422, (r.request.url, r.status_code, r.text)
    detail = r.json()["detail"]
    assert any(d["loc"] == loc for d in detail), detail
    assert all({"loc", "msg", "type"} <= set(d) for d in detail), detail


def test_integers_past_sqlite_range_are_422_in_every_path_and_query(admin: httpx.Client) -> None:
    for n in HUGE:
        for method, url, name in [
            ("GET", f"/api/runs/{n}", "run_id"),
            ("POST", f"/api/runs/{n}/cancel", "run_id"),
            ("GET", f"/api/runs/{n}/screenshots/a.png", "run_id"),
            ("GET", f"/api/contacts/{n}", "contact_id"),
            ("GET", f"/api/schedules/{n}", "schedule_id"),
            ("DELETE", f"/api/schedules/{n}", "schedule_id"),
            ("DELETE", f"/api/keys/{n}", "key_id"),
        ]:
            _assert_422(admin.request(method, url), ["path", name])
        _assert_422(admin.put(f"/api/contacts/{n}/blacklist", json={"blacklisted": True}),
                    ["path", "contact_id"])
        _assert_422(admin.put(f"/api/schedules/{n}", json={"bot": "doctor"}),
                    ["path", "schedule_id"])
        for url in ("/api/runs", "/api/contacts"):
            _assert_422(admin.get(url, params={"offset": n}), ["query", "offset"])
    # The largest value SQLite stores is accepted and simply finds nothing.
    assert admin.get(f"/api/runs/{INT64_MAX}").status_code == 404
    r = admin.get("/api/runs", params={"offset": INT64_MAX})
    assert r.status_code == 200 and r.json()["items"] == []


def test_every_integer_parameter_is_bounded_in_the_published_schema(admin: httpx.Client) -> None:
    doc = admin.get("/api/openapi.json").json()
    seen = 0
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            for p in op.get("parameters", []):
                schema = p["schema"]
                types = [schema] + schema.get("anyOf", [])
                if any(t.get("type") == "integer" for t in types):
                    seen += 1
                    bounded = [t for t in types if t.get("type") == "integer"]
                    assert all(t.get("maximum", INT64_MAX + 1) <= INT64_MAX
                               and t.get("minimum", -INT64_MAX - 2) >= -INT64_MAX - 1
                               for t in bounded), (method, path, p["name"], schema)
    assert seen >= 10


def test_logout_needs_the_csrf_header_like_every_unsafe_route(
    api: ApiServer, admin: httpx.Client
) -> None:
    with api.client() as c:
        c.cookies.update(admin.cookies)  # the session cookie alone, as a forged form would send
        r = c.post("/api/auth/logout")
        assert r.status_code == 403 and "CSRF" in r.json()["detail"]
    assert admin.get("/api/auth/state").json()["authenticated"] is True  # still signed in
    r = admin.post("/api/auth/logout")  # the dashboard sends the header
    assert r.status_code == 200 and r.json() == {"authenticated": False}
    with api.client() as c:
        c.cookies.update(admin.cookies)
        assert c.get("/api/runs").status_code == 401
        # Without a live session there is nothing to protect: logout just clears the cookies.
        assert c.post("/api/auth/logout").status_code == 200


def test_schedule_and_restore_422_bodies_have_the_published_shape(admin: httpx.Client) -> None:
    bad = {"bot": "nope", "kind": "daily", "time_of_day": "25:00"}
    created = admin.post("/api/schedules", json={"bot": "doctor", "time_of_day": "08:00"})
    assert created.status_code == 201, created.text
    sid = created.json()["id"]
    for r in (admin.post("/api/schedules", json=bad),
              admin.post("/api/schedules/preview", json=bad),
              admin.put(f"/api/schedules/{sid}", json=bad)):
        _assert_422(r, ["body", "bot"])
    r = admin.post("/api/schedules", json={"bot": "doctor", "kind": "cron"})
    assert r.status_code == 422 and all("type" in d for d in r.json()["detail"])
    name = admin.post("/api/backups").json()["name"]
    _assert_422(admin.post(f"/api/backups/{name}/restore", json={}), ["body", "confirm"])
