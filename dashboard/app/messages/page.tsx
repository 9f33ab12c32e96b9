"use client";
import { useState } from "react";
import { FieldErrors } from "@/lib/api";
import { ConfigAnswer, loadConfig, saveConfig } from "@/lib/config";
import { Sample, TEMPLATE_FIELDS, renderTemplate, templateProblems } from "@/lib/templates";
import { errorFor } from "@/components/Field";
import { Card, Loading, useAction, useData } from "@/components/ui";

type Lists = { templates: string[]; belated_templates: string[] };

export default function MessagesPage() {
  const { data, error, loading, setData } = useData(loadConfig);
  if (!data) return <Loading error={error} loading={loading} />;
  return <Editor answer={data} onSaved={setData} />;
}

function Editor({ answer, onSaved }: { answer: ConfigAnswer; onSaved: (a: ConfigAnswer) => void }) {
  const b = answer.config.bots?.birthday ?? {};
  const [lists, setLists] = useState<Lists>({ templates: [...(b.templates ?? [])], belated_templates: [...(b.belated_templates ?? [])] });
  const [sample, setSample] = useState<Sample>({ first_name: "Ada", last_name: "Lovelace", full_name: "Ada Lovelace", days_late: "2" });
  const [errors, setErrors] = useState<FieldErrors>({});
  const { busy, run, view } = useAction();
  const local = Object.values(lists).flat().some((t) => templateProblems(t).length);

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setErrors({});
    await run(async () => {
      const r = await saveConfig({ bots: { birthday: lists } });
      if (Object.keys(r.errors).length) {
        setErrors(r.errors);
        throw new Error("Not saved: please correct the highlighted templates.");
      }
      if (r.config) onSaved(r.config);
    }, "Templates saved.");
  };

  const section = (key: keyof Lists, heading: string, help: string) => (
    <Card title={heading}>
      <p className="hint">{help}</p>
      {lists[key].map((t, i) => {
        const path = `bots.birthday.${key}.${i}`;
        const problems = templateProblems(t);
        const err = problems.join("; ") || errorFor(errors, path);
        const id = `t-${key}-${i}`;
        return (
          <div className="field" key={i}>
            <label htmlFor={id}>
              {heading} template {i + 1}
            </label>
            <textarea
              id={id}
              value={t}
              aria-invalid={err ? true : undefined}
              aria-describedby={`${id}-preview${err ? ` ${id}-err` : ""}`}
              onChange={(e) => setLists({ ...lists, [key]: lists[key].map((x, j) => (j === i ? e.target.value : x)) })}
            />
            {err && (
              <div className="field-error" id={`${id}-err`}>
                {err}
              </div>
            )}
            <div className="preview" id={`${id}-preview`} aria-label={`Preview of ${heading.toLowerCase()} template ${i + 1}`}>
              {renderTemplate(t, sample)}
            </div>
            <button
              type="button"
              className="ghost small"
              disabled={lists[key].length <= 1}
              onClick={() => setLists({ ...lists, [key]: lists[key].filter((_, j) => j !== i) })}
              aria-label={`Remove ${heading.toLowerCase()} template ${i + 1}`}
            >
              Remove
            </button>
          </div>
        );
      })}
      {errorFor(errors, `bots.birthday.${key}`) && !lists[key].length && <div className="field-error">{errorFor(errors, `bots.birthday.${key}`)}</div>}
      <button type="button" onClick={() => setLists({ ...lists, [key]: [...lists[key], ""] })}>
        Add {heading.toLowerCase()} template
      </button>
    </Card>
  );

  return (
    <form onSubmit={save} noValidate>
      <h1>Messages</h1>
      <Card title="Preview with">
        <p className="hint">
          Placeholders: {TEMPLATE_FIELDS.map((f) => `{${f}}`).join(", ")}. A template is picked at random for each person and not
          reused for them for a while.
        </p>
        <div className="form-grid">
          {TEMPLATE_FIELDS.map((f) => (
            <div key={f}>
              <label htmlFor={`s-${f}`}>Sample {f.replace(/_/g, " ")}</label>
              <input id={`s-${f}`} value={sample[f]} onChange={(e) => setSample({ ...sample, [f]: e.target.value })} />
            </div>
          ))}
        </div>
      </Card>
      {section("templates", "Birthday", "Sent on the day.")}
      {section("belated_templates", "Belated", "Sent when the birthday was missed by a few days.")}
      {view}
      <div className="actions">
        <button className="primary" type="submit" disabled={busy || local}>
          {busy ? "Saving…" : "Save templates"}
        </button>
      </div>
    </form>
  );
}
