"use client";
import Link from "next/link";
import { useState } from "react";
import { get, post } from "@/lib/api";
import { useLive } from "@/lib/events";
import { title } from "@/lib/format";
import { ACTIVE, Obj, Page, Run } from "@/lib/types";
import RunsTable, { Counts } from "@/components/RunsTable";
import { Card, Loading, Status, useAction, useData } from "@/components/ui";

type Bot = { name: string; description?: string; is_bot?: boolean; enabled?: boolean };

export default function BotsPage() {
  const { data, error, loading } = useData(async () => {
    const r = await get<Bot[] | { items: Bot[] }>("/api/bots");
    return Array.isArray(r) ? r : r.items;
  });
  if (!data) return <Loading error={error} loading={loading} />;
  const bots = data.filter((b) => b.is_bot !== false);
  const tools = data.filter((b) => b.is_bot === false);
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

type Live = { id: number; status: string; counts: Record<string, number>; message?: string };

function BotCard({ bot }: { bot: Bot }) {
  const [live, setLive] = useState<Live | null>(null);
  const { busy, run, view } = useAction();
  const { data: runs, reload } = useData(async () => {
    const r = await get<Page<Run>>(`/api/runs?bot=${encodeURIComponent(bot.name)}&limit=5`);
    const active = r.items.find((x) => ACTIVE.includes(x.status));
    if (active) setLive((l) => (l && l.id === active.id ? l : { id: active.id, status: active.status, counts: active.counts ?? {} }));
    // Catch up with anything missed while the event stream was down.
    setLive((l) => {
      const seen = l && r.items.find((x) => x.id === l.id);
      return l && seen && seen.status !== l.status ? { ...l, status: seen.status, counts: seen.counts ?? l.counts } : l;
    });
    return r.items;
  }, [bot.name]);

  useLive((m) => {
    if (m.type === "reconnected") return void reload();
    const id = Number(m.run_id ?? (m.run as Obj | undefined)?.id);
    if (m.bot && m.bot !== bot.name && !(live && live.id === id)) return;
    if (!live || live.id !== id) {
      if (m.type === "run" && m.bot === bot.name && ACTIVE.includes(String(m.status)))
        setLive({ id, status: String(m.status), counts: {} });
      else if (m.type === "run" && m.bot === bot.name) reload();
      return;
    }
    if (m.type === "run") {
      setLive({ ...live, status: String(m.status), counts: (m.counts as Record<string, number>) ?? live.counts });
      if (!ACTIVE.includes(String(m.status))) reload();
    } else if (m.type === "progress") setLive({ ...live, counts: (m.counts as Record<string, number>) ?? live.counts });
    else if (m.type === "event") setLive({ ...live, message: String(m.message ?? (m.event as Obj | undefined)?.message ?? "") });
  });

  const start = (dry: boolean) =>
    run(async () => {
      const r = await post<{ run_id: number }>(`/api/bots/${bot.name}/runs`, { dry_run: dry, options: {} });
      setLive({ id: r.run_id, status: "queued", counts: {} });
      reload();
    });
  const active = live && ACTIVE.includes(live.status);
  const label = title(bot.name);

  return (
    <Card
      title={label}
      actions={
        <div className="row">
          <button className="primary" disabled={busy || !!active} onClick={() => start(false)} aria-label={`Run ${label} now`}>
            Run now
          </button>
          {bot.is_bot && (
            <button disabled={busy || !!active} onClick={() => start(true)} aria-label={`Dry run ${label}`}>
              Dry run
            </button>
          )}
          {active && (
            <button className="danger" onClick={() => run(() => post(`/api/runs/${live!.id}/cancel`), "Cancel requested.")} aria-label={`Cancel ${label} run`}>
              Cancel
            </button>
          )}
        </div>
      }
    >
      {bot.description && <p className="muted small">{bot.description}</p>}
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
