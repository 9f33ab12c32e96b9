"use client";
import { useState } from "react";
import { get } from "@/lib/api";
import { useLive } from "@/lib/events";
import type { RunStatus } from "@/lib/types";
import RunsTable from "@/components/RunsTable";
import { Card, Loading, Pager, useData } from "@/components/ui";

const LIMIT = 20;
// Every RunStatus of the schema (one added to the API and missing here fails to compile).
const STATUS_SET: Record<RunStatus, true> = {
  queued: true, running: true, succeeded: true, partial: true, paused: true, skipped: true, failed: true, cancelled: true, timed_out: true,
};
const STATUSES = Object.keys(STATUS_SET) as RunStatus[];

export default function RunsPage() {
  const [bot, setBot] = useState("");
  const [status, setStatus] = useState("");
  const [offset, setOffset] = useState(0);
  // The bots and tools to filter by, as the API lists them.
  const bots = useData(() => get("/api/bots"));
  const { data, error, loading, reload } = useData(
    () => get("/api/runs", { query: { limit: LIMIT, offset, bot: bot || undefined, status: status || undefined } }),
    [bot, status, offset],
  );
  useLive((m) => {
    if (m.type === "run" || m.type === "reconnected") reload();
  });
  return (
    <>
      <h1>Runs</h1>
      <Card title="History">
        <div className="form-grid">
          <div>
            <label htmlFor="f-bot">Bot</label>
            <select id="f-bot" value={bot} onChange={(e) => (setBot(e.target.value), setOffset(0))}>
              <option value="">All</option>
              {(bots.data ?? []).map((b) => (
                <option key={b.name} value={b.name}>
                  {b.title}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="f-status">Status</label>
            <select id="f-status" value={status} onChange={(e) => (setStatus(e.target.value), setOffset(0))}>
              <option value="">All</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s.replace(/_/g, " ")}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div style={{ marginTop: "0.6rem" }}>
          {data ? (
            <>
              <p className="small muted">{data.total} runs</p>
              <RunsTable runs={data.items} />
              <Pager total={data.total} limit={LIMIT} offset={offset} onPage={setOffset} />
            </>
          ) : (
            <Loading error={error} loading={loading} />
          )}
        </div>
      </Card>
    </>
  );
}
