"""The Redis wires between the API (which holds the dashboard's event stream) and the worker job
that drives Chromium for a live view. One live view = one run of type ``live_signin``.

- ``out`` (pub/sub): JSON status messages (bytes starting with ``{``) and JPEG frames (raw
  bytes). Frames are never stored: pub/sub keeps nothing for late subscribers.
- ``in`` (a list): the person's input, JSON messages (``browser/live_input.py``), short TTL.
- ``viewer``: ``1`` while the tab is connected (the API refreshes it), ``0`` from the moment the
  tab's stream closes; the job ends when it has not been ``1`` for a short grace.
- ``state``: the last status message, for a dashboard that connects after it was published.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

PREFIX = "linkedin-auto:live"
RUN_TYPE = "live_signin"
# Short: a tab that vanished without closing its connection (phone out of range) is noticed
# within this, plus the job's grace. The API refreshes it every third of it.
VIEWER_TTL_SECONDS = 5
INPUT_TTL_SECONDS = 30
STATE_TTL_SECONDS = 30 * 60


class LiveState(StrEnum):
    starting = "starting"      # queued or launching Chromium
    ready = "ready"            # the page is shown; input is accepted
    signed_in = "signed_in"    # the feed was reached and the session stored in the vault
    closed = "closed"          # ended without a session (closed, tab gone, time limit)
    failed = "failed"          # the browser or the page failed


FINAL = frozenset({LiveState.signed_in, LiveState.closed, LiveState.failed})


def out_channel(run_id: int) -> str:
    return f"{PREFIX}:{run_id}:out"


def input_key(run_id: int) -> str:
    return f"{PREFIX}:{run_id}:in"


VIEWER_HERE, VIEWER_LEFT = b"1", b"0"
LEFT_TTL_SECONDS = 60  # "left" outlives the job's first look, even on a slow start


def viewer_key(run_id: int) -> str:
    return f"{PREFIX}:{run_id}:viewer"


def state_key(run_id: int) -> str:
    return f"{PREFIX}:{run_id}:state"


def status_message(state: LiveState, message: str, **extra: Any) -> bytes:
    return json.dumps({"type": "status", "state": state.value, "message": message,
                       **extra}).encode()


def publish_status(redis: Any, run_id: int, state: LiveState, message: str,
                   **extra: Any) -> None:
    raw = status_message(state, message, **extra)
    redis.set(state_key(run_id), raw, ex=STATE_TTL_SECONDS)
    redis.publish(out_channel(run_id), raw)


def last_status(redis: Any, run_id: int) -> dict[str, Any] | None:
    raw = redis.get(state_key(run_id))
    return json.loads(raw) if raw else None
