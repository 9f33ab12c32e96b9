"""The message ledger as the person sees it, and "wishes to check": wishes whose Send click
happened but whose delivery was not seen (``unverified``). Only the person moves them: marked
delivered (-> sent) or asked to be sent again (-> abandoned, so a later run may wish again)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import structlog
from fastapi import APIRouter, HTTPException, Query, status

from linkedin_auto.api.deps import SQLITE_INT_MAX, AuthDep, ClockDep, DbDep, Offset, RowId
from linkedin_auto.api.schemas.messages import MessageOut, MessagePage
from linkedin_auto.bots import ledger
from linkedin_auto.bots.ledger import MessageState
from linkedin_auto.clock import Clock
from linkedin_auto.db.connection import Database
from linkedin_auto.db.messages import (
    confirm_click_audit,
    get_message,
    list_messages,
    message_state,
)
from linkedin_auto.db.runs import RunStore

router = APIRouter(prefix="/api/messages", tags=["messages"])
log = structlog.get_logger(__name__)

OptionalId = Annotated[int | None, Query(ge=1, le=SQLITE_INT_MAX)]


def _out(row: Any) -> MessageOut:
    d = dict(row)
    d.pop("slug", None)
    return MessageOut(**d)


@router.get("", response_model=MessagePage)
def messages(
    _: AuthDep, db: DbDep, state: MessageState | None = None, contact_id: OptionalId = None,
    run_id: OptionalId = None, limit: int = Query(50, ge=1, le=500), offset: Offset = 0,
) -> MessagePage:
    """Real wishes, newest first; ``state=unverified`` lists the wishes to check."""
    rows, total = list_messages(db, state=state, contact_id=contact_id, run_id=run_id,
                                limit=limit, offset=offset)
    return MessagePage(items=[_out(r) for r in rows], total=total, limit=limit, offset=offset)


_DONE = {"delivered": "marked delivered", "resend": "sent again"}


def _decide(db: Database, clock: Clock, message_id: int,
            decision: Literal["delivered", "resend"]) -> MessageOut:
    row = get_message(db, message_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no wish {message_id}")
    with db.transaction():
        moved = (ledger.mark_delivered if decision == "delivered" else ledger.allow_resend)(
            db, clock, message_id)
        if not moved:
            current = message_state(db, message_id)
            raise HTTPException(
                status.HTTP_409_CONFLICT,
                f"wish {message_id} is {current}, not unverified: only a wish to check can be"
                f" {_DONE[decision]}")
        if decision == "delivered":
            confirm_click_audit(db, run_id=row["run_id"], profile_url=row["profile_url"])
        if row["run_id"] is not None:
            what = ("marked the wish to {} delivered" if decision == "delivered"
                    else "asked for the wish to {} to be sent again")
            RunStore(db, clock).add_event(row["run_id"], "wish_checked",
                                          "You " + what.format(row["contact_name"]),
                                          message_id=message_id, decision=decision)
    log.info("wish_checked", message_id=message_id, contact_id=row["contact_id"],
             decision=decision)
    after = get_message(db, message_id)
    assert after is not None
    return _out(after)


@router.post("/{message_id}/delivered", response_model=MessageOut)
def mark_delivered(message_id: RowId, _: AuthDep, db: DbDep, clock: ClockDep) -> MessageOut:
    """You saw the wish in LinkedIn: unverified -> sent (its click's audit row -> done)."""
    return _decide(db, clock, message_id, "delivered")


@router.post("/{message_id}/resend", response_model=MessageOut)
def resend(message_id: RowId, _: AuthDep, db: DbDep, clock: ClockDep) -> MessageOut:
    """You saw it did not arrive: unverified -> abandoned; the next run may wish again while
    the birthday is within bots.birthday.max_days_late. The click stays counted."""
    return _decide(db, clock, message_id, "resend")
