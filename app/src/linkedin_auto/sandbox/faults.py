"""Failure modes the sandbox can simulate, selectable per test."""

from __future__ import annotations

from typing import Literal, get_args

FaultName = Literal[
    "expired_session",  # every page redirects to /login and sets li_at to "delete me"
    "checkpoint",  # every page redirects to /checkpoint/challenge/...
    "weekly_limit",  # actions show the "You're out of invitations for now" popup, nothing happens
    "error_toast",  # actions show an error toast, nothing happens
    "too_many_requests",  # short 429 page without <main>
    "slow",  # pages and actions are delayed by SLOW_SECONDS
    "missing_element",  # no Message buttons on the birthday pages
    "wrong_overlay",  # Message for X also opens another person's overlay, in front and focused
    "take_care_dialog",  # accepting shows "Take care when connecting" first
]
FAULTS: tuple[str, ...] = get_args(FaultName)
SLOW_SECONDS = 1.5
