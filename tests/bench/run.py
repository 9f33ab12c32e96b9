"""Benchmarks against the budgets in docs/architecture.md ("Budgets").

Runs the real stack (redis-server, api, worker with its scheduler thread, sandbox) in a
temporary state dir and measures:
  - idle memory: RSS of api + worker (scheduler included) + redis after they settle (the
    budget), and their PSS beside it (RSS counts the pages they share, libpython, libcrypto, ...,
    once per process; PSS splits them, so the PSS sum is what the three really take together);
  - a full birthday run over N sandbox contacts: peak PSS of the worker's whole process tree
    (worker, work horse, Playwright's Node driver, Chromium) with its split by role at that
    moment, time per contact with human delays at zero, and the Chromium processes left behind;
  - the same run where the overlay never shows the sent text (sandbox fault overlay_no_echo):
    time per contact on the unconfirmed path (each wish then ends unverified);
  - the next run: nothing sent again, the unverified wishes looked up on their conversation
    pages and settled as sent: its time per wish settled;
  - a live sign-in view (idle, then typed into, then signed in): CPU of api + worker tree +
    Chromium + redis as a share of one core, peak PSS, frames per second and their size;
  - the dashboard's first-load JavaScript, gzip-compressed;
  - bytes transferred on first load: the overview page, its scripts and stylesheets as the API
    serves them to a browser that accepts gzip (what really crosses the network).
Writes bench-results.json and prints a table; exits 1 when a budget is exceeded.

Usage: python tests/bench/run.py [--contacts 50] [--output bench-results.json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
MIB = 1024 * 1024
BUDGETS = {
    "idle_rss_mib": 150,
    "birthday_peak_pss_mib": 450,
    "seconds_per_contact": 1.0,
    "seconds_per_contact_unconfirmed": 1.0,
    "seconds_per_recheck": 3.0,
    "dashboard_js_gzip_kib": 250,
    "first_load_transfer_kib": 300,
}


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(fn, timeout: float, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            result = fn()
            if result:
                return result
        except Exception as exc:  # noqa: BLE001 - retried until the deadline
            last = exc
        time.sleep(0.2)
    raise TimeoutError(f"timed out waiting for {what}: {last}")


def tree(proc: psutil.Process) -> list[psutil.Process]:
    try:
        return [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def browser_tree(user_data_dir: Path) -> list[psutil.Process]:
    """Chromium runs in its own process group, so find it by profile dir (and its children)."""
    sys.path.insert(0, str(ROOT / "app" / "src"))
    from linkedin_auto.browser.processes import browser_processes

    procs = {p.pid: p for p in browser_processes(user_data_dir)}
    for p in list(procs.values()):
        try:
            for c in p.children(recursive=True):
                procs[c.pid] = c
        except psutil.NoSuchProcess:
            pass
    return list(procs.values())


def pss(procs: list[psutil.Process]) -> int:
    return sum(pss_by_pid(procs).values())


def pss_by_pid(procs: list[psutil.Process]) -> dict[int, int]:
    out = {}
    for p in procs:
        try:
            out[p.pid] = p.memory_full_info().pss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return out


def role(proc: psutil.Process, worker_pid: int) -> str:
    """worker, work_horse, node_driver or chromium (browser, renderer, gpu, zygotes, ...)."""
    if proc.pid == worker_pid:
        return "worker"
    try:
        cmd = proc.cmdline()
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return "gone"
    if "run-driver" in cmd:
        return "node_driver"
    if any(a.startswith(("--user-data-dir=", "--type=")) for a in cmd):
        return "chromium"
    return "work_horse"


def rss(procs: list[psutil.Process]) -> int:
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total


class Stack:
    def __init__(self, work: Path, contacts: int):
        self.work = work
        self.state = work / "state"
        self.state.mkdir()
        self.sock = work / "redis.sock"
        self.api_port = free_port()
        self.sandbox_port = free_port()
        self.contacts = contacts
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        config = work / "config.yaml"
        config.write_text(
            "timezone: UTC\n"
            f"linkedin:\n  base_url: http://127.0.0.1:{self.sandbox_port}\n"
            "working_hours:\n  enabled: false\n"
            "warmup:\n  enabled: false\n"
            "delays: {min_seconds: 0, max_seconds: 0, typing_min_ms: 0, typing_max_ms: 0}\n"
            f"limits:\n  messages: {{daily: {contacts * 2}, weekly: {contacts * 4}}}\n"
            "bots:\n  birthday:\n"
            f"    max_per_run: {min(contacts, 100)}\n    max_days_late: 0\n"
        )
        self.env = {
            **os.environ,
            "LINKEDIN_AUTO_CONFIG": str(config),
            "LINKEDIN_AUTO_PATHS__STATE_DIR": str(self.state),
            "LINKEDIN_AUTO_PATHS__SECRETS_FILE": str(self.state / "secrets.env"),
            "LINKEDIN_AUTO_REDIS__URL": f"unix://{self.sock}",
        }

    def start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        log = open(self.work / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(args, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        self.procs[name] = proc
        return proc

    def up(self) -> None:
        self.start(
            "redis", shutil.which("redis-server") or "redis-server", "--port", "0",
            "--unixsocket", str(self.sock), "--unixsocketperm", "700", "--dir", str(self.work),
            "--save", "", "--appendonly", "yes", "--maxmemory", "64mb",
        )
        wait_for(lambda: self.sock.exists(), 10, "redis socket")
        cli = str(BIN / "linkedin-auto")
        self.start("sandbox", cli, "sandbox", "--host", "127.0.0.1",
                   "--port", str(self.sandbox_port), "--contacts", str(self.contacts))
        self.start("api", cli, "api", "--host", "127.0.0.1", "--port", str(self.api_port))
        self.start("worker", cli, "worker")
        base = f"http://127.0.0.1:{self.api_port}"
        wait_for(lambda: httpx.get(f"{base}/api/health?ready=1").status_code == 200, 60,
                 "api ready (db, redis, worker heartbeat)")
        wait_for(lambda: httpx.get(f"http://127.0.0.1:{self.sandbox_port}/feed/").status_code
                 < 500, 30, "sandbox")

    def down(self) -> None:
        for proc in reversed(list(self.procs.values())):
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs.values():
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()


def login(base: str, state: Path) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=30)
    code = (state / "setup-code").read_text().strip()
    password = "bench-" + os.urandom(8).hex()
    r = client.post("/api/auth/setup", json={"code": code, "password": password})
    r.raise_for_status()
    r = client.post("/api/auth/login", json={"password": password})
    r.raise_for_status()
    from linkedin_auto.security.sessions import CSRF_COOKIE, CSRF_HEADER

    client.headers[CSRF_HEADER] = client.cookies[CSRF_COOKIE]
    return client


def measure_idle(stack: Stack, settle: float) -> dict[str, float]:
    time.sleep(settle)
    per, per_pss = {}, {}
    for name in ("api", "worker", "redis"):
        procs = tree(psutil.Process(stack.procs[name].pid))
        per[name] = rss(procs) / MIB
        per_pss[name] = pss(procs) / MIB
    return {"idle_rss_mib": round(sum(per.values()), 1),
            **{f"idle_rss_{k}_mib": round(v, 1) for k, v in per.items()},
            "idle_pss_mib": round(sum(per_pss.values()), 1),
            **{f"idle_pss_{k}_mib": round(v, 1) for k, v in per_pss.items()}}


FINISHED = ("succeeded", "partial", "paused", "skipped", "failed", "cancelled", "timed_out")


def measure_birthday(stack: Stack, client: httpx.Client) -> dict[str, float]:
    sandbox = f"http://127.0.0.1:{stack.sandbox_port}"
    httpx.post(f"{sandbox}/__sandbox/reset", json={
        "seed": 7, "contacts": stack.contacts, "birthdays_today": stack.contacts, "belated": 0,
    }).raise_for_status()
    cookie = httpx.get(f"{sandbox}/__sandbox/login-cookie").json()
    client.put("/api/linkedin/session", json={"content": cookie["value"]}).raise_for_status()

    worker = psutil.Process(stack.procs["worker"].pid)
    browser_dir = stack.state / "browser"
    peak = 0
    peak_roles: dict[str, float] = {}
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak, peak_roles
        while not stop.is_set():
            procs = {p.pid: p for p in tree(worker) + browser_tree(browser_dir)}
            by_pid = pss_by_pid(list(procs.values()))
            total = sum(by_pid.values())
            if total > peak:
                peak, roles = total, dict.fromkeys(
                    ("worker", "work_horse", "node_driver", "chromium"), 0.0)
                for pid, value in by_pid.items():
                    r = role(procs[pid], worker.pid)
                    roles[r] = roles.get(r, 0.0) + value
                peak_roles = roles
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.monotonic()
    run_id = client.post("/api/bots/birthday/runs", json={"dry_run": False}).json()["run_id"]
    run = wait_for(
        lambda: (r := client.get(f"/api/runs/{run_id}").json())["status"] in FINISHED and r,
        1800, "birthday run",
    )
    elapsed = time.monotonic() - started
    stop.set()
    sampler.join()
    time.sleep(1)
    sent = len(httpx.get(f"{sandbox}/__sandbox/state").json()["messages"])
    left = len(browser_tree(browser_dir))
    if run["status"] != "succeeded":
        raise RuntimeError(f"birthday run {run_id} ended {run['status']}: {run.get('error')}")
    return {
        "birthday_contacts": stack.contacts,
        "birthday_messages_sent": sent,
        "birthday_seconds": round(elapsed, 1),
        "seconds_per_contact": round(elapsed / max(sent, 1), 3),
        "birthday_peak_pss_mib": round(peak / MIB, 1),
        **{f"birthday_peak_pss_{k}_mib": round(v / MIB, 1) for k, v in peak_roles.items()
           if k != "gone"},
        "chromium_left_after_run": left,
    }


def measure_unconfirmed(stack: Stack, client: httpx.Client) -> dict[str, float]:
    """Every wish on the path where the overlay only says "Sent": no wait for a text that
    will not come beyond the bot's short limit; each ends unverified (run status partial)."""
    sandbox = f"http://127.0.0.1:{stack.sandbox_port}"
    # Another world (its own people), the same session cookie.
    httpx.post(f"{sandbox}/__sandbox/reset", json={
        "seed": 11, "contacts": stack.contacts, "birthdays_today": stack.contacts, "belated": 0,
        "faults": ["overlay_no_echo"],
    }).raise_for_status()
    cookie = httpx.get(f"{sandbox}/__sandbox/login-cookie").json()
    client.put("/api/linkedin/session", json={"content": cookie["value"]}).raise_for_status()
    started = time.monotonic()
    run_id = client.post("/api/bots/birthday/runs", json={"dry_run": False}).json()["run_id"]
    run = wait_for(
        lambda: (r := client.get(f"/api/runs/{run_id}").json())["status"] in FINISHED and r,
        1800, "unconfirmed birthday run",
    )
    elapsed = time.monotonic() - started
    clicks = len(httpx.get(f"{sandbox}/__sandbox/state").json()["send_attempts"])
    if run["status"] != "partial" or not clicks:
        raise RuntimeError(f"unconfirmed birthday run {run_id} ended {run['status']} after "
                           f"{clicks} clicks: {run.get('error')}")
    return {
        "birthday_unconfirmed_clicks": clicks,
        "birthday_unconfirmed_seconds": round(elapsed, 1),
        "seconds_per_contact_unconfirmed": round(elapsed / clicks, 3),
    }


def measure_recheck(stack: Stack, client: httpx.Client) -> dict[str, float]:
    """The next run after the unconfirmed one: nothing is sent again, and the unverified wishes
    are looked up on their conversation pages (the text shows there) and become sent. Time of
    that run per wish it settled (the lookups dominate it: the birthday list is all wished)."""
    state = f"http://127.0.0.1:{stack.sandbox_port}/__sandbox/state"
    clicks_before = len(httpx.get(state).json()["send_attempts"])
    started = time.monotonic()
    run_id = client.post("/api/bots/birthday/runs", json={"dry_run": False}).json()["run_id"]
    run = wait_for(
        lambda: (r := client.get(f"/api/runs/{run_id}").json())["status"] in FINISHED and r,
        1800, "recheck birthday run",
    )
    elapsed = time.monotonic() - started
    reconciled = int(run["counts"].get("reconciled", 0))
    clicks_after = len(httpx.get(state).json()["send_attempts"])
    if clicks_after != clicks_before:
        raise RuntimeError(f"recheck run {run_id} sent again: {clicks_after - clicks_before} clicks")
    if run["status"] not in ("succeeded", "partial") or not reconciled:
        raise RuntimeError(f"recheck run {run_id} ended {run['status']} having settled "
                           f"{reconciled} wishes: {run.get('error')}")
    return {
        "recheck_reconciled": reconciled,
        "recheck_seconds": round(elapsed, 1),
        "seconds_per_recheck": round(elapsed / reconciled, 3),
    }


def measure_live(stack: Stack, client: httpx.Client) -> dict[str, float]:
    """A live sign-in view: shown idle (the login page, a blinking caret), then typed into,
    then signed in. CPU of everything it involves (api, worker tree, Chromium, redis) as a share
    of one core per phase; peak PSS of the worker tree + Chromium and of the api; frames."""
    import base64

    sandbox = f"http://127.0.0.1:{stack.sandbox_port}"
    httpx.post(f"{sandbox}/__sandbox/reset", json={"seed": 7}).raise_for_status()
    client.delete("/api/linkedin/session")
    worker = psutil.Process(stack.procs["worker"].pid)
    api = psutil.Process(stack.procs["api"].pid)
    redis = psutil.Process(stack.procs["redis"].pid)
    browser_dir = stack.state / "browser"
    cpu: dict[int, float] = {}
    peak = {"worker_chromium": 0, "api": 0}
    frames: list[tuple[float, int]] = []
    stop = threading.Event()

    def procs() -> list[psutil.Process]:
        return list({p.pid: p for p in tree(worker) + browser_tree(browser_dir) + tree(api)
                     + [redis]}.values())

    def sample() -> None:
        while not stop.is_set():
            for p in procs():
                try:
                    t = p.cpu_times()
                    cpu[p.pid] = max(cpu.get(p.pid, 0.0), t.user + t.system)
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    pass
            peak["worker_chromium"] = max(peak["worker_chromium"],
                                          pss(tree(worker) + browser_tree(browser_dir)))
            peak["api"] = max(peak["api"], pss(tree(api)))
            time.sleep(0.2)

    def cpu_now() -> float:
        return sum(cpu.values())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    time.sleep(1)
    run_id = client.post("/api/linkedin/live", json={}).json()["run_id"]
    states: list[str] = []

    def read() -> None:
        with client.stream("GET", f"/api/linkedin/live/{run_id}/stream",
                           timeout=httpx.Timeout(10, read=120)) as r:
            event = ""
            for line in r.iter_lines():
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: ") and event == "frame":
                    frames.append((time.monotonic(), len(base64.b64decode(line[6:]))))
                elif line.startswith("data: ") and event == "status":
                    states.append(json.loads(line[6:])["state"])
                    if states[-1] in ("signed_in", "closed", "failed"):
                        return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    wait_for(lambda: "ready" in states, 120, "live view ready")

    def phase(seconds: float, act: Any = None) -> tuple[float, float]:
        c0, t0, n0 = cpu_now(), time.monotonic(), len(frames)
        while time.monotonic() - t0 < seconds:
            if act:
                act()
            time.sleep(0.15)
        wall = time.monotonic() - t0
        return (round(100 * (cpu_now() - c0) / wall, 1), round((len(frames) - n0) / wall, 2))

    def send(*events: dict[str, Any]) -> None:
        client.post(f"/api/linkedin/live/{run_id}/input", json={"events": list(events)})

    idle_cpu, idle_fps = phase(10)
    send({"type": "key", "key": "Tab"})
    typing_cpu, typing_fps = phase(10, lambda: send({"type": "text", "text": "a"}))
    send({"type": "key", "key": "a", "ctrl": True}, {"type": "text", "text": "me@example.com"},
         {"type": "key", "key": "Tab"}, {"type": "text", "text": "sandbox"},
         {"type": "key", "key": "Enter"})
    reader.join(120)
    time.sleep(2)
    stop.set()
    sampler.join()
    sizes = [n for _, n in frames]
    return {
        "live_signed_in": 1.0 if states and states[-1] == "signed_in" else 0.0,
        "live_cpu_idle_percent": idle_cpu,
        "live_cpu_typing_percent": typing_cpu,
        "live_fps_idle": idle_fps,
        "live_fps_typing": typing_fps,
        "live_frames": len(frames),
        "live_frame_kib_avg": round(sum(sizes) / max(len(sizes), 1) / 1024, 1),
        "live_frame_kib_max": round(max(sizes, default=0) / 1024, 1),
        "live_peak_pss_worker_chromium_mib": round(peak["worker_chromium"] / MIB, 1),
        "live_peak_pss_api_mib": round(peak["api"] / MIB, 1),
        "chromium_left_after_live": len(browser_tree(browser_dir)),
    }


def measure_dashboard() -> dict[str, float]:
    static = ROOT / "app" / "src" / "linkedin_auto" / "api" / "static"
    index = static / "index.html"
    if not index.is_file():
        raise RuntimeError("dashboard not built: run `make dashboard`")
    total = 0
    for src in sorted(set(re.findall(r'src="(/_next/[^"]+\.js)"', index.read_text()))):
        total += len(gzip.compress((static / src.lstrip("/")).read_bytes(), 9))
    return {"dashboard_js_gzip_kib": round(total / 1024, 1)}


def measure_first_load(base: str) -> dict[str, float]:
    """Bytes over the wire for the overview page and every script and stylesheet it loads."""
    headers = {"Accept-Encoding": "gzip, deflate, br"}
    with httpx.Client(base_url=base, headers=headers, timeout=30) as c:
        page = c.get("/")
        page.raise_for_status()
        total = page.num_bytes_downloaded
        assets = set(re.findall(r'(?:src|href)="(/_next/[^"]+\.(?:js|css))"', page.text))
        for asset in sorted(assets):
            r = c.get(asset)
            r.raise_for_status()
            total += r.num_bytes_downloaded
    return {"first_load_transfer_kib": round(total / 1024, 1), "first_load_requests": 1 + len(assets)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--contacts", type=int, default=50)
    ap.add_argument("--settle", type=float, default=15.0, help="idle seconds before sampling")
    ap.add_argument("--output", default=str(ROOT / "bench-results.json"))
    args = ap.parse_args()

    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="linkedin-auto-bench-") as tmp:
        stack = Stack(Path(tmp), args.contacts)
        try:
            stack.up()
            results |= measure_idle(stack, args.settle)
            client = login(f"http://127.0.0.1:{stack.api_port}", stack.state)
            results |= measure_birthday(stack, client)
            results |= measure_unconfirmed(stack, client)
            results |= measure_recheck(stack, client)
            results |= measure_live(stack, client)
            results |= measure_first_load(f"http://127.0.0.1:{stack.api_port}")
        finally:
            stack.down()
    results |= measure_dashboard()

    verdicts = {}
    for key, budget in BUDGETS.items():
        verdicts[key] = {"value": results[key], "budget": budget, "ok": results[key] <= budget}
    ok = (all(v["ok"] for v in verdicts.values()) and results["chromium_left_after_run"] == 0
          and results["chromium_left_after_live"] == 0 and results["live_signed_in"] == 1)
    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "mem_gib": round(psutil.virtual_memory().total / 2**30)},
        "results": results,
        "budgets": verdicts,
        "ok": ok,
    }
    Path(args.output).write_text(json.dumps(report, indent=2) + "\n")
    width = max(len(k) for k in results)
    for key, value in results.items():
        mark = ""
        if key in verdicts:
            mark = f"  budget {verdicts[key]['budget']}: {'ok' if verdicts[key]['ok'] else 'OVER'}"
        sys.stdout.write(f"{key:<{width}}  {value}{mark}\n")
    sys.stdout.write(f"written to {args.output}\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
