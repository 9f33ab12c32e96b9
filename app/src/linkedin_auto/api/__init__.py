"""The HTTP API (FastAPI) and the static dashboard it serves."""
