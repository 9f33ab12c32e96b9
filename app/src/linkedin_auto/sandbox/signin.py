"""Sign-in as a person does it: password, then (as configured) a 2FA code or an approval in the
LinkedIn app, then a security check; and solving the checkpoint a `checkpoint` fault shows.

Configured and observed through the control API (`/__sandbox/signin`): the code to type and the
word to answer are readable there, the app approval is given there. Each successful sign-in is
recorded with the user agent that did it, so tests assert on what the sandbox saw.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from fastapi import Body, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, ValidationError

from linkedin_auto.sandbox.pages import signin_pages
from linkedin_auto.sandbox.state import SandboxState

SecondFactor = Literal["none", "code", "app"]
CheckpointMode = Literal["none", "click", "answer"]
_WORDS = ("harbour", "lantern", "meadow", "granite", "orchid", "saffron", "tundra", "walnut")
PREFIX = "/checkpoint/challengesV2"


class SignInConfig(BaseModel):
    """Body of `POST /__sandbox/signin`: the steps after a correct password."""

    model_config = ConfigDict(extra="forbid")
    second_factor: SecondFactor = "none"
    checkpoint: CheckpointMode = "none"


@dataclass
class Pending:
    """A sign-in between the password and the session cookie."""

    id: str
    target: str
    steps: list[str]  # "code" | "app" | "click" | "answer", in order
    code: str = field(default_factory=lambda: f"{secrets.randbelow(10**6):06d}")
    answer: str = field(default_factory=lambda: secrets.choice(_WORDS))
    approved: bool = False
    done: list[str] = field(default_factory=list)

    @property
    def step(self) -> str | None:
        return self.steps[len(self.done)] if len(self.done) < len(self.steps) else None


class SignInFlow:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self, config: SignInConfig | None = None) -> None:
        with self._lock:
            self.config = config or SignInConfig()
            self.pending: Pending | None = None
            self.logins: list[dict[str, Any]] = []
            self.checkpoints_solved = 0
            self.wrong_codes = 0

    def start(self, target: str) -> Pending:
        with self._lock:
            steps = [str(s) for s in (self.config.second_factor, self.config.checkpoint)
                     if s != "none"]
            self.pending = Pending(secrets.token_urlsafe(12), target, steps)
            return self.pending

    def find(self, pending_id: str) -> Pending | None:
        with self._lock:
            p = self.pending
            return p if p is not None and secrets.compare_digest(p.id, pending_id) else None

    def record_login(self, p: Pending | None, user_agent: str) -> None:
        with self._lock:
            self.logins.append({"at": datetime.now(UTC).isoformat(timespec="seconds"),
                                "user_agent": user_agent, "steps": list(p.done) if p else []})
            if p is not None and self.pending is p:
                self.pending = None

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            p = self.pending
            return {
                **self.config.model_dump(),
                "pending": None if p is None else {
                    "id": p.id, "step": p.step, "code": p.code, "answer": p.answer,
                    "approved": p.approved, "done": list(p.done)},
                "logins": list(self.logins),
                "checkpoints_solved": self.checkpoints_solved,
                "wrong_codes": self.wrong_codes,
            }


def register(app: FastAPI, st: SandboxState, flow: SignInFlow, *,
             html: Callable[..., HTMLResponse], session_cookie: Callable[[Request, Response],
                                                                          None],
             authed: Callable[[Request], bool]) -> None:
    """Add the sign-in step pages and their control endpoints to the sandbox app."""

    def step_url(p: Pending) -> str:
        return f"{PREFIX}/{p.step}/{p.id}"

    def advance(request: Request, p: Pending) -> Response:
        if p.step is not None:
            return RedirectResponse(step_url(p), status_code=303)
        resp = RedirectResponse(p.target, status_code=303)
        session_cookie(request, resp)
        flow.record_login(p, request.headers.get("user-agent", ""))
        return resp

    def expired() -> Response:
        return RedirectResponse("/login?fromSignIn=true", status_code=303)

    @app.get(PREFIX + "/{step}/{pending_id}", response_class=HTMLResponse)
    async def step_page(request: Request, step: str, pending_id: str) -> Response:
        st.log_page(request.url.path)
        p = flow.find(pending_id)
        if p is None or p.step != step:
            return expired()
        action = step_url(p)
        if step == "code":
            return html(signin_pages.pin_page(action), request=request)
        if step == "app":
            return html(signin_pages.app_wait_page(action + "/status", action + "/done"),
                        request=request)
        return html(signin_pages.security_check_page(action, step, p.answer), request=request)

    @app.get(PREFIX + "/app/{pending_id}/status")
    async def app_status(pending_id: str) -> JSONResponse:
        p = flow.find(pending_id)
        return JSONResponse({"approved": bool(p and p.approved)})

    @app.get(PREFIX + "/app/{pending_id}/done")
    async def app_done(request: Request, pending_id: str) -> Response:
        p = flow.find(pending_id)
        if p is None or p.step != "app":
            return expired()
        if not p.approved:
            return RedirectResponse(step_url(p), status_code=303)
        p.done.append("app")
        return advance(request, p)

    @app.post(PREFIX + "/{step}/{pending_id}")
    async def step_submit(request: Request, step: str, pending_id: str) -> Response:
        p = flow.find(pending_id)
        if p is None or p.step != step or step == "app":
            return expired()
        form = await request.form()
        action = step_url(p)
        if step == "code" and str(form.get("pin", "")).strip() != p.code:
            flow.wrong_codes += 1
            return html(signin_pages.pin_page(
                action, "The verification code you entered isn't valid. Try again."),
                request=request)
        if step == "click" and form.get("not_a_robot") != "yes":
            return html(signin_pages.security_check_page(
                action, step, error="Tick the box to show you're not a robot."), request=request)
        if step == "answer" and str(form.get("answer", "")).strip().lower() != p.answer:
            return html(signin_pages.security_check_page(
                action, step, p.answer, "That's not the word shown. Try again."),
                request=request)
        p.done.append(step)
        return advance(request, p)

    @app.post(PREFIX + "/solve")
    async def solve_checkpoint(request: Request) -> Response:
        """The checkpoint a `checkpoint` fault shows, solved: the fault is lifted."""
        if not authed(request):
            return expired()
        form = await request.form()
        mode = flow.config.checkpoint if flow.config.checkpoint != "none" else "click"
        ok = (form.get("not_a_robot") == "yes" if mode == "click"
              else str(form.get("answer", "")).strip().lower() == fault_answer())
        if not ok:
            return html(signin_pages.security_check_page(
                PREFIX + "/solve", mode, fault_answer(), "That didn't work. Try again."),
                request=request)
        st.set_faults([f for f in st.faults if f != "checkpoint"])
        with flow._lock:
            flow.checkpoints_solved += 1
        return RedirectResponse("/feed/", status_code=303)

    def fault_answer() -> str:
        return _fault_answer(st)

    # -- control API --------------------------------------------------------------------------

    @app.get("/__sandbox/signin")
    async def control_signin_state() -> JSONResponse:
        return JSONResponse({**flow.snapshot(), "checkpoint_answer": fault_answer()})

    @app.post("/__sandbox/signin")
    async def control_signin(body: dict[str, Any] = Body(default_factory=dict)) -> JSONResponse:
        try:
            config = SignInConfig.model_validate(body)
        except ValidationError as exc:
            errors = [{"field": ".".join(str(x) for x in err["loc"]), "reason": err["msg"]}
                      for err in exc.errors()]
            return JSONResponse({"errors": errors}, 422)
        flow.reset(config)
        return JSONResponse({"ok": True, **config.model_dump()})

    @app.post("/__sandbox/signin/approve")
    async def control_approve() -> JSONResponse:
        p = flow.pending
        if p is None or p.step != "app":
            return JSONResponse({"errors": [{"field": "pending",
                                             "reason": "no sign-in is waiting for the app"}]},
                                404)
        p.approved = True
        return JSONResponse({"ok": True})


def checkpoint_page(flow: SignInFlow, st: SandboxState) -> str:
    """The page a `checkpoint` fault redirects to; solving it lifts the fault."""
    mode = flow.config.checkpoint if flow.config.checkpoint != "none" else "click"
    return signin_pages.security_check_page(PREFIX + "/solve", mode, _fault_answer(st))


def _fault_answer(st: SandboxState) -> str:
    # Stable for one session value, so a test can read it before the page shows it.
    return _WORDS[sum(map(ord, st.token)) % len(_WORDS)]
