"use client";
import { useState } from "react";
import { get } from "@/lib/api";
import { useLive } from "@/lib/events";
import { Page, Run } from "@/lib/types";
import RunsTable from "@/components/RunsTable";
import { Card, Loading, Pager, useData } from "@/components/ui";

const LIMIT = 20;
const BOTS = ["birthday", "visitor", "invitations", "session_check", "doctor", "backup"];
const STATUSES = ["queued", "running", "succeeded", "partial", "paused", "skipped", "failed", "cancelled", "timed_out"];

export default function RunsPage() {
  const [bot, setBot] = useState("");
  const [status, setStatus] = useState("");
  const [offset, setOffset] = useState(0);
  const { data, error, loading, reload } = useData(() => {
    const q = new URLSearchParams({ limit: String(LIMIT), offset: String(offset) });
    if (bot) q.set("bot", bot);
    if (status) q.set("status", status);
    return get<Page<Run>>(`/api/runs?${q}`);
  }, [bot, status, offset]);
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
              {BOTS.map((b) => (
                <option key={b}>{b}</option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="f-status">Status</label>
            <select id="f-status" value={status} onChange={(e) => (setStatus(e.target.value), setOffset(0))}>
              <option value="">All</option>
              {STATUSES.map((s) => (
                <option key={s}>{s}</option>
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
