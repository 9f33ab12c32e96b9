"""PUT/GET/DELETE /api/linkedin/session: three input formats, precise refusals, no values out."""

from __future__ import annotations

import json
import time

import httpx
from api_kit import ApiServer

LI_AT = "AQEDARXtestVALUEnotREAL0123456789abcdefghijklmnop_-"
FUTURE = time.time() + 180 * 86400


def _storage_state() -> str:
    return json.dumps({
        "cookies": [
            {"name": "li_at", "value": LI_AT, "domain": ".www.linkedin.com", "path": "/",
             "expires": FUTURE, "httpOnly": True, "secure": True, "sameSite": "None"},
            {"name": "JSESSIONID", "value": '"ajax:123"', "domain": ".www.linkedin.com",
             "path": "/", "expires": FUTURE, "httpOnly": False, "secure": True,
             "sameSite": "None"},
        ],
        "origins": [],
    })


def _cookie_editor() -> str:
    return json.dumps([
        {"domain": ".linkedin.com", "expirationDate": FUTURE, "hostOnly": False,
         "httpOnly": True, "name": "li_at", "path": "/", "sameSite": "no_restriction",
         "secure": True, "session": False, "storeId": "0", "value": LI_AT},
        {"domain": ".linkedin.com", "hostOnly": False, "httpOnly": False, "name": "lang",
         "path": "/", "sameSite": "unspecified", "secure": True, "session": True,
         "storeId": "0", "value": "v=2&lang=en-us"},
    ])


def test_three_formats_are_accepted_and_values_never_returned(admin: httpx.Client) -> None:
    assert admin.get("/api/linkedin/session").status_code == 404
    cases = [(_storage_state(), "storage_state", ["JSESSIONID", "li_at"]),
             (_cookie_editor(), "cookie_export", ["lang", "li_at"]),
             (LI_AT, "li_at", ["li_at"]),
             (f"li_at={LI_AT}\n", "li_at", ["li_at"])]
    for content, source, names in cases:
        r = admin.put("/api/linkedin/session", json={"content": content})
        assert r.status_code == 200, r.text
        meta = admin.get("/api/linkedin/session").json()
        assert meta["source"] == source and meta["cookie_names"] == names
        assert meta["status"] == "unchecked"
        for text in (r.text, admin.get("/api/linkedin/session").text):
            assert LI_AT not in text and "ajax:123" not in text
    assert meta["expires_at"] is None  # a bare li_at has no known expiry
    assert meta["identity"]["viewport"] == {"width": 1280, "height": 800}
    assert "Chrome/" in meta["identity"]["user_agent"]
    r = admin.put("/api/linkedin/session",
                  json={"content": _cookie_editor(), "locale": "fr-FR",
                        "timezone_id": "Europe/Paris", "viewport": {"width": 1440, "height": 900}})
    meta = r.json()
    assert meta["identity"]["locale"] == "fr-FR"
    assert meta["identity"]["timezone_id"] == "Europe/Paris"
    assert meta["expires_at"] is not None
    assert admin.delete("/api/linkedin/session").status_code == 204
    assert admin.get("/api/linkedin/session").status_code == 404


def test_file_upload(admin: httpx.Client) -> None:
    r = admin.put("/api/linkedin/session",
                  files={"file": ("cookies.json", _cookie_editor(), "application/json")})
    assert r.status_code == 200, r.text
    assert r.json()["source"] == "cookie_export"
    r = admin.put("/api/linkedin/session",
                  files={"file": ("cookies.json", b"{not json", "application/json")})
    assert r.status_code == 422 and "not valid JSON" in r.json()["detail"][0]["msg"]


def test_malformed_input_is_refused_with_the_reason(admin: httpx.Client) -> None:
    past = time.time() - 86400
    cases = {
        '{"cookies": [': "not valid JSON",
        json.dumps([{"name": "JSESSIONID", "value": "x", "domain": ".linkedin.com"}]):
            "no li_at cookie",
        json.dumps([{"name": "li_at", "value": LI_AT, "domain": ".evil.example"}]):
            "not linkedin.com",
        json.dumps([{"name": "li_at", "value": LI_AT, "domain": ".linkedin.com",
                     "expirationDate": past}]): "expired",
        json.dumps([{"name": "li_at", "value": LI_AT, "domain": ".linkedin.com",
                     "sameSite": "sometimes"}]): "unknown sameSite",
        json.dumps({"foo": 1}): "storage_state",
        "has spaces in it; and semicolons": "not JSON and not an li_at value",
        "": "empty",
        "A" * (1024 * 1024 + 10): "larger than 1024 KiB",
    }
    for content, reason in cases.items():
        r = admin.put("/api/linkedin/session", json={"content": content})
        assert r.status_code == 422, (content[:40], r.text)
        assert reason in r.json()["detail"][0]["msg"], (reason, r.text)
        assert r.json()["detail"][0]["loc"] == ["body", "content"]
    r = admin.put("/api/linkedin/session", json={"content": LI_AT, "timezone_id": "Mars/Base"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "timezone_id"]
    r = admin.put("/api/linkedin/session", content=b"not json at all",
                  headers={"Content-Type": "application/json"})
    assert r.status_code == 422
    assert admin.get("/api/linkedin/session").status_code == 404  # nothing was stored


def test_validate_queues_a_session_check(admin: httpx.Client, api: ApiServer) -> None:
    assert admin.post("/api/linkedin/session/validate").status_code == 404
    admin.put("/api/linkedin/session", json={"content": LI_AT})
    r = admin.post("/api/linkedin/session/validate")
    assert r.status_code in (202, 503), r.text
    if r.status_code == 202:
        run = admin.get(f"/api/runs/{r.json()['run_id']}").json()
        assert run["bot"] == "session_check" and run["status"] == "queued"


def test_a_second_session_check_is_refused_naming_the_active_run(admin: httpx.Client) -> None:
    admin.put("/api/linkedin/session", json={"content": LI_AT})
    first = admin.post("/api/linkedin/session/validate")
    assert first.status_code == 202, first.text
    again = admin.post("/api/linkedin/session/validate")
    # The same 409 as for any bot already queued or running: its run to follow.
    assert again.status_code == 409
    assert again.json()["detail"]["run_id"] == first.json()["run_id"]
    assert "already has an active run" in again.json()["detail"]["msg"]


def _export(expiration: object) -> str:
    # json.dumps writes float('nan') as NaN and 1e300 as 1e+300, as a careless exporter would.
    return json.dumps([{"name": "li_at", "value": LI_AT, "domain": ".linkedin.com",
                        "expirationDate": expiration}])


def test_absurd_numbers_and_deep_json_are_refused_naming_the_field(admin: httpx.Client) -> None:
    state = json.loads(_storage_state())
    state["cookies"][0]["expires"] = float("inf")
    cases = {
        _export(1e300): "cookie #1 (li_at) expirationDate",
        _export(float("nan")): "not a finite number",
        _export("nan"): "cookie #1 (li_at) expirationDate",
        _export(-5): "cookie #1 (li_at) expirationDate",
        json.dumps(state): "not a finite number",
        _storage_state().replace(str(FUTURE), "1e999"): "not a finite number",
        "[" * 100_000: "nested deeper than",
        '{"cookies": [], "origins": ' + "[" * 5000 + "]" * 5000 + "}": "nested deeper than",
    }
    for content, reason in cases.items():
        r = admin.put("/api/linkedin/session", json={"content": content})
        assert r.status_code == 422, (content[:60], r.text)
        assert reason in r.json()["detail"][0]["msg"], (reason, r.text)
        assert r.json()["detail"][0]["loc"] == ["body", "content"]
    # The same through a file upload.
    r = admin.put("/api/linkedin/session", files={"file": ("c.json", _export(float("nan")))})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "content"]
    # A deeply nested request body itself is refused too, not a server error.
    r = admin.put("/api/linkedin/session", content=b'{"content": ' + b"[" * 100_000,
                  headers={"Content-Type": "application/json"})
    assert r.status_code == 422
    assert admin.get("/api/linkedin/session").status_code == 404  # nothing was stored
