// One shared EventSource for /api/events, reopened with back-off when it drops.
import { useEffect, useRef } from "react";
import { onReconnect, setOnline } from "./connection";
import type { RunEvent, RunProgress, RunStatus } from "./types";

// What GET /api/events streams (db/runs.py RunStore publishes it): a server-sent event stream,
// outside the OpenAPI schema, so its messages are written here from the schema's parts.
/** A run was queued (with dry_run), started, or ended (with error and counts). */
export type RunMessage = { type: "run"; id: number; bot: string; status: RunStatus; dry_run?: boolean; error?: string | null; counts?: Record<string, number> };
/** A run's counts changed, or its live progress (done of planned, the current step). */
export type ProgressMessage = { type: "progress"; id: number; counts: Record<string, number>; progress?: RunProgress };
/** A run's timeline got an event. */
export type EventMessage = { type: "event" } & Omit<RunEvent, "id">;
/** The stream was (re)opened; messages sent meanwhile were missed. */
export type Reconnected = { type: "reconnected" };
export type LiveMessage = RunMessage | ProgressMessage | EventMessage | Reconnected;

/** The run a message is about. */
export const runIdOf = (m: LiveMessage): number | null => (m.type === "event" ? m.run_id : m.type === "reconnected" ? null : m.id);

type Listener = (m: LiveMessage) => void;
const listeners = new Set<Listener>();
let source: EventSource | null = null;
let retry = 1000;
let timer: ReturnType<typeof setTimeout> | null = null;

function open() {
  if (source || typeof window === "undefined") return;
  const es = new EventSource("/api/events", { withCredentials: true });
  source = es;
  es.onopen = () => {
    retry = 1000;
    setOnline(true);
    listeners.forEach((l) => l({ type: "reconnected" }));
  };
  const onData = (ev: MessageEvent) => {
    try {
      const msg = JSON.parse(ev.data) as LiveMessage;
      listeners.forEach((l) => l(msg));
    } catch {
      /* malformed line */
    }
  };
  // The API names each SSE message after its type (`event: run`), so listen per type.
  for (const t of ["run", "progress", "event"]) es.addEventListener(t, onData);
  es.onerror = () => {
    es.close();
    source = null;
    // Usually the API restarting: show the banner; the health probe and this retry recover.
    setOnline(false);
    if (!listeners.size) return;
    timer = setTimeout(() => {
      timer = null;
      open();
    }, retry);
    retry = Math.min(retry * 2, 15000);
  };
}

// When the health probe sees the API again, reconnect now rather than after the back-off.
if (typeof window !== "undefined")
  onReconnect(() => {
    if (source || !listeners.size) return;
    if (timer) clearTimeout(timer);
    timer = null;
    retry = 1000;
    open();
  });

function close() {
  if (listeners.size) return;
  source?.close();
  source = null;
  if (timer) clearTimeout(timer);
  timer = null;
}

/** Calls `fn` for each live message while the component is mounted. */
export function useLive(fn: Listener) {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    const l: Listener = (m) => ref.current(m);
    listeners.add(l);
    open();
    return () => {
      listeners.delete(l);
      close();
    };
  }, []);
}
