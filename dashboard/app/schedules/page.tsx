"use client";
import Link from "next/link";
import { useState } from "react";
import { ApiError, FieldErrors, del, get, post, put } from "@/lib/api";
import { fmtDate, fmtAgo } from "@/lib/format";
import { stringAt } from "@/lib/config";
import type { Bot, Schedule, ScheduleIn, Weekday } from "@/lib/types";
import Field, { errorFor } from "@/components/Field";
import { Card, DataTable, Loading, useAction, useData } from "@/components/ui";

const DAYS: Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
// ScheduleIn's own default, for a run type the API proposes no schedule for.
const CATCH_UP_HOURS = 6;

type Form = {
  id?: number;
  bot: string;
  name: string;
  kind: "daily" | "cron";
  time_of_day: string;
  weekdays: Weekday[];
  cron: string;
  timezone: string;
  jitter_minutes: string;
  window_start: string;
  window_end: string;
  catch_up_hours: string;
  dry_run: boolean;
  enabled: boolean;
  options: Schedule["options"];
};

/** A new schedule for `bot`, as the API proposes it (GET /api/bots: schedule_default). */
function proposed(bot: Bot, tz: string): Form {
  const d = bot.schedule_default;
  return {
    bot: bot.name,
    name: d?.name ?? bot.title,
    kind: "daily",
    time_of_day: d?.time_of_day ?? "",
    weekdays: d ? [...d.weekdays] : [...DAYS],
    cron: "",
    timezone: d?.timezone ?? tz,
    jitter_minutes: String(d?.jitter_minutes ?? 0),
    window_start: d?.window_start ?? "",
    window_end: d?.window_end ?? "",
    catch_up_hours: String(d?.catch_up_hours ?? CATCH_UP_HOURS),
    dry_run: false,
    enabled: true, // made by the person: on (the proposals for the bots start off)
    options: {},
  };
}

function fromSchedule(s: Schedule): Form {
  return {
    id: s.id,
    bot: s.bot,
    name: s.name,
    kind: s.kind,
    time_of_day: s.time_of_day ?? "",
    weekdays: s.weekdays,
    cron: s.cron ?? "",
    timezone: s.timezone,
    jitter_minutes: String(s.jitter_minutes),
    window_start: s.window_start ?? "",
    window_end: s.window_end ?? "",
    catch_up_hours: String(s.catch_up_hours),
    dry_run: s.dry_run,
    enabled: s.enabled,
    options: s.options,
  };
}

// Everything is sent (a PUT replaces the schedule): values not shown in the form are kept.
function toBody(f: Form): ScheduleIn {
  return {
    bot: f.bot,
    name: f.name,
    kind: f.kind,
    time_of_day: f.kind === "daily" ? f.time_of_day || null : null,
    weekdays: f.weekdays,
    cron: f.kind === "cron" ? f.cron : null,
    timezone: f.timezone,
    // Empty is no delay; anything unparsable goes as null, which the API names at the field.
    jitter_minutes: Number(f.jitter_minutes),
    window_start: f.window_start || null,
    window_end: f.window_end || null,
    catch_up_hours: Number(f.catch_up_hours),
    dry_run: f.dry_run,
    enabled: f.enabled,
    options: f.options,
  };
}

export default function SchedulesPage() {
  const { data, error, loading, reload } = useData(async () => {
    const [items, bots, cfg] = await Promise.all([get("/api/schedules"), get("/api/bots"), get("/api/config")]);
    return { items, bots, tz: stringAt(cfg.config, "timezone") ?? "UTC" };
  });
  const [form, setForm] = useState<Form | null>(null);
  const { run, view } = useAction();
  if (!data) return <Loading error={error} loading={loading} />;
  const botTitle = (s: Schedule) => data.bots.find((b) => b.name === s.bot)?.title ?? s.bot;
  const nameOf = (s: Schedule) => s.name || botTitle(s);
  // A bot that acts on the account: its proposed schedule starts off (GET /api/bots).
  const acts = (s: Schedule) => data.bots.find((b) => b.name === s.bot)?.schedule_default?.enabled === false;
  const waiting = data.items.filter((s) => acts(s) && !s.enabled);
  return (
    <>
      <h1>Schedules</h1>
      {view}
      <Card title="All schedules" actions={<button className="primary" disabled={!data.bots.length} onClick={() => setForm(proposed(data.bots[0], data.tz))}>New schedule</button>}>
        {waiting.length > 0 && (
          <p className="small" data-testid="bots-off-note">
            The bots&apos; schedules start off: they act on your LinkedIn account, so switch one on once its dry run
            (under <Link href="/bots/">Bots</Link>) shows what it would do. The backup and the session check change
            nothing on LinkedIn and are on from the start.
          </p>
        )}
        {data.items.length ? (
          <DataTable
            rows={data.items}
            rowKey={(s) => s.id}
            columns={[
              {
                label: "Name",
                cell: (s) => (
                  <>
                    <strong>{nameOf(s)}</strong>
                    <div className="small muted">
                      {botTitle(s)}
                      {s.dry_run ? " · dry run" : ""}
                      {acts(s) && !s.enabled ? " · off until you switch it on" : ""}
                    </div>
                  </>
                ),
              },
              { label: "When", className: "small", cell: (s) => <>{s.kind === "cron" ? <code>{s.cron}</code> : `${s.time_of_day} ${s.weekdays.join(",")}`} ({s.timezone})</> },
              { label: "Next run", className: "small", cell: (s) =>
                  s.enabled && s.next_run_at ? (
                    <>
                      {fmtDate(s.next_run_at)} ({fmtAgo(s.next_run_at)})
                      {s.skip_reason && (
                        <div data-testid="skip-reason">
                          <span className="badge s-skipped">will be skipped</span> {s.skip_reason}
                        </div>
                      )}
                    </>
                  ) : (
                    "—"
                  ) },
              {
                label: "Enabled",
                cell: (s) => (
                  <input
                    type="checkbox"
                    aria-label={`Enable ${nameOf(s)}`}
                    checked={s.enabled}
                    onChange={(e) => run(async () => (await put("/api/schedules/{schedule_id}", { path: { schedule_id: s.id }, body: { ...toBody(fromSchedule(s)), enabled: e.target.checked } }), reload()))}
                  />
                ),
              },
            ]}
            actions={(s) => (
              <>
                <button onClick={() => setForm(fromSchedule(s))} aria-label={`Edit ${nameOf(s)}`}>
                  Edit
                </button>
                <button
                  className="danger"
                  aria-label={`Delete ${nameOf(s)}`}
                  onClick={() => confirm(`Delete the schedule "${nameOf(s)}"?`) && run(async () => (await del("/api/schedules/{schedule_id}", { path: { schedule_id: s.id } }), reload()), "Schedule deleted.")}
                >
                  Delete
                </button>
              </>
            )}
          />
        ) : (
          <p className="muted">No schedules yet: the bots only run when you press Run now.</p>
        )}
      </Card>
      {form && (
        <ScheduleForm
          key={form.id ?? "new"}
          initial={form}
          bots={data.bots}
          tz={data.tz}
          onDone={() => {
            setForm(null);
            reload();
          }}
          onCancel={() => setForm(null)}
        />
      )}
    </>
  );
}

type FormProps = { initial: Form; bots: Bot[]; tz: string; onDone: () => void; onCancel: () => void };

function ScheduleForm({ initial, bots, tz, onDone, onCancel }: FormProps) {
  const [f, setF] = useState<Form>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [preview, setPreview] = useState<string[] | null>(null);
  const { busy, run, view, setMsg } = useAction();
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setF({ ...f, [k]: v });
  // A new schedule takes the proposal of the bot picked; an edited one keeps its times.
  const setBot = (name: string) => {
    const bot = bots.find((b) => b.name === name);
    if (!f.id && bot) setF({ ...proposed(bot, tz), dry_run: f.dry_run, enabled: f.enabled });
    else set("bot", name);
  };

  async function call<T>(fn: () => Promise<T>): Promise<T | undefined> {
    setErrors({});
    return (await run(async () => {
      try {
        return await fn();
      } catch (e) {
        if (e instanceof ApiError && Object.keys(e.fields).length) {
          const { "": root, ...named } = e.fields;
          setErrors(named);
          throw new Error([root, Object.keys(named).length ? "Please correct the highlighted fields." : ""].filter(Boolean).join("\n"));
        }
        throw e;
      }
    })) as T | undefined;
  }

  const doPreview = () =>
    call(async () => {
      setPreview((await post("/api/schedules/preview", { body: toBody(f) })).next_runs);
    });
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const ok = await call(async () => {
      if (f.id) await put("/api/schedules/{schedule_id}", { path: { schedule_id: f.id }, body: toBody(f) });
      else await post("/api/schedules", { body: toBody(f) });
      return true;
    });
    if (ok) {
      setMsg({ kind: "ok", text: "Saved." });
      onDone();
    }
  };
  const wdErr = errorFor(errors, "weekdays");

  return (
    <Card title={f.id ? `Edit schedule` : "New schedule"}>
      <form onSubmit={save} noValidate>
        <div className="form-grid">
          <Field kind="select" label="Bot" path="bot" errors={errors} value={f.bot} options={bots.map((b) => ({ value: b.name, label: b.title }))} onChange={setBot} />
          <Field label="Name" path="name" errors={errors} value={f.name} onChange={(v) => set("name", v)} placeholder="e.g. Morning birthdays" />
        </div>
        <fieldset>
          <legend>When</legend>
          <label className="check">
            <input type="radio" name="kind" checked={f.kind === "daily"} onChange={() => set("kind", "daily")} />
            Daily at a time
          </label>
          <label className="check">
            <input type="radio" name="kind" checked={f.kind === "cron"} onChange={() => set("kind", "cron")} />
            Cron expression
          </label>
          {f.kind === "daily" ? (
            <>
              <Field kind="time" label="Time of day" path="time_of_day" errors={errors} value={f.time_of_day} onChange={(v) => set("time_of_day", v)} />
              <div role="group" aria-label="Weekdays">
                <span className="small muted">Weekdays: </span>
                {DAYS.map((d) => (
                  <label className="check" key={d}>
                    <input
                      type="checkbox"
                      checked={f.weekdays.includes(d)}
                      onChange={(e) => set("weekdays", e.target.checked ? DAYS.filter((x) => x === d || f.weekdays.includes(x)) : f.weekdays.filter((x) => x !== d))}
                    />
                    {d}
                  </label>
                ))}
                {wdErr && <div className="field-error">{wdErr}</div>}
              </div>
            </>
          ) : (
            <Field label="Cron expression" path="cron" errors={errors} value={f.cron} onChange={(v) => set("cron", v)} placeholder="30 9 * * 1-5" hint="minute hour day-of-month month weekday" />
          )}
          <div className="form-grid">
            <Field label="Time zone" path="timezone" errors={errors} value={f.timezone} onChange={(v) => set("timezone", v)} placeholder="Europe/Paris" />
            <Field kind="number" label="Random delay (minutes)" path="jitter_minutes" errors={errors} value={f.jitter_minutes} onChange={(v) => set("jitter_minutes", v)} hint="Starts up to this many minutes late, so runs don't look clockwork." />
            <Field kind="time" label="Window start" path="window_start" errors={errors} value={f.window_start} onChange={(v) => set("window_start", v)} hint="Optional: never start before" />
            <Field kind="time" label="Window end" path="window_end" errors={errors} value={f.window_end} onChange={(v) => set("window_end", v)} hint="Optional: never start after" />
            <Field kind="number" step="any" min={0} label="Catch up (hours)" path="catch_up_hours" errors={errors} value={f.catch_up_hours} onChange={(v) => set("catch_up_hours", v)} hint="A run missed while the appliance was off still starts if it is this late at most." />
          </div>
        </fieldset>
        <Field kind="checkbox" label="Dry run (do everything but the final click)" path="dry_run" errors={errors} value={f.dry_run} onChange={(v) => set("dry_run", v)} />
        <Field kind="checkbox" label="Enabled" path="enabled" errors={errors} value={f.enabled} onChange={(v) => set("enabled", v)} />
        {view}
        {preview && (
          <div className="notice info" role="status" aria-label="Next run times">
            <strong>Next runs:</strong>
            {preview.length ? (
              <ul>
                {preview.map((t) => (
                  <li key={t}>{fmtDate(t)}</li>
                ))}
              </ul>
            ) : (
              " none in the coming weeks"
            )}
          </div>
        )}
        <div className="actions">
          <button type="button" onClick={doPreview} disabled={busy}>
            Preview next runs
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Save schedule
          </button>
          <button type="button" className="ghost" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </Card>
  );
}
