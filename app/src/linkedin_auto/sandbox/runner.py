"""Run the sandbox in a background thread (tests, the demo, benchmarks)."""

from __future__ import annotations

import threading
import time

import uvicorn

from linkedin_auto.sandbox.server import create_app
from linkedin_auto.sandbox.state import ResetOptions, SandboxState


class SandboxThread:
    """A real uvicorn server for the sandbox on a loopback port, in a daemon thread."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0,
                 options: ResetOptions | None = None) -> None:
        self.state = SandboxState(options)
        config = uvicorn.Config(create_app(self.state), host=host, port=port,
                                log_level="warning", access_log=False, lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="sandbox", daemon=True)
        self.host = host
        self.port = port

    def start(self, timeout: float = 10.0) -> SandboxThread:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"sandbox did not start on {self.host}:{self.port}")
            time.sleep(0.02)
        if self.port == 0:  # the OS picked one
            sock = self._server.servers[0].sockets[0]
            self.port = int(sock.getsockname()[1])
        return self

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(10)

    def __enter__(self) -> SandboxThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
