// Shapes of the live sign-in view (api/routers/live.py, browser/live_input.py) and the pure
// helpers that turn the person's pointer and keyboard into its input messages.

import type { LiveInput } from "./types";

// The stream's status messages (GET /api/linkedin/live/{run_id}/stream, `event: status`): a
// server-sent event stream, outside the OpenAPI schema.
export type LiveState = "starting" | "ready" | "signed_in" | "closed" | "failed";
export const FINAL_STATES: LiveState[] = ["signed_in", "closed", "failed"];
export type LiveStatus = { type: "status"; state: LiveState; message: string; notice?: boolean; loads?: number; viewport?: { width: number; height: number } };

// Positions are sent in the coordinates of the picture as shown; the appliance maps them.
export type Shown = { x: number; y: number; w: number; h: number };

// Keys the appliance passes on as key presses; everything printable travels as text.
export const EDIT_KEYS = new Set([
  "Enter", "Backspace", "Tab", "Escape", "Delete", "ArrowLeft", "ArrowUp", "ArrowRight", "ArrowDown",
  "Home", "End", "PageUp", "PageDown",
]);
const SHORTCUTS = new Set(["a", "z", "y"]);
export const MAX_TEXT = 512;

export function shownPoint(clientX: number, clientY: number, rect: { left: number; top: number; width: number; height: number }): Shown {
  const clamp = (v: number, max: number) => Math.min(Math.max(v, 0), max);
  return { x: clamp(clientX - rect.left, rect.width), y: clamp(clientY - rect.top, rect.height), w: rect.width, h: rect.height };
}

/** A key press to send as is, or null when the browser should handle it (printable text). */
export function keyInput(e: { key: string; ctrlKey: boolean; altKey: boolean; shiftKey: boolean; metaKey: boolean }): LiveInput | null {
  if (EDIT_KEYS.has(e.key)) return { type: "key", key: e.key, ctrl: e.ctrlKey, alt: e.altKey, shift: e.shiftKey, meta: e.metaKey };
  if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && SHORTCUTS.has(e.key.toLowerCase()))
    return { type: "key", key: e.key.toLowerCase(), ctrl: e.ctrlKey, alt: false, shift: false, meta: e.metaKey };
  return null;
}

/** A plain key press (Enter, Backspace, ...) without modifiers. */
export const plainKey = (key: string): LiveInput => ({ type: "key", key, ctrl: false, alt: false, shift: false, meta: false });

/** Text from a keyboard, an IME commit or a paste, in pieces the appliance accepts. */
export function textInputs(text: string): LiveInput[] {
  const chars = Array.from(text); // code points: an emoji is never cut in half
  const out: LiveInput[] = [];
  for (let i = 0; i < chars.length; i += MAX_TEXT) out.push({ type: "text", text: chars.slice(i, i + MAX_TEXT).join("") });
  return out;
}
