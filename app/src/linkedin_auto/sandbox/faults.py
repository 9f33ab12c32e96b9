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
    # Messaging overlay variants (the message is delivered; the overlay does not show it):
    "overlay_no_echo",  # after Send the box clears and only a "Sent" status shows
    "overlay_aside_dialog",  # the overlay is an aside[role=dialog] without LinkedIn's classes
    # Faults of the Send click itself:
    "send_error_toast",  # Send shows an error toast instead of delivering; nothing arrives
    "send_lost",  # Send looks like overlay_no_echo ("Sent"), but the message never arrives
    # Warning signs and traps for the visitor and invitations bots:
    "rate_limit_search",  # people-search pages answer 429 with a short "slow down" page
    "rate_limit_profile",  # profile pages answer 429 with a near-empty page (only the status says)
    "id_verification",  # every logged-in page is an identity-verification restriction page
    "silent_actions",  # accept, ignore and withdraw take effect but the page does not update
    "no_empty_notice",  # an empty invitation list shows no "No pending invitations" sentence
    "invisible_recaptcha",  # normal pages also load an invisible reCAPTCHA (not a checkpoint)
]
FAULTS: tuple[str, ...] = get_args(FaultName)
SLOW_SECONDS = 1.5
