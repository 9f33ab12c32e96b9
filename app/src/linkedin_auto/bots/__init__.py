"""The bots. Importing this package registers them as run types (cheap: no browser import)."""

from linkedin_auto.bots import birthday, invitations, session_check, visitor  # noqa: F401
