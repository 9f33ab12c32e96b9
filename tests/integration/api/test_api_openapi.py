"""Real answers of the running API, validated against the OpenAPI schema it publishes."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import jsonschema_rs
from api_kit import ApiServer

LI_AT = "AQEDARXtestVALUEnotREAL0123456789abcdefghijklmnop_-"


def _operation(doc: dict[str, Any], method: str, path: str) -> tuple[str, dict[str, Any]]:
    for template, ops in doc["paths"].items():
        pattern = "^" + re.sub(r"\\{[^/]+\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path) and method.lower() in ops:
            return template, ops[method.lower()]
    raise AssertionError(f"{method} {path} is not in the published schema")


def _check(doc: dict[str, Any], r: httpx.Response) -> str | None:
    """The mismatch between the answer and the schema, or None; raises if undocumented."""
    template, op = _operation(doc, r.request.method, r.request.url.path)
    documented = op["responses"].get(str(r.status_code))
    if documented is None:
        return f"{r.request.method} {template}: status {r.status_code} is not documented"
    schema = documented.get("content", {}).get("application/json", {}).get("schema")
    if schema is None:
        return None if not r.content else f"undocumented body {r.text[:80]}"
    # References are "#/components/...": give the schema the document's components.
    validator = jsonschema_rs.Draft202012Validator({**schema, "components": doc["components"]})
    errors = [e.message for e in validator.iter_errors(r.json())]
    return f"{r.request.method} {template} {r.status_code}: {errors[:3]}" if errors else None


def test_answers_match_the_published_schema(admin: httpx.Client, api: ApiServer,
                                            state_dir: Path) -> None:
    doc = admin.get("/api/openapi.json").json()
    # Every reference in the document resolves (the session import once pointed at $defs).
    refs = set(re.findall(r'"\$ref":\s*"([^"]+)"', admin.get("/api/openapi.json").text))
    for ref in refs:
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.rsplit("/", 1)[1] in doc["components"]["schemas"], ref
    answers: list[httpx.Response] = []

    def call(method: str, url: str, **kw: Any) -> httpx.Response:
        r = admin.request(method, url, **kw)
        assert r.status_code < 500, (method, url, r.text)
        answers.append(r)
        return r

    call("GET", "/api/health")
    with api.client() as stranger:
        r = stranger.get("/api/runs")
        answers.append(r)
        answers.append(stranger.get("/api/runs", headers={"Authorization": "Bearer la_nope"}))
    call("GET", "/api/auth/state")
    call("POST", "/api/auth/password", json={"current": "tangerine-Orbit-42", "new": "short"})
    call("POST", "/api/auth/login", json={})
    run_id = call("POST", "/api/bots/doctor/runs", json={"dry_run": True}).json()["run_id"]
    call("POST", "/api/bots/doctor/runs", json={})  # 409: one run per bot
    call("POST", "/api/bots/doctor/runs", json={"dry_run": "maybe"})
    call("GET", "/api/bots")
    call("GET", "/api/runs", params={"limit": 5})
    call("GET", "/api/runs", params={"offset": 2**63})
    call("GET", f"/api/runs/{run_id}")
    call("GET", "/api/runs/99999999999999999999")
    call("POST", f"/api/runs/{run_id}/cancel")
    call("GET", "/api/contacts", params={"limit": 0})
    call("GET", "/api/contacts/1")
    call("PUT", "/api/contacts/1/blacklist", json={"blacklisted": "nope"})
    call("GET", "/api/activity", params={"days": 0})
    call("GET", "/api/safety")
    bad_schedule = {"bot": "nope", "time_of_day": "25:00"}
    call("POST", "/api/schedules", json=bad_schedule)
    call("POST", "/api/schedules", json={"bot": "doctor", "kind": "cron"})
    call("POST", "/api/schedules/preview", json=bad_schedule)
    call("POST", "/api/schedules/preview", json={"bot": "doctor", "time_of_day": "08:00"})
    sid = call("POST", "/api/schedules", json={"bot": "doctor", "time_of_day": "08:00"}).json()["id"]
    call("PUT", f"/api/schedules/{sid}", json=bad_schedule)
    call("GET", "/api/schedules")
    call("GET", "/api/config")
    call("PUT", "/api/config", json={"limits": {"messages": {"daily": True}}})
    call("POST", "/api/keys", json={"name": ""})
    call("POST", "/api/keys", json={"name": "script"})
    call("GET", "/api/keys")
    call("DELETE", f"/api/keys/{2**63}")
    call("PUT", "/api/linkedin/session", json={"content": "[" * 1000})
    call("PUT", "/api/linkedin/session", json={"content": LI_AT, "viewport": {"width": 1}})
    call("PUT", "/api/linkedin/session", json={"content": LI_AT})
    call("GET", "/api/linkedin/session")
    name = call("POST", "/api/backups").json()["name"]
    call("GET", "/api/backups")
    call("POST", f"/api/backups/{name}/restore", json={})
    broken = state_dir / "backups" / "linkedin-broken.db"
    broken.write_bytes((state_dir / "backups" / name).read_bytes())
    conn = sqlite3.connect(broken)
    conn.execute("DROP INDEX messages_once")
    conn.commit()
    conn.close()
    call("POST", "/api/backups/linkedin-broken.db/restore", json={"confirm": True})
    call("GET", "/api/notifications")
    call("GET", "/api/system/logs", params={"lines": 10**9})
    call("GET", "/api/messages", params={"state": "unverified"})
    call("GET", "/api/messages", params={"state": "lost"})
    call("POST", "/api/messages/1/delivered")  # 404: no such wish
    call("GET", "/api/updates")
    call("GET", "/api/updates/status")
    call("GET", "/api/updates/history")
    call("POST", "/api/updates/install", json={"version": ""})
    call("POST", "/api/updates/install", json={"version": "9.9.9"})  # 409: nothing staged

    mismatches = [m for m in (_check(doc, r) for r in answers) if m]
    assert mismatches == []
    statuses = {r.status_code for r in answers}
    assert {200, 201, 202, 401, 404, 409, 422} <= statuses
    assert sum(r.status_code == 422 for r in answers) >= 15


def _untyped(schema: dict[str, Any] | None) -> bool:
    """An answer schema that says nothing: missing, ``{}`` or a bare object (a dict)."""
    if not schema:
        return True
    if "$ref" in schema:
        return False
    if schema.get("type") == "array":
        return _untyped(schema.get("items"))
    return schema.get("type") == "object" and not schema.get("properties")


def test_every_json_answer_has_a_model(admin: httpx.Client) -> None:
    doc = admin.get("/api/openapi.json").json()
    untyped = []
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            for code, answer in op["responses"].items():
                content = answer.get("content", {})
                if code.startswith("2") and "application/json" in content \
                        and _untyped(content["application/json"].get("schema")):
                    untyped.append(f"{method.upper()} {path} {code}")
    # The settings' JSON schema is a JSON Schema document: a dict by nature.
    assert untyped == ["GET /api/config/schema 200"]
