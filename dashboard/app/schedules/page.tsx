"use client";
import { useState } from "react";
import { ApiError, FieldErrors, del, get, post, put } from "@/lib/api";
import { fmtDate, fmtAgo, title } from "@/lib/format";
import { stringAt } from "@/lib/config";
import type { Schedule, ScheduleIn, Weekday } from "@/lib/types";
import Field, { errorFor } from "@/components/Field";
import { Card, Loading, useAction, useData } from "@/components/ui";

const DAYS: Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const BOTS = ["birthday", "visitor", "invitations", "session_check", "backup", "doctor"];

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
  catch_up_hours: number;
  dry_run: boolean;
  enabled: boolean;
  options: Schedule["options"];
};

const blank = (tz: string): Form => ({
  bot: "birthday",
  name: "",
  kind: "daily",
  time_of_day: "09:30",
  weekdays: [...DAYS],
  cron: "",
  timezone: tz,
  jitter_minutes: "15",
  window_start: "",
  window_end: "",
  catch_up_hours: 6,
  dry_run: false,
  enabled: true,
  options: {},
});

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
    catch_up_hours: s.catch_up_hours,
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
    catch_up_hours: f.catch_up_hours,
    dry_run: f.dry_run,
    enabled: f.enabled,
    options: f.options,
  };
}

export default function SchedulesPage() {
  const { data, error, loading, reload } = useData(async () => {
    const [items, cfg] = await Promise.all([get("/api/schedules"), get("/api/config")]);
    return { items, tz: stringAt(cfg.config, "timezone") ?? "UTC" };
  });
  const [form, setForm] = useState<Form | null>(null);
  const { run, view } = useAction();
  if (!data) return <Loading error={error} loading={loading} />;
  return (
    <>
      <h1>Schedules</h1>
      {view}
      <Card title="All schedules" actions={<button className="primary" onClick={() => setForm(blank(data.tz))}>New schedule</button>}>
        {data.items.length ? (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Name</th>
                  <th>When</th>
                  <th>Next run</th>
                  <th>Enabled</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((s) => {
                  const name = s.name || title(s.bot);
                  return (
                    <tr key={s.id}>
                      <td>
                        <strong>{name}</strong>
                        <div className="small muted">
                          {s.bot}
                          {s.dry_run ? " · dry run" : ""}
                        </div>
                      </td>
                      <td className="small">
                        {s.kind === "cron" ? <code>{s.cron}</code> : `${s.time_of_day} ${s.weekdays.join(",")}`} ({s.timezone})
                      </td>
                      <td className="small">{s.enabled && s.next_run_at ? `${fmtDate(s.next_run_at)} (${fmtAgo(s.next_run_at)})` : "—"}</td>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`Enable ${name}`}
                          checked={s.enabled}
                          onChange={(e) => run(async () => (await put("/api/schedules/{schedule_id}", { path: { schedule_id: s.id }, body: { ...toBody(fromSchedule(s)), enabled: e.target.checked } }), reload()))}
                        />
                      </td>
                      <td>
                        <div className="row">
                          <button onClick={() => setForm(fromSchedule(s))} aria-label={`Edit ${name}`}>
                            Edit
                          </button>
                          <button
                            className="danger"
                            aria-label={`Delete ${name}`}
                            onClick={() => confirm(`Delete the schedule "${name}"?`) && run(async () => (await del("/api/schedules/{schedule_id}", { path: { schedule_id: s.id } }), reload()), "Schedule deleted.")}
                          >
                            Delete
                          </button>
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">No schedules yet: the bots only run when you press Run now.</p>
        )}
      </Card>
      {form && (
        <ScheduleForm
          key={form.id ?? "new"}
          initial={form}
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

function ScheduleForm({ initial, onDone, onCancel }: { initial: Form; onDone: () => void; onCancel: () => void }) {
  const [f, setF] = useState<Form>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [preview, setPreview] = useState<string[] | null>(null);
  const { busy, run, view, setMsg } = useAction();
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setF({ ...f, [k]: v });

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
          <Field kind="select" label="Bot" path="bot" errors={errors} value={f.bot} options={BOTS} onChange={(v) => set("bot", v)} />
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
