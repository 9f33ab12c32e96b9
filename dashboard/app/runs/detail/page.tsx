"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import { get, post } from "@/lib/api";
import { runIdOf, useLive } from "@/lib/events";
import { fmtDate, fmtTime } from "@/lib/format";
import { isActive, type RunDetail as Run } from "@/lib/types";
import { Counts } from "@/components/RunsTable";
import LiveProgress, { LiveRun, later, liveFromRun } from "@/components/LiveProgress";
import { Card, Loading, Notice, Status, useAction, useData } from "@/components/ui";

// A static export has no dynamic segments: the run id travels in the query string.
export default function RunDetail() {
  const [id, setId] = useState<string | null>(null);
  useEffect(() => setId(new URLSearchParams(window.location.search).get("id")), []);
  if (id === null) return <p className="muted">Loading…</p>;
  if (!/^\d+$/.test(id)) return <Notice kind="error">No run selected.</Notice>;
  return <RunView id={Number(id)} />;
}

function screenshotsOf(run: Run): string[] {
  const names = new Set<string>(run.screenshots);
  for (const e of run.events) {
    const s = e.data.screenshot;
    if (typeof s === "string") names.add(s.split("/").pop()!);
  }
  return [...names];
}

function RunView({ id }: { id: number }) {
  // The live box (as on the Bots page): the run as loaded, then its progress messages.
  const [live, setLive] = useState<LiveRun | null>(null);
  const { data: run, error, loading, reload } = useData(async () => {
    const r = await get("/api/runs/{run_id}", { path: { run_id: id } });
    // A stale answer never takes the box back (a progress message may be newer than it).
    setLive((l) => (l && l.id === r.id && later(r.status, l.status) ? l : { ...liveFromRun(r), message: l?.message }));
    return r;
  }, [id]);
  const { busy, run: act, view } = useAction();
  useLive((m) => {
    if (m.type === "reconnected") return void reload();
    if (runIdOf(m) !== id) return;
    if (m.type === "progress") {
      setLive((l) => l && { ...l, counts: m.counts, progress: m.progress ?? l.progress, at: Date.now() });
      return;
    }
    if (m.type === "event") setLive((l) => l && { ...l, message: m.message });
    // The timeline, status and counts: reloaded on each new event and change of state.
    reload();
  });
  // While the run is queued or running, also look every few seconds (a missed message, a
  // stream that is down): the page follows the run to its end without a reload.
  const active = !!run && isActive(run.status);
  useEffect(() => {
    if (!active) return;
    const t = setInterval(reload, 5000);
    return () => clearInterval(t);
  }, [active, reload]);
  if (!run) return <Loading error={error} loading={loading} />;
  const shots = screenshotsOf(run);
  const events = run.events;
  return (
    <>
      <p>
        <Link href="/runs/">← All runs</Link>
      </p>
      <h1>
        Run #{run.id}: {run.bot} {run.dry_run ? "(dry run)" : ""}
      </h1>
      <Card
        title="Summary"
        actions={
          isActive(run.status) && (
            <button className="danger" disabled={busy} onClick={() => act(() => post("/api/runs/{run_id}/cancel", { path: { run_id: run.id } }), "Cancel requested.")}>
              Cancel run
            </button>
          )
        }
      >
        {view}
        {live && (isActive(live.status) || live.progress.planned != null) && <LiveProgress live={live} label={`Run #${run.id}`} link={false} />}
        <dl className="kv">
          <dt>Status</dt>
          <dd>
            <Status value={run.status} />
          </dd>
          <dt>Trigger</dt>
          <dd>{run.trigger}</dd>
          <dt>Queued</dt>
          <dd>{fmtDate(run.created_at)}</dd>
          <dt>Started</dt>
          <dd>{fmtDate(run.started_at)}</dd>
          <dt>Finished</dt>
          <dd>{fmtDate(run.finished_at)}</dd>
          <dt>Counts</dt>
          <dd>
            <Counts counts={run.counts} />
          </dd>
        </dl>
        {run.error && <Notice kind="error">{run.error}</Notice>}
        {run.error && /security check|checkpoint/i.test(run.error) && (
          <p>
            <Link href="/session/">Open LinkedIn on the appliance</Link> to solve it: the bots resume once LinkedIn lets you in.
          </p>
        )}
        {!!run.counts.unverified && (
          <Notice kind="info">
            {run.counts.unverified === 1 ? "1 wish" : `${run.counts.unverified} wishes`} not seen arriving:{" "}
            <Link href={`/wishes/?run=${run.id}`}>check them</Link>
          </Notice>
        )}
      </Card>
      <Card title="Timeline">
        {events.length ? (
          <ol className="timeline">
            {events.map((e) => (
              <li key={e.id} className={e.level}>
                <time dateTime={e.ts} title={fmtDate(e.ts)}>{fmtTime(e.ts)}</time>
                <span className="small muted">{e.kind}</span> {e.message}
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">No events yet.</p>
        )}
      </Card>
      {shots.length > 0 && (
        <Card title="Screenshots">
          <div className="shots">
            {shots.map((s) => (
              <a key={s} href={`/api/runs/${run.id}/screenshots/${encodeURIComponent(s)}`} target="_blank" rel="noreferrer">
                {/* eslint-disable-next-line @next/next/no-img-element */}
                <img src={`/api/runs/${run.id}/screenshots/${encodeURIComponent(s)}`} alt={`Screenshot ${s}`} loading="lazy" />
              </a>
            ))}
          </div>
        </Card>
      )}
    </>
  );
}
