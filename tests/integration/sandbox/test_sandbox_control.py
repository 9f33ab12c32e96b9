"""The control API: reset validation, determinism, seeded messages, state."""

from __future__ import annotations

import httpx
from sandbox_fixture import Sandbox


def test_reset_refuses_bad_input_naming_the_field(sandbox: Sandbox) -> None:
    before = sandbox.state()["people"]
    r = httpx.post(f"{sandbox.url}/__sandbox/reset",
                   json={"contacts": -1, "variant": "new", "faults": ["nope"], "extra": 1})
    assert r.status_code == 422
    fields = {e["field"] for e in r.json()["errors"]}
    assert {"contacts", "variant", "faults.0", "extra"} <= fields
    assert sandbox.state()["people"] == before
    r = httpx.post(f"{sandbox.url}/__sandbox/faults", json={"faults": ["slowish"]})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "faults.0"


def test_same_seed_same_world(sandbox: Sandbox) -> None:
    sandbox.reset(seed=7, today="2026-03-01")
    a = sandbox.state()
    sandbox.reset(seed=8, today="2026-03-01")
    b = sandbox.state()
    sandbox.reset(seed=7, today="2026-03-01")
    c = sandbox.state()
    assert a["people"] == c["people"] and a["birthdays"] == c["birthdays"]
    assert a["people"] != b["people"]
    assert len(a["people"]) == len({p["slug"] for p in a["people"]})
    contacts = [p for p in a["people"] if "contact" in p["tags"]]
    assert len(contacts) == 50 and all(p["degree"] == 1 for p in contacts)
    assert {p["language"] for p in contacts} == {"en", "fr"}


def test_counts_follow_the_reset(sandbox: Sandbox) -> None:
    sandbox.reset(contacts=10, birthdays_today=4, belated=3, birthday_strangers=2, received=5,
                  follows=1, sent=2, search_results=0, today="2026-01-02")
    st = sandbox.state()
    days = sorted(b["days_late"] for b in st["birthdays"])
    assert days == [0, 0, 0, 0, 0, 0, 1, 2, 3]
    assert sum(b["degree"] != 1 for b in st["birthdays"]) == 2
    assert len(st["received"]) == 5 and sum(r["follows"] for r in st["received"]) == 1
    assert len(st["sent"]) == 2
    assert st["today"] == "2026-01-02"


def test_seeded_messages_are_in_the_conversation(sandbox: Sandbox) -> None:
    slug = sandbox.state()["birthdays"][0]["slug"]
    sandbox.reset(messages=[{"to_slug": slug, "text": "Happy birthday from last year"}])
    assert [m["text"] for m in sandbox.state()["messages"]] == ["Happy birthday from last year"]
    cookies = {"li_at": sandbox.login_cookie()["value"]}
    thread = next(p["thread_id"] for p in sandbox.state()["people"] if p["slug"] == slug)
    r = httpx.get(f"{sandbox.url}/messaging/thread/{thread}/", cookies=cookies)
    assert r.status_code == 200 and "Happy birthday from last year" in r.text
    # the thread id is opaque: the person's slug is not one
    r = httpx.get(f"{sandbox.url}/messaging/thread/{slug}/", cookies=cookies)
    assert r.status_code == 404
    r = httpx.post(f"{sandbox.url}/__sandbox/reset",
                   json={"messages": [{"to_slug": "nobody", "text": "x"}]})
    assert r.status_code == 422


def test_new_session_logs_old_cookies_out(sandbox: Sandbox) -> None:
    old = sandbox.login_cookie()
    sandbox.reset()
    assert sandbox.login_cookie() == old
    sandbox.reset(new_session=True)
    new = sandbox.login_cookie()
    assert new["value"] != old["value"] and new["domain"] == "127.0.0.1" and new["path"] == "/"
    r = httpx.get(f"{sandbox.url}/feed/", cookies={"li_at": old["value"]})
    assert r.status_code == 302 and r.headers["location"].startswith("/login?")
    r = httpx.get(f"{sandbox.url}/feed/", cookies={"li_at": new["value"]})
    assert r.status_code == 200 and 'id="global-nav"' in r.text
