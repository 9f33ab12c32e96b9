"""Non-finite and absurd numbers in run and schedule options: 422 naming the field, never a 500,
never stored. JSON as Python's parser reads it accepts NaN and Infinity, so they arrive here."""

from __future__ import annotations

import httpx

# Raw JSON bodies: httpx's json= refuses NaN, a careless client or a script does not.
NON_FINITE = ("NaN", "Infinity", "-Infinity", "1e300", "-1e300")


def _post(client: httpx.Client, method: str, url: str, body: str) -> httpx.Response:
    return client.request(method, url, content=body,
                          headers={"content-type": "application/json"})


def _assert_422(r: httpx.Response, loc: list[str | int]) -> None:
    assert r.status_code == 422, (r.request.method, r.request.url, r.request.content,
                                  r.status_code, r.text)
    detail = r.json()["detail"]
    assert any(d["loc"] == loc for d in detail), (r.request.content, detail)
    assert all({"loc", "msg", "type"} <= set(d) for d in detail), detail


def _runs_total(admin: httpx.Client) -> int:
    return int(admin.get("/api/runs", params={"limit": 1}).json()["total"])


def test_non_finite_and_huge_numbers_in_run_options_are_422(admin: httpx.Client) -> None:
    # Run options are named as the runs API always named them: options.<key>.
    for n in NON_FINITE:
        # A bot with typed options names the option.
        _assert_422(_post(admin, "POST", "/api/bots/visitor/runs",
                          f'{{"options": {{"max_pages": {n}}}}}'), ["options", "max_pages"])
        _assert_422(_post(admin, "POST", "/api/bots/invitations/runs",
                          f'{{"options": {{"max_per_run": {n}}}}}'),
                    ["options", "max_per_run"])
        # Any run: a number JSON cannot carry is refused wherever it sits in the options.
        _assert_422(_post(admin, "POST", "/api/bots/birthday/runs",
                          f'{{"dry_run": true, "options": {{"x": [1, {{"y": {n}}}]}}}}'),
                    ["options", "x", "1", "y"])
    # Booleans are not integers.
    for bot, key in (("visitor", "max_pages"), ("visitor", "max_per_run"),
                     ("invitations", "withdraw_max_per_run")):
        _assert_422(admin.post(f"/api/bots/{bot}/runs", json={"options": {key: True}}),
                    ["options", key])
    _assert_422(admin.post("/api/bots/doctor/runs", json={"options": {"n": 10**30}}),
                ["options", "n"])
    deep = '{"options": {"a": ' + "[" * 500 + "]" * 500 + "}}"
    _assert_422(_post(admin, "POST", "/api/bots/birthday/runs", deep),
                ["options", "a", *["0"] * 15])
    _assert_422(admin.post("/api/bots/birthday/runs", json={"dry_run": 1}), ["body", "dry_run"])
    assert _runs_total(admin) == 0  # nothing queued, nothing stored


def _schedule(**over: object) -> dict[str, object]:
    return {"bot": "visitor", "time_of_day": "08:00", "dry_run": True, **over}


def test_non_finite_and_huge_numbers_in_schedules_are_422(admin: httpx.Client) -> None:
    created = admin.post("/api/schedules", json=_schedule())
    assert created.status_code == 201, created.text
    sid = created.json()["id"]
    before = admin.get("/api/schedules").json()
    targets = [("POST", "/api/schedules"), ("POST", "/api/schedules/preview"),
               ("PUT", f"/api/schedules/{sid}")]
    for method, url in targets:
        for n in NON_FINITE:
            base = '{"bot": "visitor", "time_of_day": "08:00", '
            _assert_422(_post(admin, method, url, base + f'"catch_up_hours": {n}}}'),
                        ["body", "catch_up_hours"])
            _assert_422(_post(admin, method, url, base + f'"jitter_minutes": {n}}}'),
                        ["body", "jitter_minutes"])
            _assert_422(_post(admin, method, url, base + f'"options": {{"max_pages": {n}}}}}'),
                        ["body", "options", "max_pages"])
            birthday = '{"bot": "birthday", "time_of_day": "08:00", '
            _assert_422(_post(admin, method, url, birthday + f'"options": {{"z": {n}}}}}'),
                        ["body", "options", "z"])
        # The options a run would refuse, a schedule refuses too (it would fail every time).
        _assert_422(admin.request(method, url, json=_schedule(options={"colour": "red"})),
                    ["body", "options", "colour"])
        for key in ("jitter_minutes", "catch_up_hours"):
            _assert_422(admin.request(method, url, json=_schedule(**{key: True})), ["body", key])
        for key in ("dry_run", "enabled"):
            _assert_422(admin.request(method, url, json=_schedule(**{key: 1})), ["body", key])
        _assert_422(admin.request(method, url, json=_schedule(options={"max_pages": True})),
                    ["body", "options", "max_pages"])
    assert admin.get("/api/schedules").json() == before  # nothing stored or changed
    # A good update still works.
    r = admin.put(f"/api/schedules/{sid}", json=_schedule(options={"max_pages": 2}))
    assert r.status_code == 200 and r.json()["options"] == {"max_pages": 2}, r.text
