"use client";
import Link from "next/link";
import { useState } from "react";
import { get, post } from "@/lib/api";
import { runIdOf, useLive } from "@/lib/events";
import { title } from "@/lib/format";
import { Bot, RunStatus, isActive } from "@/lib/types";
import RunsTable, { Counts } from "@/components/RunsTable";
import { Card, Loading, Status, useAction, useData } from "@/components/ui";

export default function BotsPage() {
  const { data, error, loading } = useData(() => get("/api/bots"));
  if (!data) return <Loading error={error} loading={loading} />;
  const bots = data.filter((b) => b.is_bot);
  const tools = data.filter((b) => !b.is_bot);
  return (
    <>
      <h1>Bots</h1>
      {bots.map((b) => (
        <BotCard key={b.name} bot={b} />
      ))}
      {tools.length > 0 && (
        <>
          <h2 style={{ margin: "1rem 0 0.6rem" }}>Maintenance</h2>
          {tools.map((b) => (
            <BotCard key={b.name} bot={b} />
          ))}
        </>
      )}
    </>
  );
}

type Live = { id: number; status: RunStatus; counts: Record<string, number>; message?: string };

function BotCard({ bot }: { bot: Bot }) {
  const [live, setLive] = useState<Live | null>(null);
  const { busy, run, view } = useAction();
  const { data: runs, reload } = useData(async () => {
    const r = await get("/api/runs", { query: { bot: bot.name, limit: 5 } });
    const active = r.items.find((x) => isActive(x.status));
    if (active) setLive((l) => (l && l.id === active.id ? l : { id: active.id, status: active.status, counts: active.counts }));
    // Catch up with anything missed while the event stream was down.
    setLive((l) => {
      const seen = l && r.items.find((x) => x.id === l.id);
      return l && seen && seen.status !== l.status ? { ...l, status: seen.status, counts: seen.counts } : l;
    });
    return r.items;
  }, [bot.name]);

  useLive((m) => {
    if (m.type === "reconnected") return void reload();
    if (!live || live.id !== runIdOf(m)) {
      if (m.type === "run" && m.bot === bot.name) {
        if (isActive(m.status)) setLive({ id: m.id, status: m.status, counts: {} });
        else reload();
      }
      return;
    }
    if (m.type === "run") {
      // Counts come with the run's end only; until then the progress messages carry them.
      setLive({ ...live, status: m.status, counts: m.counts ?? live.counts });
      if (!isActive(m.status)) reload();
    } else if (m.type === "progress") setLive({ ...live, counts: m.counts });
    else setLive({ ...live, message: m.message });
  });

  const start = (dry: boolean) =>
    run(async () => {
      const r = await post("/api/bots/{bot}/runs", { path: { bot: bot.name }, body: { dry_run: dry, options: {} } });
      setLive({ id: r.run_id, status: "queued", counts: {} });
      reload();
    });
  const active = live && isActive(live.status);
  const label = title(bot.name);

  return (
    <Card
      title={label}
      actions={
        <div className="row">
          <button className="primary" disabled={busy || !!active} onClick={() => start(false)} aria-label={`Run ${label} now`}>
            Run now
          </button>
          {bot.supports_dry_run && (
            <button disabled={busy || !!active} onClick={() => start(true)} aria-label={`Dry run ${label}`}>
              Dry run
            </button>
          )}
          {active && (
            <button className="danger" onClick={() => run(() => post("/api/runs/{run_id}/cancel", { path: { run_id: live.id } }), "Cancel requested.")} aria-label={`Cancel ${label} run`}>
              Cancel
            </button>
          )}
        </div>
      }
    >
      <p className="muted small">{bot.description}</p>
      {view}
      {live && (
        <div className="card" role="status" aria-label={`${label} progress`} style={{ background: "var(--bg)" }}>
          <div className="spread">
            <span>
              <Link href={`/runs/detail/?id=${live.id}`}>Run #{live.id}</Link> <Status value={live.status} />
            </span>
            <Counts counts={live.counts} />
          </div>
          {live.message && <div className="small muted">{live.message}</div>}
        </div>
      )}
      <h3>Last runs</h3>
      <RunsTable runs={runs ?? []} showBot={false} />
    </Card>
  );
}
