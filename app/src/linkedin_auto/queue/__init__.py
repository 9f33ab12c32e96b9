"""RQ queue: one queue, one worker; every job is a run row in SQLite."""

QUEUE_NAME = "linkedin-auto"
EVENTS_CHANNEL = "linkedin-auto:events"
