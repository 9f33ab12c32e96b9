"use client";
import Link from "next/link";
import { get } from "@/lib/api";
import { fmtAgo, fmtDate, title } from "@/lib/format";
import { Obj } from "@/lib/types";
import { useLive } from "@/lib/events";
import { normalizeQuotas, normalizeServices } from "@/lib/normalize";
import ActivityChart, { normalizeActivity } from "@/components/ActivityChart";
import { Card, Loading, Meter, Notice, Status, useData } from "@/components/ui";

const opt = <T,>(p: Promise<T>) => p.catch(() => null);

export default function Overview() {
  const { data, error, loading, reload } = useData(async () => {
    const [health, system, session, schedules, safety, plan, activity] = await Promise.all([
      opt(get<Obj>("/api/health")),
      opt(get<Obj>("/api/system")),
      opt(get<Obj>("/api/linkedin/session")),
      opt(get<Obj>("/api/schedules")),
      opt(get<Obj>("/api/safety")),
      opt(get<Obj>("/api/bots/birthday/plan")),
      opt(get<Obj>("/api/activity?days=14")),
    ]);
    return { health, system, session, schedules, safety, plan, activity };
  }, [], 30000);
  useLive((m) => {
    if (m.type === "run" || m.type === "reconnected") reload();
  });

  if (!data) return <Loading error={error} loading={loading} />;
  const { health, system, session, safety, plan, activity } = data;
  const schedules: Obj[] = (Array.isArray(data.schedules) ? data.schedules : data.schedules?.items) ?? [];
  const upcoming = schedules
    .filter((s) => s.enabled && s.next_run_at)
    .sort((a, b) => String(a.next_run_at).localeCompare(String(b.next_run_at)))
    .slice(0, 4);
  const services: Obj[] = normalizeServices(system?.services);
  const paused = safety?.paused ?? safety?.pause?.paused;
  const quotas = normalizeQuotas(safety);
  const planItems: Obj[] = plan?.items ?? plan?.contacts ?? plan?.actions ?? [];

  return (
    <>
      <h1>Overview</h1>
      {paused && (
        <Notice kind="error">
          All bots are paused{safety?.reason || safety?.pause?.reason ? `: ${safety.reason ?? safety.pause.reason}` : ""}
          {safety?.until || safety?.pause?.until ? ` (until ${fmtDate(safety.until ?? safety.pause.until)})` : ""}.{" "}
          <Link href="/system/">Details</Link>
        </Notice>
      )}
      <div className="grid two">
        <Card title="Health">
          <dl className="kv">
            <dt>API</dt>
            <dd>
              <Status value={health ? String(health.status ?? "ok") : "down"} />
            </dd>
            {services.map((s) => (
              <Frag key={s.name} k={title(s.name)} v={<Status value={s.state} />} />
            ))}
            <dt>LinkedIn session</dt>
            <dd>
              {session && session.present !== false && session.status ? (
                <>
                  <Status value={String(session.status)} />{" "}
                  <span className="small muted">checked {fmtAgo(session.last_validated_at)}</span>
                </>
              ) : (
                <Link href="/session/">Not imported yet: import one</Link>
              )}
            </dd>
            <dt>Bots</dt>
            <dd>{paused ? <Status value="paused" /> : <Status value="active" />}</dd>
          </dl>
        </Card>
        <Card title="Next scheduled runs" actions={<Link href="/schedules/">Schedules</Link>}>
          {upcoming.length ? (
            <ul>
              {upcoming.map((s) => (
                <li key={s.id}>
                  <strong>{s.name || title(s.bot)}</strong> {s.dry_run ? "(dry run) " : ""}
                  {fmtDate(s.next_run_at)} <span className="muted small">{fmtAgo(s.next_run_at)}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">Nothing scheduled. <Link href="/schedules/">Add a schedule</Link>.</p>
          )}
        </Card>
        <Card title="Quota use">
          {quotas.length ? (
            quotas.map((q) => (
              <div key={q.action}>
                <Meter label={`${title(q.action)} today`} used={q.daily_used} total={q.daily_limit} />
                <Meter label={`${title(q.action)} this week`} used={q.weekly_used} total={q.weekly_limit} />
              </div>
            ))
          ) : (
            <p className="muted">No quota data.</p>
          )}
        </Card>
        <Card title="Birthdays: next run" actions={<Link href="/bots/">Bots</Link>}>
          {plan ? (
            planItems.length ? (
              <ul>
                {planItems.slice(0, 10).map((p, i) => (
                  <li key={i}>
                    <strong>{p.name ?? p.full_name ?? p.target ?? "?"}</strong>{" "}
                    <span className="muted small">
                      {p.kind ?? ""} {p.days_late ? `${p.days_late} d late` : ""} {p.action ?? ""} {p.skip_reason ?? p.reason ?? ""}
                    </span>
                    {p.text && <div className="small">“{p.text}”</div>}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{plan.message ?? plan.summary ?? "No birthdays to wish on the next run."}</p>
            )
          ) : (
            <p className="muted">The plan preview is not available.</p>
          )}
        </Card>
      </div>
      <Card title="Activity (14 days)">
        <ActivityChart data={normalizeActivity(activity)} />
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

