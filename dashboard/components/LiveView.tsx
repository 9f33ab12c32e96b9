"use client";
// The appliance's own Chromium, live: its frames in an <img>, the person's taps, clicks, scrolls
// and typing sent back. Typing goes through a focused hidden input so a phone shows its keyboard;
// its text (IME, autocorrect, paste) is sent as text, never kept or shown here.
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, del, errorText, get, post } from "@/lib/api";
import { FINAL_STATES, LiveStatus, keyInput, plainKey, shownPoint, textInputs } from "@/lib/signin";
import type { LiveInput, LivePurpose } from "@/lib/types";
import { Notice } from "@/components/ui";

const DRAG_PX = 8; // a touch that moves further is a scroll, not a tap
const FLUSH_MS = 25;

export function LiveView({ purpose, onEnd }: { purpose: LivePurpose; onEnd: (s: LiveStatus) => void }) {
  const [runId, setRunId] = useState<number | null>(null);
  const [status, setStatus] = useState<LiveStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hasFrame, setHasFrame] = useState(false);
  // Zoomed: the picture at twice the width, panned by dragging (natively); taps still click at
  // the point under the finger (positions are taken from the picture's own box, zoom included).
  const [zoomed, setZoomed] = useState(false);
  const img = useRef<HTMLImageElement>(null);
  const typing = useRef<HTMLInputElement>(null);
  const queue = useRef<LiveInput[]>([]);
  const sending = useRef(false);
  const runRef = useRef<number | null>(null);
  const ended = useRef(false);
  const onEndRef = useRef(onEnd);
  onEndRef.current = onEnd;

  // Input is sent in order, batched, one request at a time.
  const flush = useCallback(async () => {
    if (sending.current || runRef.current == null || !queue.current.length) return;
    sending.current = true;
    try {
      while (queue.current.length && runRef.current != null) {
        const events = queue.current.splice(0, 50);
        await post("/api/linkedin/live/{run_id}/input", { path: { run_id: runRef.current }, body: { events } });
      }
    } catch (e) {
      if (!ended.current) setError(errorText(e));
    } finally {
      sending.current = false;
    }
  }, []);
  const send = useCallback(
    (...events: LiveInput[]) => {
      queue.current.push(...events);
      setTimeout(flush, FLUSH_MS);
    },
    [flush],
  );

  // Start (or rejoin) the live view and follow its stream.
  useEffect(() => {
    let es: EventSource | null = null;
    let stopped = false;
    (async () => {
      let id: number;
      try {
        id = (await post("/api/linkedin/live", { body: { purpose } })).run_id;
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 409 && e.message.includes("live view"))) {
          setError(errorText(e));
          return;
        }
        id = (await get("/api/linkedin/live")).run_id; // this tab was reloaded
      }
      if (stopped) return;
      runRef.current = id;
      setRunId(id);
      es = new EventSource(`/api/linkedin/live/${id}/stream`, { withCredentials: true });
      es.addEventListener("frame", (ev) => {
        if (img.current) img.current.src = "data:image/jpeg;base64," + (ev as MessageEvent).data;
        setHasFrame(true);
      });
      es.addEventListener("status", (ev) => {
        const s = JSON.parse((ev as MessageEvent).data) as LiveStatus;
        setStatus(s);
        if (FINAL_STATES.includes(s.state)) {
          ended.current = true;
          runRef.current = null;
          es?.close();
          onEndRef.current(s);
        }
      });
    })();
    return () => {
      stopped = true;
      es?.close(); // the tab goes away: the appliance closes its browser shortly after
    };
  }, [purpose]);

  // Pointer: a tap or click is a click; a touch drag scrolls; the wheel scrolls.
  const start = useRef<{ x: number; y: number; lastY: number; lastX: number; dragged: boolean } | null>(null);
  const rect = () => img.current!.getBoundingClientRect();
  const onPointerDown = (e: React.PointerEvent) => {
    const pan = zoomed && e.pointerType !== "mouse";
    if (!pan) e.preventDefault();
    start.current = { x: e.clientX, y: e.clientY, lastX: e.clientX, lastY: e.clientY, dragged: false };
    if (!pan) (e.target as Element).setPointerCapture?.(e.pointerId);
  };
  const onPointerMove = (e: React.PointerEvent) => {
    const s = start.current;
    if (!s) return;
    if (zoomed && e.pointerType !== "mouse") {
      // A finger that moves pans the zoomed picture (the browser does it): not a tap, no scroll.
      if (Math.hypot(e.clientX - s.x, e.clientY - s.y) >= DRAG_PX) start.current = null;
      return;
    }
    if (!s.dragged && Math.hypot(e.clientX - s.x, e.clientY - s.y) < DRAG_PX) return;
    s.dragged = true;
    send({ type: "wheel", ...shownPoint(e.clientX, e.clientY, rect()), dx: s.lastX - e.clientX, dy: s.lastY - e.clientY });
    s.lastX = e.clientX;
    s.lastY = e.clientY;
  };
  const onPointerUp = (e: React.PointerEvent) => {
    const s = start.current;
    start.current = null;
    if (!s || s.dragged) return;
    send({ type: "pointer", action: "click", button: e.button === 2 ? "right" : "left", ...shownPoint(e.clientX, e.clientY, rect()) });
    typing.current?.focus({ preventScroll: true }); // a phone opens its keyboard for the field
  };
  useEffect(() => {
    const el = img.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const k = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? el.clientHeight : 1;
      send({ type: "wheel", ...shownPoint(e.clientX, e.clientY, el.getBoundingClientRect()), dx: e.deltaX * k, dy: e.deltaY * k });
    };
    el.addEventListener("wheel", onWheel, { passive: false });
    return () => el.removeEventListener("wheel", onWheel);
  }, [send, runId]);

  // Keyboard: editing keys as key presses; text as text (composed text once committed).
  useEffect(() => {
    const el = typing.current;
    if (!el) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.isComposing) return;
      const k = keyInput(e);
      if (k) {
        e.preventDefault();
        send(k);
      }
    };
    const onBeforeInput = (e: InputEvent) => {
      if (e.isComposing || e.inputType === "insertCompositionText") return;
      e.preventDefault();
      if (e.inputType === "insertLineBreak" || e.inputType === "insertParagraph") send(plainKey("Enter"));
      else if (e.inputType === "deleteContentBackward") send(plainKey("Backspace"));
      else if (e.inputType === "deleteContentForward") send(plainKey("Delete"));
      else {
        const text = e.data ?? e.dataTransfer?.getData("text/plain") ?? "";
        if (text) send(...textInputs(text));
      }
    };
    const onCompositionEnd = (e: CompositionEvent) => {
      if (e.data) send(...textInputs(e.data));
      el.value = "";
    };
    el.addEventListener("keydown", onKeyDown);
    el.addEventListener("beforeinput", onBeforeInput);
    el.addEventListener("compositionend", onCompositionEnd);
    return () => {
      el.removeEventListener("keydown", onKeyDown);
      el.removeEventListener("beforeinput", onBeforeInput);
      el.removeEventListener("compositionend", onCompositionEnd);
    };
  }, [send, runId]);

  const close = async () => {
    const id = runRef.current;
    if (id == null) return;
    try {
      await del("/api/linkedin/live/{run_id}", { path: { run_id: id } });
    } catch (e) {
      setError(errorText(e));
    }
  };

  const vp = status?.viewport;
  return (
    <div className="live" data-page-loads={status?.loads ?? 0}>
      <p role="status" aria-label="Live view status" className="live-status">
        {status?.message ?? "Starting the appliance's browser…"}
      </p>
      {error && <Notice kind="error">{error}</Notice>}
      <div
        className={zoomed ? "live-screen zoomed" : "live-screen"}
        data-zoom={zoomed ? 2 : 1}
        style={vp ? { aspectRatio: `${vp.width} / ${vp.height}`, maxWidth: vp.width } : undefined}
      >
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img
          ref={img}
          alt="LinkedIn on the appliance"
          aria-label="LinkedIn on the appliance"
          draggable={false}
          hidden={!hasFrame}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={() => (start.current = null)}
          onMouseDown={(e) => e.preventDefault()} // a tap's late mouse events must not take the typing focus
          onContextMenu={(e) => e.preventDefault()}
        />
        {!hasFrame && <p className="muted">Waiting for the first picture…</p>}
        <input
          ref={typing}
          className="live-typing"
          aria-label="Type into the LinkedIn page"
          autoComplete="off"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
        />
      </div>
      <div className="actions">
        <button type="button" onClick={() => typing.current?.focus()} disabled={runId == null}>
          Keyboard
        </button>
        <button type="button" aria-pressed={zoomed} onClick={() => setZoomed((z) => !z)} disabled={runId == null}>
          {zoomed ? "Fit to screen" : "Zoom in"}
        </button>
        <button type="button" className="danger" onClick={close} disabled={runId == null || ended.current}>
          Close the live view
        </button>
      </div>
      <p className="hint">
        Tap or click a field, then type: your keyboard goes to the appliance&apos;s browser. Drag or use the wheel to scroll. On a small screen, Zoom in
        shows the page twice as large: drag to move around it, tap to click; Fit to screen to scroll the page again. Nothing you type is stored or
        shown here.
      </p>
    </div>
  );
}
