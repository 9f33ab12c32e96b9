"""Power cut: copies of the database file pair (``linkedin.db`` + ``linkedin.db-wal``) taken
while runs write, each opened and checked like the file a power cut leaves behind.

What "one instant" means here: nothing pauses the writers. A copy reads the WAL's header, the
database file, then the whole WAL, and is kept only if the WAL's header (checkpoint sequence
and salts) did not change meanwhile, i.e. the WAL was not restarted. Within that window SQLite
only ever appends frames to the WAL and copies into the database file pages whose newest
version is already in the WAL, so the pair reads as the committed state at the moment the WAL
copy ended (the last frames, possibly torn, are ignored by SQLite's checksums): the disk after
a power cut at that moment, every write of the page cache having reached it. (A real power
cut can also lose the WAL's tail since the last fsync: synchronous=NORMAL.) No -shm is copied:
it is rebuilt on open, as after a reboot.
"""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import redis as redis_lib
from linkedin_auto.clock import SystemClock
from linkedin_auto.db.connection import Database
from linkedin_auto.queue.enqueue import submit_run
from linkedin_auto.settings import load_settings
from reliability_kit import (
    FIGURES,
    import_session,
    start_worker,
    wait_run,
    write_config,
)

pytestmark = pytest.mark.browser

WAL_HEADER = slice(12, 24)  # checkpoint sequence, salt-1, salt-2
MAX_SNAPSHOTS = 400


def copy_pair(db_file: Path, dest: Path) -> float | None:
    """Copy db + WAL into ``dest``; the start time of the copy, or None when torn (the WAL
    restarted during the copy)."""
    wal = db_file.with_name(db_file.name + "-wal")
    try:
        with wal.open("rb") as f:
            before = f.read(32)
        started = time.time()
        data = db_file.read_bytes()
        wal_data = wal.read_bytes()
    except FileNotFoundError:
        return None
    if len(before) < 32 or wal_data[WAL_HEADER] != before[WAL_HEADER]:
        return None
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "linkedin.db").write_bytes(data)
    (dest / "linkedin.db-wal").write_bytes(wal_data)
    return started


def check_copy(dest: Path, received_before: list[dict[str, Any]],
               received_all: list[dict[str, Any]]) -> list[str]:
    """Problems found in one copy (empty: it passed)."""
    conn = sqlite3.connect(dest / "linkedin.db")
    try:
        problems = []
        integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            problems.append(f"integrity_check: {integrity[:3]}")
        fks = conn.execute("PRAGMA foreign_key_check").fetchall()
        if fks:
            problems.append(f"foreign_key_check: {fks[:3]}")
        rows = conn.execute(
            "SELECT c.slug, m.text, m.state FROM messages m JOIN contacts c"
            " ON c.id = m.contact_id WHERE m.dry_run = 0").fetchall()
    finally:
        conn.close()
    held = {(slug, text) for slug, text, state in rows
            if state in ("intent", "sent", "unverified")}
    for m in received_before:  # its intent was committed before the click
        if (m["to_slug"], m["text"]) not in held:
            problems.append(f"received before the copy, not in its ledger: {m['to_slug']}")
    delivered = {(m["to_slug"], m["text"]) for m in received_all}
    for slug, text, state in rows:
        if state == "sent" and (slug, text) not in delivered:
            problems.append(f"confirmed in the ledger, never received: {slug}")
    return problems


def test_copies_taken_while_runs_write_open_clean(
    sandbox: Any, db: Database, env: dict[str, str], config_file: Path, tmp_path: Path,
    redis_url: str, state_dir: Path,
) -> None:
    sandbox.reset(seed=7, contacts=60, birthdays_today=12, belated=6, received=14, sent=6,
                  search_results=0)
    write_config(config_file, limits={"messages": {"daily": 40, "weekly": 100}},
                 bots={"birthday": {"max_days_late": 7}})
    settings = load_settings()
    import_session(db, settings, sandbox)
    rds = redis_lib.Redis.from_url(redis_url)
    db_file = state_dir / "linkedin.db"
    stop = threading.Event()
    copies: list[tuple[Path, float]] = []
    torn = [0]
    generations: set[bytes] = set()  # WAL generations seen: each one follows a checkpoint

    def snapshotter() -> None:
        n = 0
        while not stop.is_set() and len(copies) < MAX_SNAPSHOTS:
            n += 1
            dest = tmp_path / "copies" / f"{n:04d}"
            started = copy_pair(db_file, dest)
            if started is None:
                torn[0] += 1
            else:
                copies.append((dest, started))
                generations.add((dest / "linkedin.db-wal").read_bytes()[WAL_HEADER])
            time.sleep(0.08)  # spread over all the runs

    def checkpointer() -> None:
        # Another connection checkpointing now and then, as the API's readers and the backup
        # job do: the WAL is copied back into the database and restarted while runs write.
        conn = sqlite3.connect(db_file, timeout=10)
        try:
            while not stop.wait(0.25):
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        finally:
            conn.close()

    threads = [threading.Thread(target=snapshotter), threading.Thread(target=checkpointer)]
    worker = start_worker(env, tmp_path / "worker.log")
    try:
        for t in threads:
            t.start()
        for bot in ("birthday", "invitations", "birthday"):
            run_id = submit_run(db, rds, SystemClock(), bot, dry_run=False, options={},
                                settings=settings)
            row = wait_run(db, run_id, 180)
            assert row["status"] in ("succeeded", "partial"), (bot, row["error"])
    finally:
        stop.set()
        for t in threads:
            t.join(30)
        worker.stop()

    received = sandbox.state()["messages"]
    assert len(received) >= 12
    checked = failed = 0
    problems: list[str] = []
    for dest, started in copies:
        before = [m for m in received
                  if datetime.fromisoformat(m["ts"]).timestamp() < started - 0.005]
        found = check_copy(dest, before, received)
        checked += 1
        if found:
            failed += 1
            problems.extend(found[:2])
        shutil.rmtree(dest, ignore_errors=True)
    FIGURES["powercut_snapshots_checked"] += checked
    FIGURES["powercut_snapshots_torn_skipped"] += torn[0]
    FIGURES["powercut_wal_generations"] += len(generations)
    FIGURES["powercut_snapshot_failures"] += failed
    assert checked >= 50, f"only {checked} copies ({torn[0]} torn)"
    assert len(generations) >= 2, "no checkpoint restarted the WAL during the copies"
    assert failed == 0, problems[:10]
