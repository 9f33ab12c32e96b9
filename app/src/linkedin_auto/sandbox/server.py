"""The sandbox web app: LinkedIn-like pages, the small JSON API their scripts call, and the
`/__sandbox/` control endpoints tests use (reset, faults, state, login cookie)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import secrets
from typing import Any
from urllib.parse import quote, urlencode

import structlog
import uvicorn
from fastapi import Body, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from linkedin_auto.sandbox import signin
from linkedin_auto.sandbox.faults import SLOW_SECONDS, FaultName
from linkedin_auto.sandbox.pages import catchup, invitations, messaging, people_pages, shell
from linkedin_auto.sandbox.pages.markup import Markup
from linkedin_auto.sandbox.state import VARIANTS, ActionResult, ResetOptions, SandboxState, Variant

log = structlog.get_logger(__name__)

SANDBOX_PASSWORD = "sandbox"  # the /login form accepts any e-mail with this password


class FaultsBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    faults: list[FaultName] = Field(default_factory=list)


class MessageBody(BaseModel):
    text: str = Field(min_length=1, max_length=8000)


def _origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}"


def _strip_quotes(v: str | None) -> str:
    return (v or "").strip('"')


def create_app(state: SandboxState | None = None) -> FastAPI:
    st = state or SandboxState()
    app = FastAPI(title="LinkedIn sandbox", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.sandbox = st
    flow = signin.SignInFlow()
    app.state.signin = flow

    # -- helpers ------------------------------------------------------------------------------

    def markup(request: Request, *, from_header: bool = False) -> Markup:
        variant: Variant | None = None
        if from_header:
            suffix = request.headers.get("x-li-page-instance", "").rsplit(";", 1)[-1]
            variant = next((v for v in VARIANTS if v == suffix), None)
        return Markup(variant or st.pick_variant(), st.seed, _origin(request),
                      recaptcha=st.has("invisible_recaptcha"))

    def authed(request: Request) -> bool:
        return request.cookies.get("li_at") == st.token

    def html(body: str, status: int = 200, request: Request | None = None) -> HTMLResponse:
        resp = HTMLResponse(body, status_code=status)
        if request is not None:
            ensure_jsessionid(request, resp)
        return resp

    def ensure_jsessionid(request: Request, resp: Response) -> None:
        if not request.cookies.get("JSESSIONID"):
            resp.headers.append(
                "set-cookie", f'JSESSIONID="ajax:{secrets.randbelow(10**19):019d}"; Path=/')

    def login_redirect(request: Request) -> RedirectResponse:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.url.path.startswith(("/in/", "/search/")):
            q = urlencode({"trk": "public_profile_nav", "sessionRedirect": target})
            return RedirectResponse(f"/authwall?{q}", status_code=302)
        q = urlencode({"session_redirect": target, "fromSignIn": "true"})
        return RedirectResponse(f"/login?{q}", status_code=302)

    async def guard(request: Request) -> Response | None:
        """What LinkedIn does before rendering a logged-in page; None means render it."""
        st.log_page(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
        if st.has("slow"):
            await asyncio.sleep(SLOW_SECONDS)
        if st.has("too_many_requests"):
            return html(shell.too_many_requests_page(), 429)
        if st.has("rate_limit_search") and request.url.path.startswith("/search/"):
            return html(shell.slow_down_page(), 429)
        if st.has("rate_limit_profile") and request.url.path.startswith("/in/"):
            return html(shell.blank_page(), 429)
        if not authed(request):
            return login_redirect(request)
        if st.has("expired_session") or not st.session_allowed(
                request.headers.get("user-agent", "")):
            resp = login_redirect(request)
            resp.headers.append(
                "set-cookie",
                'li_at=delete me; Path=/; Expires=Thu, 01 Jan 1970 00:00:10 GMT; HttpOnly')
            return resp
        if st.has("checkpoint"):
            ident = hashlib.sha1(st.token.encode()).hexdigest()[:24]
            return RedirectResponse(
                f"/checkpoint/challenge/AgF{ident}?ut=0{ident[:10]}", status_code=302)
        if st.has("id_verification"):
            return html(shell.id_verification_page(), request=request)
        return None

    async def api_guard(request: Request, *, csrf: bool) -> Response | None:
        if st.has("slow"):
            await asyncio.sleep(SLOW_SECONDS)
        if st.has("too_many_requests"):
            return JSONResponse({"status": 429, "message": "too many requests"}, 429)
        if (not authed(request) or st.has("expired_session") or st.has("checkpoint")
                or not st.session_allowed(request.headers.get("user-agent", ""))):
            return JSONResponse({"status": 401}, 401)
        if csrf and (not request.cookies.get("JSESSIONID") or _strip_quotes(
                request.headers.get("csrf-token")) != _strip_quotes(request.cookies["JSESSIONID"])):
            return JSONResponse({"status": 403, "message": "CSRF check failed"}, 403)
        return None

    def action_failure(m: Markup, res: ActionResult) -> JSONResponse:
        if res.reason == "limit":
            return JSONResponse({"ok": False, "alert": invitations.limit_alert(m)})
        if res.reason == "error":
            return JSONResponse({"ok": False, "toast": invitations.error_toast(m)})
        if res.reason == "noop":
            return JSONResponse({"ok": False})
        return JSONResponse({"ok": False, "toast": invitations.error_toast(
            m, "This invitation is no longer available.")}, 404)

    # -- control endpoints (not LinkedIn) -----------------------------------------------------

    @app.post("/__sandbox/reset")
    async def control_reset(body: dict[str, Any] = Body(default_factory=dict)) -> JSONResponse:
        try:
            options = ResetOptions.model_validate(body)
            st.reset(options)
            flow.reset()
        except ValidationError as exc:
            errors = [{"field": ".".join(str(x) for x in err["loc"]), "reason": err["msg"]}
                      for err in exc.errors()]
            return JSONResponse({"errors": errors}, 422)
        except ValueError as exc:
            return JSONResponse({"errors": [{"field": "messages", "reason": str(exc)}]}, 422)
        log.info("sandbox_reset", seed=options.seed, contacts=options.contacts,
                 variant=options.variant, faults=options.faults)
        return JSONResponse(
            {"ok": True, "variant": options.variant, "today": st.today().isoformat()})

    @app.post("/__sandbox/faults")
    async def control_faults(body: dict[str, Any] = Body(default_factory=dict)) -> JSONResponse:
        try:
            fb = FaultsBody.model_validate(body)
        except ValidationError as exc:
            errors = [{"field": ".".join(str(x) for x in err["loc"]), "reason": err["msg"]}
                      for err in exc.errors()]
            return JSONResponse({"errors": errors}, 422)
        st.set_faults(list(fb.faults))
        return JSONResponse({"ok": True, "faults": sorted(fb.faults)})

    @app.get("/__sandbox/state")
    async def control_state() -> JSONResponse:
        return JSONResponse(st.snapshot())

    @app.get("/__sandbox/login-cookie")
    async def control_login_cookie(request: Request) -> JSONResponse:
        return JSONResponse({"name": "li_at", "value": st.token,
                             "domain": request.url.hostname, "path": "/"})

    @app.get("/__sandbox/storage-state")
    async def control_storage_state(request: Request) -> JSONResponse:
        """A Playwright storage_state holding a valid session for the current state."""
        host = request.url.hostname
        jsession = f'"ajax:{int(hashlib.sha1(st.token.encode()).hexdigest()[:15], 16):019d}"'
        cookies = [
            {"name": "li_at", "value": st.token, "domain": host, "path": "/", "expires": -1,
             "httpOnly": True, "secure": False, "sameSite": "Lax"},
            {"name": "JSESSIONID", "value": jsession, "domain": host, "path": "/",
             "expires": -1, "httpOnly": False, "secure": False, "sameSite": "Lax"},
        ]
        return JSONResponse({"cookies": cookies, "origins": []})

    @app.get("/recaptcha/api2/{frame}", response_class=HTMLResponse)
    async def recaptcha_frame(frame: str) -> HTMLResponse:
        """Google's invisible reCAPTCHA frames, as normal LinkedIn pages load them."""
        return HTMLResponse(shell.recaptcha_frame(frame))

    # -- logged-out pages ---------------------------------------------------------------------

    @app.get("/login", response_class=HTMLResponse)
    @app.get("/uas/login", response_class=HTMLResponse)
    async def login(request: Request, session_redirect: str = "/feed/") -> HTMLResponse:
        st.log_page(request.url.path)
        return html(shell.login_page(session_redirect), request=request)

    @app.post("/checkpoint/lg/login-submit")
    async def login_submit(request: Request) -> Response:
        form = await request.form()
        target = str(form.get("session_redirect") or "/feed/")
        if not target.startswith("/") or target.startswith("//"):
            target = "/feed/"
        if form.get("session_password") != SANDBOX_PASSWORD or not form.get("session_key"):
            return html(shell.login_page(target, "Wrong email or password. Try again."), 200,
                        request)
        pending = flow.start(target)
        if pending.step is not None:  # 2FA or a security check first (sandbox/signin.py)
            return RedirectResponse(f"{signin.PREFIX}/{pending.step}/{pending.id}", 303)
        resp = RedirectResponse(target, status_code=303)
        session_cookie(request, resp)
        flow.record_login(pending, request.headers.get("user-agent", ""))
        return resp

    def session_cookie(request: Request, resp: Response) -> None:
        resp.headers.append("set-cookie", f"li_at={st.token}; Path=/; HttpOnly")
        ensure_jsessionid(request, resp)

    signin.register(app, st, flow, html=html, session_cookie=session_cookie, authed=authed)

    @app.get("/authwall", response_class=HTMLResponse)
    async def authwall(request: Request, sessionRedirect: str = "/feed/") -> HTMLResponse:  # noqa: N803
        st.log_page(request.url.path)
        return html(shell.authwall_page(sessionRedirect), request=request)

    @app.get("/checkpoint/challenge/{rest:path}", response_class=HTMLResponse)
    async def checkpoint(request: Request, rest: str) -> HTMLResponse:
        st.log_page(request.url.path)
        return html(signin.checkpoint_page(flow, st), request=request)

    # -- logged-in pages ----------------------------------------------------------------------

    @app.get("/")
    async def root(request: Request) -> Response:
        return (await guard(request)) or RedirectResponse("/feed/", status_code=302)

    @app.get("/feed/")
    async def feed(request: Request) -> Response:
        if (r := await guard(request)) is not None:
            return r
        m = markup(request)
        return html(catchup.feed_page(m, st.me, st.contacts), request=request)

    @app.get("/mynetwork/")
    async def mynetwork(request: Request) -> Response:
        if (r := await guard(request)) is not None:
            return r
        return html(catchup.mynetwork_page(markup(request), st.me, len(st.pending_received())),
                    request=request)

    def catchup_items(m: Markup, kind: str) -> list[str]:
        return catchup.catchup_items(m, st.birthdays(), st.anniversaries(), st.today(),
                                     kind=kind, with_message=not st.has("missing_element"))

    @app.get("/mynetwork/catch-up/{kind}/")
    async def catchup_page(request: Request, kind: str) -> Response:
        if (r := await guard(request)) is not None:
            return r
        m = markup(request)
        if kind not in ("birthday", "all"):
            return html(shell.not_found_page(m, st.me), 404, request)
        return html(catchup.catchup_page(m, st.me, catchup_items(m, kind), kind=kind),
                    request=request)

    @app.get("/voyager/api/growth/catchup")
    async def catchup_fragment(request: Request, kind: str = "birthday",
                               start: int = 0) -> Response:
        if (r := await api_guard(request, csrf=False)) is not None:
            return r
        m = markup(request, from_header=True)
        items = catchup_items(m, kind if kind in ("birthday", "all") else "birthday")
        chunk = items[max(0, start):max(0, start) + catchup.BATCH]
        more = start + catchup.BATCH < len(items)
        await asyncio.sleep(0.15)  # the real page shows a spinner for a moment
        return HTMLResponse("\n".join(chunk), headers={"x-more": "1" if more else "0"})

    # -- messaging ----------------------------------------------------------------------------

    @app.get("/messaging/")
    async def inbox(request: Request,
                    search: str = Query("", alias="searchTerm", max_length=200)) -> Response:
        if (r := await guard(request)) is not None:
            return r
        term = search.strip().casefold()
        people = [(p, st.thread_id(s)) for s in st.conversations()
                  if (p := st.person(s)) and (not term or term in p.name.casefold())]
        return html(messaging.inbox_page(markup(request), st.me, people, search=search),
                    request=request)

    @app.get("/messaging/thread/{thread_id}/")
    async def thread(request: Request, thread_id: str) -> Response:
        if (r := await guard(request)) is not None:
            return r
        m = markup(request)
        slug = st.thread_slug(thread_id)  # a person's slug is not a thread id: not found
        p = st.person(slug) if slug else None
        if p is None or p.slug == st.me.slug:
            return html(shell.not_found_page(m, st.me), 404, request)
        return html(messaging.thread_page(m, st.me, p, st.conversation(p.slug)), request=request)

    @app.get("/voyager/api/messaging/overlay")
    async def overlay(request: Request, recipient: str) -> Response:
        if (r := await api_guard(request, csrf=False)) is not None:
            return r
        m = markup(request, from_header=True)
        p = st.person(recipient)
        if p is None or p.degree != 1:
            return JSONResponse({"ok": False, "toast": invitations.error_toast(m)}, 404)
        opened = [p]
        if st.has("wrong_overlay") and (other := st.other_contact(p.slug)):
            opened.append(other)  # opened after the right one: in front and focused
        with st._lock:
            st.overlay_opens += 1
        return JSONResponse({
            "ok": True,
            "open": [
                {"slug": x.slug,
                 "html": messaging.overlay(m, st.me, x, st.conversation(x.slug),
                                           aside_dialog=st.has("overlay_aside_dialog"))}
                for x in opened
            ],
            "focus": opened[-1].slug,
        })

    @app.post("/voyager/api/messaging/conversations/{slug}/events")
    async def send_message(request: Request, slug: str) -> Response:
        if (r := await api_guard(request, csrf=True)) is not None:
            return r
        m = markup(request, from_header=True)
        try:
            body = MessageBody.model_validate(await request.json())
        except (ValidationError, json.JSONDecodeError):
            return JSONResponse({"ok": False, "toast": invitations.error_toast(m)}, 400)
        res, msg = st.send_message(slug, body.text)
        if not res.ok:
            return action_failure(m, res)
        log.info("sandbox_message", to=slug, chars=len(body.text), delivered=msg is not None)
        if msg is None or st.has("overlay_no_echo"):
            return JSONResponse({"ok": True, "html": "", "status": "Sent"})
        return JSONResponse({"ok": True, "html": messaging.message_item(m, st.me, msg)})

    # -- invitations --------------------------------------------------------------------------

    @app.get("/mynetwork/invitation-manager/")
    @app.get("/mynetwork/invitation-manager/received/")
    async def received(request: Request) -> Response:
        if (r := await guard(request)) is not None:
            return r
        m = markup(request)
        pending = st.pending_received()
        cards = []
        for inv in pending[:invitations.RECEIVED_PER_LOAD]:
            p = st.person(inv.slug)
            assert p is not None
            cards.append(invitations.received_card(m, p, inv))
        return html(invitations.received_page(m, st.me, cards, len(pending),
                                              notice=not st.has("no_empty_notice")),
                    request=request)

    @app.get("/mynetwork/invitation-manager/sent/")
    async def sent(request: Request, page: int = 1) -> Response:
        if (r := await guard(request)) is not None:
            return r
        m = markup(request)
        pending = sorted(st.pending_sent(), key=lambda s: s.days_ago)
        per = invitations.SENT_PER_PAGE
        pages = max(1, -(-len(pending) // per))
        page = min(max(1, page), pages)
        cards = []
        for inv in pending[(page - 1) * per:page * per]:
            p = st.person(inv.slug)
            assert p is not None
            cards.append(invitations.sent_card(m, p, inv))
        return html(invitations.sent_page(m, st.me, cards, len(pending), page, pages,
                                          notice=not st.has("no_empty_notice")),
                    request=request)

    @app.post("/voyager/api/relationships/invitations/{slug}/accept")
    async def accept(request: Request, slug: str, confirmed: bool = False) -> Response:
        if (r := await api_guard(request, csrf=True)) is not None:
            return r
        m = markup(request, from_header=True)
        res = st.accept(slug, confirmed)
        p = st.person(slug)
        if res.reason == "take_care" and p is not None:
            return JSONResponse({"ok": False, "dialog": invitations.take_care_dialog(m, p)})
        if not res.ok or p is None:
            return action_failure(m, res)
        if st.has("silent_actions"):
            return JSONResponse({"ok": True})  # done, but the page is not updated
        return JSONResponse({"ok": True, "html": invitations.accepted_card(m, p)})

    @app.post("/voyager/api/relationships/invitations/{slug}/ignore")
    async def ignore(request: Request, slug: str) -> Response:
        if (r := await api_guard(request, csrf=True)) is not None:
            return r
        m = markup(request, from_header=True)
        res = st.ignore(slug)
        if not res.ok:
            return action_failure(m, res)
        return JSONResponse({"ok": True} if st.has("silent_actions") else {"ok": True, "html": ""})

    @app.post("/voyager/api/relationships/sentInvitations/{slug}/withdraw")
    async def withdraw(request: Request, slug: str, confirmed: bool = False) -> Response:
        if (r := await api_guard(request, csrf=True)) is not None:
            return r
        m = markup(request, from_header=True)
        p = st.person(slug)
        if p is None:
            return action_failure(m, ActionResult(False, "unknown"))
        if not confirmed:
            return JSONResponse({"ok": False, "dialog": invitations.withdraw_dialog(m, p)})
        res = st.withdraw(slug)
        if not res.ok:
            return action_failure(m, res)
        return JSONResponse({"ok": True} if st.has("silent_actions") else {"ok": True, "html": ""})

    @app.post("/voyager/api/relationships/connect/{slug}")
    async def connect(request: Request, slug: str) -> Response:
        if (r := await api_guard(request, csrf=True)) is not None:
            return r
        res = st.connect(slug)
        return JSONResponse({"ok": True}) if res.ok else action_failure(
            markup(request, from_header=True), res)

    @app.post("/voyager/api/feed/follows/{slug}")
    async def follow(request: Request, slug: str) -> Response:
        if (r := await api_guard(request, csrf=True)) is not None:
            return r
        res = st.follow(slug)
        return JSONResponse({"ok": res.ok})

    # -- search and profiles ------------------------------------------------------------------

    @app.get("/search/results/all/")
    async def search_all(request: Request) -> Response:
        if (r := await guard(request)) is not None:
            return r
        q = request.url.query
        return RedirectResponse("/search/results/people/" + (f"?{q}" if q else ""), 302)

    @app.get("/search/results/people/")
    async def search_people(request: Request, keywords: str = "", page: int = 1,
                            network: str = "", geoUrn: str = "",  # noqa: N803
                            titleFreeText: str = "") -> Response:  # noqa: N803
        if (r := await guard(request)) is not None:
            return r
        m = markup(request)
        results = st.search(keywords, _list_param(network), _list_param(geoUrn),
                            titleFreeText)
        per = people_pages.RESULTS_PER_PAGE
        page = max(1, page)
        shown = results[(page - 1) * per:page * per]
        return html(people_pages.search_page(m, st.me, shown, len(results), page, keywords),
                    request=request)

    @app.get("/in/{slug}")
    async def profile_no_slash(request: Request, slug: str) -> Response:
        q = request.url.query
        return RedirectResponse(f"/in/{quote(slug)}/" + (f"?{q}" if q else ""), 301)

    @app.get("/in/{slug}/")
    @app.get("/in/{slug}/overlay/contact-info/")
    async def profile(request: Request, slug: str) -> Response:
        if (r := await guard(request)) is not None:
            return r
        m = markup(request)
        p = st.person(slug)
        if p is None:
            return html(shell.not_found_page(m, st.me), 404, request)
        if p.slug != st.me.slug:
            st.view_profile(p.slug)
        return html(people_pages.profile_page(m, st.me, p), request=request)

    return app


def _list_param(raw: str) -> list[str] | None:
    """`network=["F","S"]` (LinkedIn's JSON-ish list) or `F,S`."""
    if not raw:
        return None
    try:
        val = json.loads(raw)
        if isinstance(val, list):
            return [str(x) for x in val]
    except json.JSONDecodeError:
        pass
    return [x.strip(' "[]') for x in raw.split(",") if x.strip(' "[]')]


def serve(host: str = "127.0.0.1", port: int = 8090, *, seed: int = 1, contacts: int = 50,
          variant: str = "legacy") -> None:
    """Serve the sandbox until interrupted (blocking)."""
    state = SandboxState(ResetOptions.model_validate(
        {"seed": seed, "contacts": contacts, "variant": variant}))
    log.info("sandbox_serving", host=host, port=port, variant=variant)
    uvicorn.run(create_app(state), host=host, port=port, log_level="warning", access_log=False)
