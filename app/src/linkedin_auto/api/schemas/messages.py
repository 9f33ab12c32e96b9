"""The message ledger as the person sees it, and the wishes to check."""

from __future__ import annotations

from pydantic import BaseModel, Field

from linkedin_auto.bots.ledger import MessageState


class MessageOut(BaseModel):
    id: int
    contact_id: int
    contact_name: str
    profile_url: str
    occasion: str = Field(description="birthday:<YYYY-MM-DD>")
    kind: str = Field(description="today | belated")
    text: str
    state: MessageState
    run_id: int | None = Field(description="The run that sent it (null once that run is deleted)")
    created_at: str
    clicked_at: str | None = Field(description="Just before the Send click")
    sent_at: str | None
    note: str | None


class MessagePage(BaseModel):
    items: list[MessageOut]
    total: int
    limit: int
    offset: int
