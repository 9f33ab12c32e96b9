"""The bots. Importing this package registers them as run types (cheap: no browser import)."""

from linkedin_auto.bots import session_check  # noqa: F401
