"""The live event stream's Redis side: subscribing, and naming each message for SSE."""

from __future__ import annotations

import json
from typing import Any

import redis as redis_lib

from linkedin_auto.errors import Unavailable
from linkedin_auto.queue import EVENTS_CHANNEL


def subscribe(redis: Any, channel: str = EVENTS_CHANNEL) -> Any:
    """A pub/sub subscribed to ``channel``; Unavailable (503) when Redis does not answer."""
    pubsub = redis.pubsub(ignore_subscribe_messages=True)
    try:
        pubsub.subscribe(channel)
    except redis_lib.RedisError:
        pubsub.close()
        raise Unavailable("live events unavailable: Redis is unreachable") from None
    return pubsub


def event_kind(text: str) -> str:
    """The ``type`` of a published event (``run``, ``progress``, ...), ``message`` if none."""
    try:
        kind = json.loads(text).get("type", "message")
    except (ValueError, AttributeError):
        return "message"
    return str(kind)
