// Whether the API answered the last request. While it does not, a probe of /api/health
// runs every few seconds and flips the flag back (e.g. after an upgrade restarts the API).
import { useSyncExternalStore } from "react";

let online = true;
let probe: ReturnType<typeof setTimeout> | null = null;
const listeners = new Set<() => void>();

export function setOnline(value: boolean) {
  if (value === online) return;
  online = value;
  listeners.forEach((l) => l());
  if (!value) scheduleProbe();
}

function scheduleProbe() {
  if (probe) return;
  probe = setTimeout(async () => {
    probe = null;
    try {
      const res = await fetch("/api/health", { cache: "no-store" });
      if (res.status < 500) {
        setOnline(true);
        return;
      }
    } catch {
      /* still down */
    }
    scheduleProbe();
  }, 2000);
}

export function useOnline(): boolean {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => online,
    () => true,
  );
}

export function onReconnect(fn: () => void): () => void {
  let prev = online;
  const l = () => {
    if (online && !prev) fn();
    prev = online;
  };
  listeners.add(l);
  return () => listeners.delete(l);
}
