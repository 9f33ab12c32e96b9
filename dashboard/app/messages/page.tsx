"use client";
// Birthday wishes, one pool per language: a contact gets a wish from their language's pool
// only (never a mix), else from the default language's.
import { useState } from "react";
import { FieldErrors } from "@/lib/api";
import { ConfigAnswer, Doc, docAt, loadConfig, saveConfig, stringAt, stringsAt } from "@/lib/config";
import { LANGUAGE_NAMES, Sample, TEMPLATE_FIELDS, languageLabel, renderTemplate, templateProblems } from "@/lib/templates";
import { errorFor } from "@/components/Field";
import { Card, Loading, useAction, useData } from "@/components/ui";

type Kind = "today" | "belated";
type Pool = Record<Kind, string[]>;
type Pools = Record<string, Pool>;
const KINDS: { key: Kind; heading: string; help: string }[] = [
  { key: "today", heading: "Birthday", help: "Sent on the day." },
  { key: "belated", heading: "Belated", help: "Sent when the birthday was missed by a few days." },
];

/** The template pools in the settings document (bots.birthday.templates: language -> kind -> texts). */
const poolsOf = (config: Doc): Pools =>
  Object.fromEntries(
    Object.keys(docAt(config, "bots.birthday.templates")).map((lang) => {
      const at = `bots.birthday.templates.${lang}`;
      return [lang, { today: stringsAt(config, `${at}.today`), belated: stringsAt(config, `${at}.belated`) }];
    }),
  );

export default function MessagesPage() {
  const { data, error, loading, setData } = useData(loadConfig);
  if (!data) return <Loading error={error} loading={loading} />;
  return <Editor answer={data} onSaved={setData} />;
}

function Editor({ answer, onSaved }: { answer: ConfigAnswer; onSaved: (a: ConfigAnswer) => void }) {
  const original = poolsOf(answer.config);
  const savedDefault = stringAt(answer.config, "bots.birthday.default_language");
  const [pools, setPools] = useState<Pools>(() => poolsOf(answer.config));
  const [defaultLanguage, setDefaultLanguage] = useState<string>(savedDefault ?? "");
  const [newLanguage, setNewLanguage] = useState("");
  const [sample, setSample] = useState<Sample>({ first_name: "Ada", last_name: "Lovelace", full_name: "Ada Lovelace", days_late: "2" });
  const [errors, setErrors] = useState<FieldErrors>({});
  const { busy, run, view, setMsg } = useAction();
  const local = Object.values(pools).some((p) => [...p.today, ...p.belated].some((t) => templateProblems(t).length));
  const codeOk = /^[a-z]{2,3}$/.test(newLanguage.trim().toLowerCase());

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setErrors({});
    // Languages removed here are sent as null: the API removes them from the file.
    const templates: Record<string, Pool | null> = { ...pools };
    for (const k of Object.keys(original)) if (!(k in pools)) templates[k] = null;
    const birthday: Record<string, unknown> = { templates };
    if (defaultLanguage !== savedDefault) birthday.default_language = defaultLanguage;
    await run(async () => {
      const r = await saveConfig({ bots: { birthday } });
      if (Object.keys(r.errors).length) {
        setErrors(r.errors);
        throw new Error("Not saved: please correct the highlighted templates.");
      }
      if (r.config) {
        setPools(poolsOf(r.config.config));
        onSaved(r.config);
      }
    }, "Templates saved.");
  };

  const setList = (lang: string, kind: Kind, list: string[]) => setPools((p) => ({ ...p, [lang]: { ...p[lang], [kind]: list } }));

  const list = (lang: string, kind: Kind, heading: string, help: string) => {
    const items = pools[lang][kind];
    const label = `${languageLabel(lang)} ${heading.toLowerCase()}`;
    const listErr = errorFor(errors, `bots.birthday.templates.${lang}.${kind}`);
    return (
      <section key={kind} aria-label={label + " templates"}>
        <h3>{heading}</h3>
        <p className="hint">{help}</p>
        {items.map((t, i) => {
          const path = `bots.birthday.templates.${lang}.${kind}.${i}`;
          const err = templateProblems(t).join("; ") || errorFor(errors, path);
          const id = `t-${lang}-${kind}-${i}`;
          return (
            <div className="field" key={i}>
              <label htmlFor={id}>
                {label} template {i + 1}
              </label>
              <textarea
                id={id}
                value={t}
                aria-invalid={err ? true : undefined}
                aria-describedby={`${id}-preview${err ? ` ${id}-err` : ""}`}
                onChange={(e) => setList(lang, kind, items.map((x, j) => (j === i ? e.target.value : x)))}
              />
              {err && (
                <div className="field-error" id={`${id}-err`}>
                  {err}
                </div>
              )}
              <div className="preview" id={`${id}-preview`} aria-label={`Preview of ${label} template ${i + 1}`}>
                {renderTemplate(t, sample)}
              </div>
              <button type="button" className="ghost small" onClick={() => setList(lang, kind, items.filter((_, j) => j !== i))} aria-label={`Remove ${label} template ${i + 1}`}>
                Remove
              </button>
            </div>
          );
        })}
        {!items.length && (
          <p className="hint">{lang === defaultLanguage ? "The default language needs at least one." : `None: ${languageLabel(defaultLanguage)} is used instead.`}</p>
        )}
        {listErr && !items.length && <div className="field-error">{listErr}</div>}
        <button type="button" onClick={() => setList(lang, kind, [...items, ""])}>
          Add {label.toLowerCase()} template
        </button>
      </section>
    );
  };

  const birthdayErr = errors["bots.birthday"];
  return (
    <form onSubmit={save} noValidate>
      <h1>Messages</h1>
      <Card title="Languages">
        <p className="hint">
          Each person gets a wish in their language: the one set on their contact page, else the one read on their birthday card, else
          the default language below. A wish is never taken from another language&apos;s list.
        </p>
        <label htmlFor="default-language">Default language</label>
        <select id="default-language" value={defaultLanguage} onChange={(e) => setDefaultLanguage(e.target.value)}>
          {Object.keys(pools).map((k) => (
            <option key={k} value={k}>
              {languageLabel(k)}
            </option>
          ))}
        </select>
        {birthdayErr && <div className="field-error">{birthdayErr}</div>}
        <div className="row" style={{ marginTop: "0.6rem" }}>
          <label htmlFor="new-language">Add a language (code)</label>
          <input id="new-language" list="language-codes" placeholder="de" value={newLanguage} onChange={(e) => setNewLanguage(e.target.value)} style={{ width: "6rem" }} />
          <datalist id="language-codes">
            {Object.keys(LANGUAGE_NAMES).map((k) => (
              <option key={k} value={k}>
                {LANGUAGE_NAMES[k]}
              </option>
            ))}
          </datalist>
          <button
            type="button"
            disabled={!codeOk || newLanguage.trim().toLowerCase() in pools}
            onClick={() => {
              setPools((p) => ({ ...p, [newLanguage.trim().toLowerCase()]: { today: [""], belated: [""] } }));
              setNewLanguage("");
            }}
          >
            Add language
          </button>
        </div>
      </Card>
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
      {Object.keys(pools).map((lang) => (
        <Card
          key={lang}
          title={languageLabel(lang) + (lang === defaultLanguage ? " (default)" : "")}
          actions={
            lang === defaultLanguage ? undefined : (
              <button
                type="button"
                className="ghost small"
                onClick={() => {
                  setPools(({ [lang]: _, ...rest }) => rest);
                  setMsg({ kind: "ok", text: `${languageLabel(lang)} removed: save to confirm.` });
                }}
              >
                Remove {languageLabel(lang)}
              </button>
            )
          }
        >
          {KINDS.map((k) => list(lang, k.key, k.heading, k.help))}
        </Card>
      ))}
      {view}
      <div className="actions">
        <button className="primary" type="submit" disabled={busy || local}>
          {busy ? "Saving…" : "Save templates"}
        </button>
      </div>
    </form>
  );
}
