"""Prometheus metrics read from SQLite at scrape time.

Runs happen in the worker process, so in-process counters in the API would see nothing; the
database is the shared truth, so the collector queries it on each scrape (a few indexed queries).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from linkedin_auto.clock import Clock, parse_iso
from linkedin_auto.db.audit import COUNTED_SQL
from linkedin_auto.db.connection import Database
from linkedin_auto.db.kv import kv_get


class DatabaseCollector(Collector):
    def __init__(
        self, db: Database, clock: Clock, queue_depth: Callable[[], int | None]
    ) -> None:
        self.db = db
        self.clock = clock
        self.queue_depth = queue_depth

    def collect(self) -> Iterator[Metric]:
        runs = CounterMetricFamily(
            "linkedin_auto_runs", "Runs by bot and status", labels=["bot", "status"]
        )
        for r in self.db.query("SELECT bot, status, COUNT(*) n FROM runs GROUP BY bot, status"):
            runs.add_metric([r["bot"], r["status"]], r["n"])
        yield runs

        actions = CounterMetricFamily(
            "linkedin_auto_actions",
            "Actions on LinkedIn from the audit log (outcome unverified: clicked, effect not seen)",
            labels=["bot", "action", "dry_run", "outcome"],
        )
        for r in self.db.query(
            f"SELECT bot, action, dry_run, outcome, COUNT(*) n FROM audit_log WHERE {COUNTED_SQL}"
            " GROUP BY bot, action, dry_run, outcome"
        ):
            actions.add_metric([r["bot"], r["action"], str(bool(r["dry_run"])).lower(),
                                r["outcome"]], r["n"])
        yield actions

        last = GaugeMetricFamily(
            "linkedin_auto_last_success_timestamp_seconds",
            "Finish time of the last successful run per bot", labels=["bot"],
        )
        for r in self.db.query(
            "SELECT bot, MAX(finished_at) t FROM runs WHERE status = 'succeeded' GROUP BY bot"
        ):
            if r["t"]:
                last.add_metric([r["bot"]], parse_iso(r["t"]).timestamp())
        yield last

        depth = self.queue_depth()
        if depth is not None:
            yield GaugeMetricFamily(
                "linkedin_auto_queue_depth", "Jobs waiting in the queue", value=depth
            )

        pause = kv_get(self.db, "pause")
        paused = 0
        if isinstance(pause, dict) and pause.get("until"):
            paused = int(parse_iso(str(pause["until"])) > self.clock.now())
        yield GaugeMetricFamily("linkedin_auto_paused", "1 while every bot is paused",
                                value=paused)

        session = self.db.scalar("SELECT status FROM linkedin_session WHERE id = 1")
        yield GaugeMetricFamily(
            "linkedin_auto_session_valid", "1 when the LinkedIn session last checked valid",
            value=int(session == "valid"),
        )


def build_registry(
    db: Database, clock: Clock, queue_depth: Callable[[], int | None]
) -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DatabaseCollector(db, clock, queue_depth))
    return registry


def render(registry: CollectorRegistry) -> bytes:
    return generate_latest(registry)
