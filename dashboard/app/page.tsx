"use client";
import { useState } from "react";
import Link from "next/link";
import { get, post } from "@/lib/api";
import { fmtAgo, fmtDate, title } from "@/lib/format";
import type { Pause } from "@/lib/types";
import { useLive } from "@/lib/events";
import ActivityChart from "@/components/ActivityChart";
import { Card, Loading, Meter, Notice, Status, useAction, useData } from "@/components/ui";
import { loadWishesToCheck } from "@/lib/wishes";
import { dailyText, warmupSentence, weeklyText } from "@/lib/limits";

const CHECK_NAMES: Record<string, string> = { db: "Database", redis: "Queue (Redis)", worker: "Worker" };
const ACTION_NAMES: Record<string, string> = {
  message: "Messages",
  profile_view: "Profile views",
  accept: "Invitations accepted",
  ignore: "Invitations ignored",
  withdraw: "Invitations withdrawn",
};
const opt = <T,>(p: Promise<T>) => p.catch(() => null);

export default function Overview() {
  const { data, error, loading, reload } = useData(async () => {
    const [health, system, session, schedules, safety, plan, activity, wishes] = await Promise.all([
      opt(get("/api/health")),
      opt(get("/api/system")),
      opt(get("/api/linkedin/session")), // 404 (null here) until a session is imported
      opt(get("/api/schedules")),
      opt(get("/api/safety")),
      opt(get("/api/bots/{bot}/plan", { path: { bot: "birthday" } })),
      opt(get("/api/activity", { query: { days: 14 } })),
      opt(loadWishesToCheck({ limit: 1 })),
    ]);
    return { health, system, session, schedules, safety, plan, activity, wishes };
  }, [], 30000);
  useLive((m) => {
    if (m.type === "run" || m.type === "reconnected") reload();
  });

  if (!data) return <Loading error={error} loading={loading} />;
  const { health, system, session, safety, plan, activity } = data;
  const upcoming = (data.schedules ?? [])
    .filter((s) => s.enabled && s.next_run_at)
    .sort((a, b) => String(a.next_run_at).localeCompare(String(b.next_run_at)))
    .slice(0, 4);
  const services = Object.entries(system?.services ?? {}).filter(([, state]) => state !== "unknown");
  const pause = safety?.paused ?? null;
  const quotas = Object.entries(safety?.usage ?? {});
  const warmup = safety?.warmup ?? null;
  const warmupNote = warmupSentence(warmup);
  const planItems = plan?.last_list?.entries ?? [];

  return (
    <>
      <h1>Overview</h1>
      {pause && <PauseNotice pause={pause} onResumed={reload} />}
      {!!data.wishes?.total && (
        <Notice kind="info">
          {data.wishes.total === 1 ? "1 wish" : `${data.wishes.total} wishes`} to check: the bot clicked Send but did not see{" "}
          {data.wishes.total === 1 ? "it" : "them"} arrive. <Link href="/wishes/">Wishes to check</Link>
        </Notice>
      )}
      <div className="grid two">
        <Card title="Health">
          <dl className="kv">
            <dt>API</dt>
            <dd>
              <Status value={health ? health.status : "down"} />
            </dd>
            {Object.entries(health?.checks ?? {}).map(([name, c]) => (
              <Frag key={name} k={CHECK_NAMES[name] ?? title(name)} v={<Status value={c.ok ? "ok" : "down"} />} />
            ))}
            {services.map(([name, state]) => (
              <Frag key={name} k={name.replace(/^linkedin-auto-|\.service$/g, "")} v={<Status value={state} />} />
            ))}
            <dt>LinkedIn session</dt>
            <dd>
              {session ? (
                <>
                  <Status value={session.status} />{" "}
                  <span className="small muted">checked {fmtAgo(session.last_validated_at)}</span>
                  {["checkpoint", "expired"].includes(session.status) && (
                    <>
                      {" "}
                      <Link href="/session/">{session.status === "checkpoint" ? "Open LinkedIn on the appliance" : "Sign in again"}</Link>
                    </>
                  )}
                </>
              ) : (
                <Link href="/session/">None yet: sign in on the appliance</Link>
              )}
            </dd>
            <dt>Bots</dt>
            <dd>
              <BotsState pause={pause} session={session?.status ?? null} />
              {!pause && <PauseControl onPaused={reload} />}
            </dd>
          </dl>
        </Card>
        <Card title="Next scheduled runs" actions={<Link href="/schedules/">Schedules</Link>}>
          {upcoming.length ? (
            <ul>
              {upcoming.map((s) => (
                <li key={s.id}>
                  <strong>{s.name || title(s.bot)}</strong> {s.dry_run ? "(dry run) " : ""}
                  {fmtDate(s.next_run_at)} <span className="muted small">{fmtAgo(s.next_run_at)}</span>
                  {s.skip_reason && (
                    <div className="small" data-testid="skip-reason">
                      <span className="badge s-skipped">will be skipped</span> {s.skip_reason}
                    </div>
                  )}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">Nothing scheduled. <Link href="/schedules/">Add a schedule</Link>.</p>
          )}
        </Card>
        <Card title="Quota use" actions={<Link href="/settings/">Limits</Link>}>
          {warmupNote && <p className="small" data-testid="warmup-note">{warmupNote}</p>}
          {quotas.length ? (
            quotas.map(([action, q]) => (
              <div key={action} className="quota">
                <h3>{ACTION_NAMES[action] ?? title(action)}</h3>
                <Meter label="today" aria={`${title(action)} today`} used={q.daily_used} total={q.daily_limit} />
                <Meter label="this week" aria={`${title(action)} this week`} used={q.weekly_used} total={q.weekly_limit} />
                <p className="limits small muted" data-testid={`limits-${action}`}>
                  {dailyText(q, warmup)} · {weeklyText(q, warmup)}
                </p>
              </div>
            ))
          ) : (
            <p className="muted">No quota data.</p>
          )}
        </Card>
        <Card title="Birthdays: next run" actions={<Link href="/bots/">Bots</Link>}>
          {plan ? (
            <>
              <p>
                <Status value={plan.would_run ? "ready" : "waiting"} />{" "}
                <span className="small">{plan.reasons.join("; ")}</span>
              </p>
              {planItems.length ? (
                <ul>
                  {planItems.slice(0, 10).map((p, i) => (
                    <li key={i}>
                      <strong>{p.name}</strong>{" "}
                      <span className="muted small">
                        {[p.decision, p.kind, p.reason].filter(Boolean).join(" · ")}
                      </span>
                      {p.text && <div className="small">“{p.text}”</div>}
                    </li>
                  ))}
                </ul>
              ) : null}
              <p className="hint">
                {plan.last_list?.at ? `List as seen ${fmtAgo(plan.last_list.at)}${plan.last_list.dry_run ? " (dry run)" : ""}. ` : ""}
                {plan.note}
              </p>
            </>
          ) : (
            <p className="muted">The plan preview is not available.</p>
          )}
        </Card>
      </div>
      <Card title="Activity (14 days)">
        <ActivityChart activity={activity} />
      </Card>
    </>
  );
}

function Frag({ k, v }: { k: string; v: React.ReactNode }) {
  return (
    <>
      <dt>{k}</dt>
      <dd>{v}</dd>
    </>
  );
}


const BY_YOU = "paused by you";

/** One safety state: a pause or a session LinkedIn no longer accepts stops every bot. */
function BotsState({ pause, session }: { pause: Pause | null; session: string | null }) {
  if (pause) return <><Status value="paused" /> <span className="small">until {fmtDate(pause.until)}</span></>;
  if (session === null) return <><Status value="waiting" /> <span className="small">no LinkedIn session yet</span></>;
  if (session === "checkpoint" || session === "expired")
    return <><Status value="stopped" /> <span className="small">until the LinkedIn session is fixed</span></>;
  return <Status value="active" />;
}

const PAUSE_DAYS = [1, 3, 7, 14, 30];

function PauseControl({ onPaused }: { onPaused: () => void }) {
  const { busy, run, view } = useAction();
  const [open, setOpen] = useState(false);
  const [days, setDays] = useState(7);
  const [note, setNote] = useState("");
  if (!open)
    return (
      <>
        {" "}
        <button className="ghost small" onClick={() => setOpen(true)}>Pause all bots</button>
      </>
    );
  return (
    <form
      className="pause-form"
      onSubmit={(e) => {
        e.preventDefault();
        run(async () => (await post("/api/safety/pause", { body: { days, note } }), setOpen(false), onPaused()));
      }}
    >
      <label>
        Pause for{" "}
        <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {PAUSE_DAYS.map((d) => (
            <option key={d} value={d}>{d === 1 ? "1 day" : `${d} days`}</option>
          ))}
        </select>
      </label>{" "}
      <label>
        Note <input value={note} maxLength={200} placeholder="holiday" onChange={(e) => setNote(e.target.value)} />
      </label>{" "}
      <button type="submit" className="primary" disabled={busy}>Pause</button>{" "}
      <button type="button" className="ghost" onClick={() => setOpen(false)}>Cancel</button>
      {view}
    </form>
  );
}

function PauseNotice({ pause, onResumed }: { pause: Pause; onResumed: () => void }) {
  const { busy, run, view } = useAction();
  const byYou = pause.reason.startsWith(BY_YOU);
  return (
    <Notice kind={byYou ? "info" : "error"}>
      {byYou ? (
        <>All bots are {pause.reason} until {fmtDate(pause.until)}: nothing runs, scheduled runs are skipped.{" "}</>
      ) : (
        <>
          All bots are paused{pause.reason ? `: ${pause.reason}` : ""} (until {fmtDate(pause.until)}). Check LinkedIn in your
          browser first; resume only when all is well.{" "}
        </>
      )}
      <button disabled={busy} onClick={() => run(async () => (await post("/api/safety/resume"), onResumed()))}>
        Resume bots
      </button>
      {view}
    </Notice>
  );
}
