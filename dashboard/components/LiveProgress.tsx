// A run's live box: its state, "3 of 6 wishes", and what it does or waits for right now.
import Link from "next/link";
import { forwardRef, useEffect, useState } from "react";
import type { Run, RunProgress, RunStatus } from "@/lib/types";
import { Counts } from "./RunsTable";
import { Status } from "./ui";

/** What the live box knows about a run; `at` is when its progress arrived (for the countdown). */
export type LiveRun = { id: number; status: RunStatus; counts: Record<string, number>; progress: RunProgress; at: number; message?: string };

const NO_PROGRESS: RunProgress = { at_most: false };
export const liveFromRun = (r: Pick<Run, "id" | "status"> & Partial<Run>): LiveRun => ({
  id: r.id, status: r.status, counts: r.counts ?? {}, progress: r.progress ?? NO_PROGRESS, at: Date.now(),
});

const RANK: Record<string, number> = { queued: 0, running: 1 };
/** Status moves forward only (queued, running, then an end): a stale answer never goes back. */
export const later = (a: RunStatus, b: RunStatus): boolean => (RANK[b] ?? 2) > (RANK[a] ?? 2);

/** "3 of 6 wishes", or null before the run knows how many it plans. */
export function doneOfPlanned(p: RunProgress): string | null {
  if (p.planned == null) return null;
  const text = `${p.done ?? 0} of ${p.planned}${p.unit ? ` ${p.unit}` : ""}`;
  return p.at_most ? `${text} (the most this run makes)` : text;
}

/** Seconds left of the current wait: from when it arrived, and never past its end time. */
function secondsLeft(p: RunProgress, at: number, now: number): number | null {
  if (!p.wait_seconds) return null;
  let left = p.wait_seconds - (now - at) / 1000;
  if (p.wait_until) left = Math.min(left, (Date.parse(p.wait_until) - now) / 1000);
  return Math.max(0, Math.ceil(left));
}

export function stepText(status: RunStatus, p: RunProgress, at: number, now: number): string | null {
  if (status === "queued") return "Queued: waiting for the worker to start it";
  if (status !== "running") return null;
  if (!p.step) return "Starting";
  const left = secondsLeft(p, at, now);
  if (left === null) return `Now: ${p.step}`;
  return left > 0 ? `Waiting ${left} s (${p.step})` : `Done waiting (${p.step}), going on`;
}

function useSecondTicks(on: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!on) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [on]);
  return now;
}

/** `link`: the run's number links to its page (off on that page itself). */
const LiveProgress = forwardRef<HTMLDivElement, { live: LiveRun; label: string; link?: boolean }>(function LiveProgress({ live, label, link = true }, ref) {
  const now = useSecondTicks(live.status === "running" && !!live.progress.wait_seconds);
  const of = doneOfPlanned(live.progress);
  const step = stepText(live.status, live.progress, live.at, Math.max(now, live.at));
  return (
    <div ref={ref} className="card live-box" role="status" aria-label={`${label} progress`}>
      <div className="spread">
        <span>
          {link ? <Link href={`/runs/detail/?id=${live.id}`}>Run #{live.id}</Link> : `Run #${live.id}`} <Status value={live.status} />
        </span>
        <Counts counts={live.counts} />
      </div>
      {of && <div className="live-of">{of}</div>}
      {step && <div className="small">{step}</div>}
      {live.message && <div className="small muted">{live.message}</div>}
    </div>
  );
});
export default LiveProgress;
