"""Run the API under uvicorn: one process, no reload (a Pi has little memory to spare)."""

from __future__ import annotations

from typing import Any

import structlog
import uvicorn

from linkedin_auto.observability import configure_logging
from linkedin_auto.settings import Settings, load_settings

log = structlog.get_logger(__name__)


def uvicorn_log_config(level: str) -> dict[str, Any]:
    """uvicorn's own messages as JSON lines too, so the journal holds one format."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {
            "()": structlog.stdlib.ProcessorFormatter,
            "processors": [structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                           structlog.processors.JSONRenderer()],
            "foreign_pre_chain": [structlog.stdlib.add_log_level,
                                  structlog.processors.TimeStamper(fmt="iso", utc=True)],
        }},
        "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json",
                                "stream": "ext://sys.stdout"}},
        "loggers": {
            "uvicorn": {"handlers": ["stdout"], "level": level.upper(), "propagate": False},
            # Requests are logged by RequestContextMiddleware, with their request id.
            "uvicorn.access": {"handlers": [], "propagate": False},
        },
    }


def serve(settings: Settings, host: str | None = None, port: int | None = None) -> None:
    from linkedin_auto.api.app import create_app

    configure_logging(settings.logging.level)
    app = create_app(settings)
    host = host or settings.server.host
    port = port or settings.server.port
    if app.state.setup_code:
        # Logged once, on purpose: the journal is how a headless Pi shows it to its owner.
        # The key name avoids the redaction filter, which would hide it.
        log.warning("setup_required", setup_pin=app.state.setup_code,
                    hint="open the dashboard and enter this one-time setup code")
    log.info("api_starting", host=host, port=port)
    uvicorn.run(
        app, host=host, port=port, workers=1, reload=False, access_log=False,
        log_config=uvicorn_log_config(settings.logging.level), proxy_headers=False,
        server_header=False,
    )


if __name__ == "__main__":
    serve(load_settings())
