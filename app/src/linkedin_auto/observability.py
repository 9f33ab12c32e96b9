"""Logging (structlog, JSON lines to stdout -> journald) and Prometheus metrics."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog

# Keys whose values are never logged, whatever the caller passes.
_SECRET_KEYS = re.compile(
    r"pass(word)?|secret|token|cookie|li_at|jsessionid|authorization|api_key|code|key$", re.I
)


def _redact(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for k in list(event):
        if k != "event" and _SECRET_KEYS.search(k):
            event[k] = "[redacted]"
    return event


def configure_logging(level: str = "info", *, json: bool = True) -> None:
    lvl = getattr(logging, level.upper(), logging.INFO)
    logging.basicConfig(format="%(message)s", stream=sys.stdout, level=lvl, force=True)
    renderer: Any = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            _redact,
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(lvl),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stdout),
        cache_logger_on_first_use=True,
    )


# The in-process metrics are made on first use (module ``__getattr__``, PEP 562): every
# service imports this module for its logging, but only the job process uses a metric, and
# importing prometheus_client at start costs the worker and the scheduler 0.7 MiB RSS each.
_METRICS: dict[str, Any] = {}


def _make_metric(name: str) -> Any:
    from prometheus_client import Counter, Gauge

    if name == "RUNS_TOTAL":
        return Counter("linkedin_auto_runs_total", "Finished runs", ["bot", "status"])
    if name == "ACTIONS_TOTAL":
        return Counter("linkedin_auto_actions_total", "Actions performed on LinkedIn",
                       ["bot", "action", "dry_run"])
    if name == "QUEUE_DEPTH":
        return Gauge("linkedin_auto_queue_depth", "Jobs waiting in the queue")
    return Gauge(
        "linkedin_auto_last_success_timestamp_seconds", "Last successful run per bot", ["bot"]
    )


def __getattr__(name: str) -> Any:
    if name not in ("RUNS_TOTAL", "ACTIONS_TOTAL", "QUEUE_DEPTH", "LAST_SUCCESS"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if name not in _METRICS:
        _METRICS[name] = _make_metric(name)
    return _METRICS[name]
