"""The sandbox's world: people, birthdays, invitations, conversations, and what happened.

Everything is in memory behind one lock (the server answers from several threads when tests
drive it); `snapshot()` is what `/__sandbox/state` returns so tests assert on what LinkedIn
would have seen.
"""

from __future__ import annotations

import base64
import hashlib
import random
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from linkedin_auto.sandbox.faults import FaultName
from linkedin_auto.sandbox.people import Person, generate_people

Variant = Literal["legacy", "sdui"]
VARIANTS: tuple[Variant, ...] = ("legacy", "sdui")
BELATED_WINDOW_DAYS = 7  # the catch-up page shows birthdays of the last week


class SeedMessage(BaseModel):
    model_config = ConfigDict(extra="forbid")
    to_slug: str
    text: str
    ts: str | None = None


class ResetOptions(BaseModel):
    """Body of `POST /__sandbox/reset`; omitted counts get the defaults below."""

    model_config = ConfigDict(extra="forbid")
    seed: int = 1
    contacts: Annotated[int, Field(ge=0, le=5000)] = 50
    variant: Literal["legacy", "sdui", "random"] = "legacy"
    faults: list[FaultName] = Field(default_factory=list)
    today: date | None = None
    birthdays_today: Annotated[int | None, Field(ge=0)] = None
    belated: Annotated[int | None, Field(ge=0)] = None
    received: Annotated[int | None, Field(ge=0, le=1000)] = None
    follows: Annotated[int | None, Field(ge=0, le=1000)] = None
    sent: Annotated[int | None, Field(ge=0, le=1000)] = None
    search_results: Annotated[int | None, Field(ge=0, le=5000)] = None
    birthday_strangers: Annotated[int, Field(ge=0, le=50)] = 1
    # The li_at session survives resets unless this asks for a new one (old cookies stop working).
    new_session: bool = False
    # Like LinkedIn: the session belongs to the first user agent that uses it; another user
    # agent gets it revoked (li_at deleted, the old value never works again).
    bind_user_agent: bool = False
    messages: list[SeedMessage] = Field(default_factory=list)
    # After this many actions that took effect (send, accept, withdraw, connect), every further
    # one shows the "out of invitations" limit popup and does nothing, like `weekly_limit`.
    limit_after: Annotated[int | None, Field(ge=0, le=1000)] = None


@dataclass
class ReceivedInvitation:
    slug: str
    follows: bool  # a "follows you" card: its Accept does nothing
    days_ago: int
    status: str = "pending"  # pending | accepted | ignored


@dataclass
class SentInvitation:
    slug: str
    days_ago: int
    status: str = "pending"  # pending | withdrawn


@dataclass
class BirthdayEntry:
    person: Person
    days_late: int  # 0 = today


@dataclass
class ActionResult:
    ok: bool
    reason: str = ""  # "limit" | "error" | "take_care" | "noop" | "unknown"


class SandboxState:
    def __init__(self, options: ResetOptions | None = None) -> None:
        self._lock = threading.RLock()
        self.reset(options or ResetOptions())

    # -- building the world ------------------------------------------------------------------

    def reset(self, options: ResetOptions) -> None:
        with self._lock:
            self._build(options)

    def _build(self, o: ResetOptions) -> None:
        self.options = o
        self.seed = o.seed
        self.today_fixed = o.today
        self.variant_setting = o.variant
        self.faults: set[str] = set(o.faults)
        self._variant_rng = random.Random(f"variant:{o.seed}")
        if o.new_session or not getattr(self, "token", ""):
            self._new_token()
        self.session_user_agent: str | None = None
        self.sessions_revoked = 0
        today = self.today()
        rng = random.Random(f"world:{o.seed}")

        n_today = min(o.contacts, 3 if o.birthdays_today is None else o.birthdays_today)
        n_belated = min(o.contacts - n_today, 4 if o.belated is None else o.belated)
        n_received = 14 if o.received is None else o.received
        n_follows = (n_received // 6) if o.follows is None else min(o.follows, n_received)
        n_sent = 12 if o.sent is None else o.sent
        n_search = 35 if o.search_results is None else o.search_results
        n_strangers = o.birthday_strangers if n_today else 0

        taken: set[str] = set()
        self.me = generate_people(o.seed, 1, start_index=10_000_000, taken=taken)[0]
        self.me.language = "en"
        contacts = generate_people(o.seed, o.contacts, start_index=0, taken=taken)
        pool = generate_people(o.seed, n_received + n_sent + n_search + n_strangers,
                               start_index=1_000_000, taken=taken)

        # Birthdays: the first n_today contacts today, the next n_belated in the last week,
        # everyone else outside the catch-up window.
        for i, p in enumerate(contacts):
            p.degree = 1
            p.tags.append("contact")
            if i < n_today:
                p.birthday = today.strftime("%m-%d")
            elif i < n_today + n_belated:
                days = 1 + (i - n_today) % BELATED_WINDOW_DAYS
                p.birthday = (today - timedelta(days=days)).strftime("%m-%d")
            else:
                while _days_since_birthday(p.birthday, today) <= BELATED_WINDOW_DAYS:
                    p.birthday = f"{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        # Shuffle so birthday people are not simply the first contacts in every listing.
        rng.shuffle(contacts)

        it = iter(pool)
        self.received: list[ReceivedInvitation] = []
        # "follows you" cards spread evenly through the list, never first
        step = max(1, n_received // max(1, n_follows))
        follows_at = {1 + k * step for k in range(n_follows)} if n_follows else set()
        while len(follows_at) < n_follows:
            follows_at.add(max(follows_at | {-1}) + 1)
        follows_at = {i if i < n_received else n_received - 1 - j
                      for j, i in enumerate(sorted(follows_at))}
        for i in range(n_received):
            p = next(it)
            p.degree = 2 if i % 3 else 3
            p.tags.append("inviter")
            self.received.append(ReceivedInvitation(p.slug, i in follows_at, days_ago=i % 20))
        self.sent: list[SentInvitation] = []
        sent_ages = (0, 1, 3, 6, 9, 14, 21, 25, 30, 45, 60, 90, 120)
        for i in range(n_sent):
            p = next(it)
            p.degree = 2 if i % 2 else 3
            p.tags.append("invitee")
            self.sent.append(SentInvitation(p.slug, days_ago=sent_ages[i % len(sent_ages)]))
        search_pool: list[Person] = []
        for i in range(n_search):
            p = next(it)
            p.degree = 2 if i % 3 else 3
            p.tags.append("search")
            search_pool.append(p)
        self.birthday_strangers: list[Person] = []
        for _ in range(n_strangers):
            p = next(it)
            p.degree = 2
            p.tags.append("birthday_stranger")
            p.birthday = today.strftime("%m-%d")
            self.birthday_strangers.append(p)

        self.contacts = contacts
        self.people: dict[str, Person] = {p.slug: p for p in [*contacts, *pool]}
        self.search_index: list[Person] = [*search_pool, *contacts]
        self.messages: list[dict[str, Any]] = []
        # Every Send request received, delivered or not: {to_slug, text, result}.
        self.send_attempts: list[dict[str, Any]] = []
        for m in o.messages:
            if m.to_slug not in self.people:
                raise ValueError(f"messages.to_slug: unknown person {m.to_slug!r}")
            self._record_message(m.to_slug, m.text, ts=m.ts)
        self.accepted: list[str] = []
        self.ignored: list[str] = []
        self.withdrawn: list[str] = []
        self.invited: list[str] = []
        self.followed: list[str] = []
        self.profile_views: list[str] = []
        self.page_loads = 0
        self.page_log: list[str] = []
        self.overlay_opens = 0
        # Every action request received, in order, with what came of it (tests assert on it).
        self.action_log: list[dict[str, str]] = []
        self._effective = 0  # actions that took effect, for `limit_after`

    def _new_token(self) -> None:
        self.token = "AQEDA" + secrets.token_urlsafe(30).replace("-", "x").replace("_", "y")

    def session_allowed(self, user_agent: str) -> bool:
        """False when the session is replayed from another user agent: it is then revoked."""
        with self._lock:
            if not self.options.bind_user_agent:
                return True
            if self.session_user_agent is None:
                self.session_user_agent = user_agent
                return True
            if user_agent == self.session_user_agent:
                return True
            self._new_token()
            self.session_user_agent = None
            self.sessions_revoked += 1
            return False

    # -- time, variant, faults ---------------------------------------------------------------

    def today(self) -> date:
        return self.today_fixed or datetime.now(UTC).date()

    def pick_variant(self) -> Variant:
        with self._lock:
            if self.variant_setting == "random":
                return self._variant_rng.choice(VARIANTS)
            return self.variant_setting

    def set_faults(self, faults: list[str]) -> None:
        with self._lock:
            self.faults = set(faults)

    def has(self, fault: str) -> bool:
        with self._lock:
            return fault in self.faults

    # -- queries used by pages ---------------------------------------------------------------

    def person(self, slug: str) -> Person | None:
        with self._lock:
            if slug == self.me.slug:
                return self.me
            return self.people.get(slug)

    def birthdays(self) -> list[BirthdayEntry]:
        """Today's birthdays first, then the last week's, most recent first."""
        with self._lock:
            today = self.today()
            out = []
            for p in [*self.contacts, *self.birthday_strangers]:
                d = _days_since_birthday(p.birthday, today)
                if d <= BELATED_WINDOW_DAYS:
                    out.append(BirthdayEntry(p, d))
            out.sort(key=lambda e: (e.days_late, e.person.degree != 1))
            return out

    def anniversaries(self) -> list[Person]:
        """A few work anniversaries for the catch-up hub (not birthdays: bots must skip them)."""
        with self._lock:
            return [p for p in self.contacts if not self._is_birthday_person(p)][:2]

    def _is_birthday_person(self, p: Person) -> bool:
        return _days_since_birthday(p.birthday, self.today()) <= BELATED_WINDOW_DAYS

    def pending_received(self) -> list[ReceivedInvitation]:
        with self._lock:
            return [r for r in self.received if r.status == "pending"]

    def pending_sent(self) -> list[SentInvitation]:
        with self._lock:
            return [s for s in self.sent if s.status == "pending"]

    def conversation(self, slug: str) -> list[dict[str, Any]]:
        with self._lock:
            return [m for m in self.messages if m["conversation_slug"] == slug]

    def thread_id(self, slug: str) -> str:
        """A conversation's own page is /messaging/thread/<id>/ with an opaque id, as on
        LinkedIn: it cannot be built from the person's slug, only reached from the messaging
        list (or its search)."""
        digest = hashlib.sha1(f"{self.seed}:thread:{slug}".encode()).digest()[:15]
        return "2-" + base64.urlsafe_b64encode(digest).decode()

    def thread_slug(self, thread_id: str) -> str | None:
        with self._lock:
            return next((s for s in self.people if self.thread_id(s) == thread_id), None)

    def conversations(self) -> list[str]:
        with self._lock:
            seen: list[str] = []
            for m in reversed(self.messages):
                if m["conversation_slug"] not in seen:
                    seen.append(m["conversation_slug"])
            return seen

    def search(self, keywords: str, network: list[str] | None, geo: list[str] | None,
               title: str = "") -> list[Person]:
        """People search. Like LinkedIn, a geoUrn that is not a numeric id is silently ignored
        (worldwide results), and `titleFreeText` matches the current job title only."""
        with self._lock:
            match = _keyword_matcher(keywords)
            match_title = _keyword_matcher(title)
            degrees = {"F": 1, "S": 2, "O": 3}
            wanted = {degrees[n] for n in network or [] if n in degrees}
            geos = {g.rsplit(":", 1)[-1] for g in geo or []}
            geos = {g for g in geos if g.isdigit()}
            out = []
            for p in self.search_index:
                if wanted and p.degree not in wanted:
                    continue
                if geos and p.geo_urn not in geos:
                    continue
                job = p.headline.split(" at ")[0].split(" chez ")[0]
                if title and not match_title(job):
                    continue
                if match(f"{p.name} {p.headline} {p.location}"):
                    out.append(p)
            return out

    def other_contact(self, slug: str) -> Person | None:
        """Someone else with an open-able conversation (for the wrong_overlay fault)."""
        with self._lock:
            for p in self.contacts:
                if p.slug != slug:
                    return p
            return None

    # -- recording what the browser did ------------------------------------------------------

    def log_page(self, path: str) -> None:
        with self._lock:
            self.page_loads += 1
            self.page_log.append(path)

    def view_profile(self, slug: str) -> None:
        with self._lock:
            self.profile_views.append(slug)

    def _action_fault(self) -> ActionResult | None:
        if "weekly_limit" in self.faults:
            return ActionResult(False, "limit")
        limit = self.options.limit_after
        if limit is not None and self._effective >= limit:
            return ActionResult(False, "limit")
        if "error_toast" in self.faults:
            return ActionResult(False, "error")
        return None

    def _record_message(self, slug: str, text: str, ts: str | None = None) -> dict[str, Any]:
        p = self.people[slug]
        msg = {
            "to_slug": slug,
            "to_name": p.name,
            "text": text,
            "ts": ts or datetime.now(UTC).isoformat(timespec="milliseconds"),
            "conversation_slug": slug,
        }
        self.messages.append(msg)
        return msg

    def _send_message(self, slug: str, text: str) -> tuple[ActionResult, dict[str, Any] | None]:
        with self._lock:
            if slug not in self.people or not text.strip():
                return ActionResult(False, "unknown"), None
            fault = self._action_fault()
            if fault is None and "send_error_toast" in self.faults:
                fault = ActionResult(False, "error")
            if fault:
                self.send_attempts.append({"to_slug": slug, "text": text,
                                           "result": fault.reason})
                return fault, None
            if "send_lost" in self.faults:
                self.send_attempts.append({"to_slug": slug, "text": text, "result": "lost"})
                return ActionResult(True), None
            self.send_attempts.append({"to_slug": slug, "text": text, "result": "delivered"})
            return ActionResult(True), self._record_message(slug, text)

    def _find_received(self, slug: str) -> ReceivedInvitation | None:
        return next((r for r in self.received if r.slug == slug and r.status == "pending"), None)

    def _accept(self, slug: str, confirmed: bool) -> ActionResult:
        with self._lock:
            inv = self._find_received(slug)
            if inv is None:
                return ActionResult(False, "unknown")
            if inv.follows:
                return ActionResult(False, "noop")
            fault = self._action_fault()
            if fault:
                return fault
            if "take_care_dialog" in self.faults and not confirmed:
                return ActionResult(False, "take_care")
            inv.status = "accepted"
            self.accepted.append(slug)
            p = self.people[slug]
            p.degree = 1
            return ActionResult(True)

    def _ignore(self, slug: str) -> ActionResult:
        with self._lock:
            inv = self._find_received(slug)
            if inv is None:
                return ActionResult(False, "unknown")
            if "error_toast" in self.faults:
                return ActionResult(False, "error")
            inv.status = "ignored"
            self.ignored.append(slug)
            return ActionResult(True)

    def _withdraw(self, slug: str) -> ActionResult:
        with self._lock:
            inv = next((s for s in self.sent if s.slug == slug and s.status == "pending"), None)
            if inv is None:
                return ActionResult(False, "unknown")
            fault = self._action_fault()
            if fault:
                return fault
            inv.status = "withdrawn"
            self.withdrawn.append(slug)
            return ActionResult(True)

    def _connect(self, slug: str) -> ActionResult:
        with self._lock:
            if slug not in self.people:
                return ActionResult(False, "unknown")
            fault = self._action_fault()
            if fault:
                return fault
            self.invited.append(slug)
            return ActionResult(True)

    def follow(self, slug: str) -> ActionResult:
        with self._lock:
            if slug not in self.people:
                return ActionResult(False, "unknown")
            self.followed.append(slug)
            return ActionResult(True)

    # Every action goes through one of these: the result is logged, effects are counted.
    def send_message(self, slug: str, text: str) -> tuple[ActionResult, dict[str, Any] | None]:
        with self._lock:
            res, msg = self._send_message(slug, text)
            self._log_action("send", slug, res, counts=True)
            return res, msg

    def accept(self, slug: str, confirmed: bool) -> ActionResult:
        with self._lock:
            return self._log_action("accept", slug, self._accept(slug, confirmed), counts=True)

    def ignore(self, slug: str) -> ActionResult:
        with self._lock:
            return self._log_action("ignore", slug, self._ignore(slug), counts=False)

    def withdraw(self, slug: str) -> ActionResult:
        with self._lock:
            return self._log_action("withdraw", slug, self._withdraw(slug), counts=True)

    def connect(self, slug: str) -> ActionResult:
        with self._lock:
            return self._log_action("connect", slug, self._connect(slug), counts=True)

    def _log_action(self, action: str, slug: str, res: ActionResult, *,
                    counts: bool) -> ActionResult:
        self.action_log.append({"action": action, "slug": slug,
                                "result": "ok" if res.ok else res.reason or "refused"})
        if res.ok and counts:
            self._effective += 1
        return res

    # -- inspection ---------------------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            today = self.today()
            people: list[dict[str, Any]] = []
            for p in [*self.contacts, *self.people.values()]:
                if any(x["slug"] == p.slug for x in people):
                    continue
                d = p.to_json()
                days = _days_since_birthday(p.birthday, today)
                d["birthday_days_ago"] = days if days <= BELATED_WINDOW_DAYS else None
                d["thread_id"] = self.thread_id(p.slug)
                people.append(d)
            return {
                "seed": self.seed,
                "today": today.isoformat(),
                "variant": self.variant_setting,
                "faults": sorted(self.faults),
                "me": self.me.to_json(),
                "messages": [dict(m) for m in self.messages],
                "send_attempts": [dict(m) for m in self.send_attempts],
                "accepted": list(self.accepted),
                "ignored": list(self.ignored),
                "withdrawn": list(self.withdrawn),
                "invited": list(self.invited),
                "followed": list(self.followed),
                "profile_views": list(self.profile_views),
                "page_loads": self.page_loads,
                "page_log": list(self.page_log),
                "overlay_opens": self.overlay_opens,
                "action_log": [dict(a) for a in self.action_log],
                "sessions_revoked": self.sessions_revoked,
                "people": people,
                "birthdays": [
                    {"slug": e.person.slug, "name": e.person.name, "days_late": e.days_late,
                     "degree": e.person.degree, "language": e.person.language}
                    for e in self.birthdays()
                ],
                "received": [
                    {"slug": r.slug, "name": self.people[r.slug].name, "follows": r.follows,
                     "status": r.status, "mutual": self.people[r.slug].mutual,
                     "headline": self.people[r.slug].headline}
                    for r in self.received
                ],
                "sent": [
                    {"slug": s.slug, "name": self.people[s.slug].name, "days_ago": s.days_ago,
                     "status": s.status}
                    for s in self.sent
                ],
            }


def _days_since_birthday(mmdd: str, today: date) -> int:
    """Days since the most recent occurrence of the birthday (0 = today)."""
    month, day = (int(x) for x in mmdd.split("-"))
    for year in (today.year, today.year - 1):
        try:
            d = date(year, month, day)
        except ValueError:  # 29 February in a common year: celebrated on 1 March
            d = date(year, 3, 1)
        if d <= today:
            return (today - d).days
    return 366


def _keyword_matcher(keywords: str) -> Any:
    """LinkedIn-style boolean keywords: terms are ANDed, `OR` between terms, `NOT term`,
    "quoted phrases". Case-insensitive substring match."""
    tokens: list[str] = []
    buf = ""
    quoted = False
    for ch in keywords:
        if ch == '"':
            if quoted and buf:
                tokens.append('"' + buf)
            elif buf.strip():
                tokens.extend(buf.split())
            buf, quoted = "", not quoted
        elif ch.isspace() and not quoted:
            if buf:
                tokens.append(buf)
            buf = ""
        else:
            buf += ch
    if buf:
        tokens.append(('"' + buf) if quoted else buf)

    # groups: list of OR-alternatives (ANDed together); negatives excluded
    groups: list[list[str]] = []
    negatives: list[str] = []
    i = 0
    pending_or = False
    while i < len(tokens):
        t = tokens[i]
        if t == "NOT" and i + 1 < len(tokens):
            negatives.append(tokens[i + 1].lstrip('"').lower())
            i += 2
            continue
        if t == "OR":
            pending_or = True
            i += 1
            continue
        if t == "AND":
            i += 1
            continue
        term = t.lstrip('"').lower()
        if pending_or and groups:
            groups[-1].append(term)
        else:
            groups.append([term])
        pending_or = False
        i += 1

    def match(text: str) -> bool:
        low = text.lower()
        if any(n in low for n in negatives):
            return False
        return all(any(t in low for t in g) for g in groups)

    return match
