"use client";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { get, put } from "@/lib/api";
import { fmtDate } from "@/lib/format";
import { LANGUAGE_NAMES, languageLabel } from "@/lib/templates";
import { Card, Loading, Pager, useAction, useData } from "@/components/ui";

const LIMIT = 25;

export default function ContactsPage() {
  const [q, setQ] = useState("");
  const [query, setQuery] = useState("");
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<number | null>(null);
  useEffect(() => {
    const t = setTimeout(() => (setQuery(q), setOffset(0)), 300);
    return () => clearTimeout(t);
  }, [q]);
  const { data, error, loading, reload } = useData(() => get("/api/contacts", { query: { q: query, limit: LIMIT, offset } }), [query, offset]);
  return (
    <>
      <h1>Contacts</h1>
      <div className="grid two">
        <Card title="People">
          <label htmlFor="search">Search contacts</label>
          <input id="search" type="search" placeholder="Name or headline" value={q} onChange={(e) => setQ(e.target.value)} />
          {data ? (
            <>
              <p className="small muted">{data.total} contacts</p>
              {data.items.length ? (
                <ul style={{ paddingLeft: "1.1rem" }}>
                  {data.items.map((c) => (
                    <li key={c.id}>
                      <button className="ghost" style={{ border: 0, padding: "0.2rem 0", textAlign: "left" }} onClick={() => setSelected(c.id)} aria-pressed={selected === c.id}>
                        <strong>{c.name || c.slug}</strong> {c.blacklisted ? <span className="badge s-failed">blacklisted</span> : null}
                        <div className="small muted">{c.headline}</div>
                      </button>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted">Nobody found. Contacts appear here once a bot has met them.</p>
              )}
              <Pager total={data.total} limit={LIMIT} offset={offset} onPage={setOffset} />
            </>
          ) : (
            <Loading error={error} loading={loading} />
          )}
        </Card>
        <div className="contact-panel">
          {selected != null ? <ContactView id={selected} onChange={reload} /> : <Card title="Timeline"><p className="muted">Pick a person to see what was done with them.</p></Card>}
        </div>
      </div>
    </>
  );
}

function ContactView({ id, onChange }: { id: number; onChange: () => void }) {
  const { data: c, error, loading, reload } = useData(() => get("/api/contacts/{contact_id}", { path: { contact_id: id } }), [id]);
  const { busy, run, view } = useAction();
  const box = useRef<HTMLDivElement>(null);
  const loaded = c?.id;
  // The person's history opens where they are looking: on a phone the panel sits below the
  // list, so it is scrolled into view (on a computer it is already beside the list).
  useEffect(() => {
    if (loaded != null) box.current?.scrollIntoView({ block: "nearest" });
  }, [loaded]);
  if (!c) return <Loading error={error} loading={loading} />;
  const timeline = c.timeline;
  return (
    <div ref={box} className="scroll-target">
    <Card title={c.name || c.slug}>
      <p className="small">
        {c.headline}{" "}
        <a href={c.profile_url} target="_blank" rel="noreferrer">
          Profile
        </a>
      </p>
      <label className="check">
        <input
          type="checkbox"
          checked={c.blacklisted}
          disabled={busy}
          onChange={(e) =>
            run(async () => {
              await put("/api/contacts/{contact_id}/blacklist", { path: { contact_id: id }, body: { blacklisted: e.target.checked } });
              reload();
              onChange();
            })
          }
        />
        Blacklisted (the bots leave this person alone)
      </label>
      <div className="field">
        <label htmlFor="contact-language">Language of their wishes</label>
        <select
          id="contact-language"
          value={c.language ?? ""}
          disabled={busy}
          aria-describedby="contact-language-hint"
          onChange={(e) =>
            run(async () => {
              await put("/api/contacts/{contact_id}/language", { path: { contact_id: id }, body: { language: e.target.value || null } });
              reload();
            }, "Language saved.")
          }
        >
          <option value="">Not set: read on their birthday card, else the default language</option>
          {[...new Set([...Object.keys(LANGUAGE_NAMES), ...(c.language ? [c.language] : [])])].map((k) => (
            <option key={k} value={k}>
              {languageLabel(k)}
            </option>
          ))}
        </select>
        <div className="hint" id="contact-language-hint">
          Wishes come from that language&apos;s templates (Messages page); without any, from the default language&apos;s.
        </div>
      </div>
      {view}
      {timeline.some((t) => t.type === "message" && t.state === "unverified") && (
        <p>
          A wish to this person was not seen arriving: <Link href={`/wishes/?contact=${id}`}>check it</Link>
        </p>
      )}
      <h3>Timeline</h3>
      {timeline.length ? (
        <ol className="timeline">
          {timeline.map((t, i) => (
            <li key={i}>
              <time dateTime={t.ts ?? undefined}>{fmtDate(t.ts)}</time>
              <strong>{[t.type, t.kind, t.direction, t.action].filter(Boolean).join(" · ").replace(/_/g, " ")}</strong>{" "}
              {t.dry_run ? <span className="muted small">(dry run)</span> : null}{" "}
              <span className="small">{[t.decision, t.state, t.outcome, t.rule && `rule: ${t.rule}`].filter(Boolean).join(" · ")}</span>
              {t.text && <div className="small">“{t.text}”</div>}
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">Nothing yet.</p>
      )}
    </Card>
    </div>
  );
}
