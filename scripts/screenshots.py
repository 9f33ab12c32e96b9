#!/usr/bin/env python3
"""`make screenshots`: retake the README's dashboard screenshots from a fresh `make demo`.

Starts scripts/demo.py in a temporary directory, completes first-run setup with a generated
password, runs a real birthday run against the sandbox (its wishes stop at the warm-up quota),
then photographs the overview, that run, Bots and the LinkedIn session page in Chromium at
desktop (1366x900) and phone (390x844) sizes into docs/screenshots/. Stops the demo afterwards.
"""

from __future__ import annotations

import argparse
import re
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

from linkedin_auto.browser.launch import CHROMIUM, HEADLESS_SHELL

ROOT = Path(__file__).resolve().parent.parent
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def start_demo(state: Path) -> tuple[subprocess.Popen[str], str, str]:
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "demo.py"), "--dir", str(state), "--port", "8180"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    url = code = None
    assert proc.stdout is not None
    for line in proc.stdout:
        if m := re.search(r"Dashboard:\s+(\S+)/", line):
            url = m.group(1)
        if m := re.search(r"Setup code:\s+(\S+)", line):
            code = m.group(1)
        if "demo failed" in line:
            raise SystemExit(line.strip())
        if "Press Ctrl-C" in line:
            break
    if not (url and code):
        raise SystemExit("the demo did not print its address and setup code")
    return proc, url, code


def birthday_run(client: httpx.Client) -> int:
    run_id = int(client.post("/api/bots/birthday/runs", json={"dry_run": False}).json()["run_id"])
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        run = client.get(f"/api/runs/{run_id}").json()
        if run["status"] not in ("queued", "running"):
            return run_id
        time.sleep(1)
    raise SystemExit(f"run {run_id} did not finish in 10 minutes")


def shoot(url: str, cookies: list[dict[str, str]], run_id: int, out: Path) -> list[Path]:
    shots = [
        ("overview.png", DESKTOP, "/"),
        ("run-birthday.png", DESKTOP, f"/runs/detail/?id={run_id}"),
        ("bots.png", DESKTOP, "/bots/"),
        ("session-live.png", DESKTOP, "/session/"),
        ("overview-phone.png", PHONE, "/"),
        ("session-live-phone.png", PHONE, "/session/"),
    ]
    written = []
    with sync_playwright() as pw:
        exe = next(e for e in (HEADLESS_SHELL, CHROMIUM) if Path(e).exists())  # Debian's
        browser = pw.chromium.launch(executable_path=exe)
        for name, size, path in shots:
            ctx = browser.new_context(viewport=size, device_scale_factor=1,
                                      is_mobile=size is PHONE, has_touch=size is PHONE)
            ctx.add_cookies([{**c, "url": url} for c in cookies])
            page = ctx.new_page()
            page.goto(url + path)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)  # the first poll's data in place
            page.screenshot(path=str(out / name))
            written.append(out / name)
            ctx.close()
        browser.close()
    return written


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="linkedin-auto-screenshots-") as tmp:
        proc, url, code = start_demo(Path(tmp))
        try:
            with httpx.Client(base_url=url, timeout=30) as client:
                password = secrets.token_urlsafe(16)
                client.post("/api/auth/setup", json={"code": code, "password": password}
                            ).raise_for_status()
                csrf = client.cookies.get("la_csrf")
                if csrf:
                    client.headers["X-CSRF-Token"] = csrf
                run_id = birthday_run(client)
                cookies = [{"name": k, "value": v} for k, v in client.cookies.items()]
            for path in shoot(url, cookies, run_id, args.out):
                sys.stdout.write(f"{path.relative_to(ROOT)}\n")
        finally:
            proc.terminate()
            proc.wait(60)
    return 0


if __name__ == "__main__":
    sys.exit(main())
