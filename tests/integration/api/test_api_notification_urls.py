"""Notification URLs are checked with Apprise's own parser when saved: a URL it cannot use is
refused with a 422 naming its index, without echoing the URL's secret, and nothing is written."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import yaml

GOOD = ["json://127.0.0.1:8080/x", "mailto://user:pass@example.com"]


def test_an_url_apprise_cannot_use_is_refused_and_nothing_written(admin: httpx.Client) -> None:
    config = Path(os.environ["LINKEDIN_AUTO_CONFIG"])
    r = admin.put("/api/config", json={"notifications": {"urls": GOOD}})
    assert r.status_code == 200, r.text
    masked = r.json()["config"]["notifications"]["urls"]
    before_bytes = config.read_bytes()
    history = admin.get("/api/config/history").json()

    bad = "tgram://s3cretbottoken/chat42"  # not a Telegram bot token: Apprise refuses it
    r = admin.put("/api/config", json={"notifications": {"urls": [*masked, bad]}})
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert [d["loc"] for d in detail] == [["notifications", "urls", 2]]
    assert detail[0]["msg"] == "tgram://… is not a notification URL Apprise understands"
    assert detail[0]["type"] == "config"
    assert "s3cretbottoken" not in r.text and "chat42" not in r.text

    # No scheme at all, and two URLs on one line: refused too, each at its own index.
    r = admin.put("/api/config", json={"notifications": {
        "urls": ["hunter2-no-scheme", GOOD[0], "json://a/x, json://b/y"]}})
    assert r.status_code == 422, r.text
    locs = {tuple(d["loc"]): d["msg"] for d in r.json()["detail"]}
    assert set(locs) == {("notifications", "urls", 0), ("notifications", "urls", 2)}
    assert "hunter2" not in r.text
    assert locs[("notifications", "urls", 2)].startswith("json://…")

    # The stored URLs are the ones saved before, file and history untouched.
    assert config.read_bytes() == before_bytes
    assert yaml.safe_load(config.read_text())["notifications"]["urls"] == GOOD
    assert admin.get("/api/config").json()["config"]["notifications"]["urls"] == masked
    assert admin.get("/api/config/history").json() == history


def test_urls_apprise_understands_are_kept(admin: httpx.Client) -> None:
    config = Path(os.environ["LINKEDIN_AUTO_CONFIG"])
    urls = [*GOOD, "ntfy://ntfy.sh/my-topic"]
    r = admin.put("/api/config", json={"notifications": {"urls": urls}})
    assert r.status_code == 200, r.text
    assert yaml.safe_load(config.read_text())["notifications"]["urls"] == urls
    # An unrelated save does not need the URLs again.
    r = admin.put("/api/config", json={"backup": {"keep": 3}})
    assert r.status_code == 200, r.text
    assert yaml.safe_load(config.read_text())["notifications"]["urls"] == urls
