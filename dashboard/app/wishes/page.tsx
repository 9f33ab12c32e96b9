"use client";
// Wishes to check: the Send click happened but the bot did not see the wish arrive. It is never
// sent again by itself; the person looks on LinkedIn and says which it was.
import Link from "next/link";
import { useEffect, useState } from "react";
import { post } from "@/lib/api";
import { WishFilter, loadWishesToCheck } from "@/lib/wishes";
import type { Message } from "@/lib/types";
import { fmtDate } from "@/lib/format";
import { Card, Loading, Notice, useAction, useData } from "@/components/ui";

export default function WishesPage() {
  // A static export has no dynamic segments: filters travel in the query string.
  const [filter, setFilter] = useState<WishFilter | null>(null);
  useEffect(() => {
    const q = new URLSearchParams(window.location.search);
    const id = (param: string) => {
      const v = q.get(param);
      return v && /^\d+$/.test(v) ? Number(v) : undefined;
    };
    setFilter({ run_id: id("run"), contact_id: id("contact") });
  }, []);
  if (filter === null) return <p className="muted">Loading…</p>;
  return <Wishes filter={filter} />;
}

function Wishes({ filter }: { filter: WishFilter }) {
  const { data, error, loading, reload } = useData(() => loadWishesToCheck(filter), [JSON.stringify(filter)]);
  const { busy, run, view } = useAction();
  const [done, setDone] = useState<string[]>([]);
  const decide = (w: Message, action: "delivered" | "resend") =>
    run(async () => {
      if (action === "delivered") await post("/api/messages/{message_id}/delivered", { path: { message_id: w.id } });
      else await post("/api/messages/{message_id}/resend", { path: { message_id: w.id } });
      setDone((d) => [...d, action === "delivered" ? `${w.contact_name}: marked delivered.` : `${w.contact_name}: will be wished again by the next run (if the birthday is still within the belated limit).`]);
      await reload();
    });
  const scope = filter.run_id ? ` from run #${filter.run_id}` : filter.contact_id ? " for this person" : "";
  return (
    <>
      <h1>Wishes to check</h1>
      <p className="hint">
        The bot clicked Send for these wishes but did not see them arrive. It never sends them again by itself. Open the conversation
        on LinkedIn: if the wish is there, mark it delivered; if it is not, ask for it to be sent again (the next run wishes the person
        while the birthday is within the belated limit). Leaving a wish here is safe: nobody gets it twice.
      </p>
      {(filter.run_id || filter.contact_id) && (
        <p>
          Showing the wishes to check{scope}. <Link href="/wishes/">Show all</Link>
        </p>
      )}
      {done.map((t, i) => (
        <Notice key={i} kind="ok">
          {t}
        </Notice>
      ))}
      {view}
      {!data ? (
        <Loading error={error} loading={loading} />
      ) : data.items.length ? (
        <ul className="wish-list" aria-label="Wishes to check">
          {data.items.map((w) => (
            <li key={w.id} className="card wish" aria-label={`Wish to ${w.contact_name}`}>
              <h2>{w.contact_name}</h2>
              <p className="wish-text">“{w.text}”</p>
              <p className="small muted">
                {w.kind === "belated" ? "Belated wish" : "Birthday wish"}, Send clicked {fmtDate(w.clicked_at ?? w.created_at)}
                {w.run_id != null && (
                  <>
                    {" "}
                    in <Link href={`/runs/detail/?id=${w.run_id}`}>run #{w.run_id}</Link>
                  </>
                )}
                . {w.note}
              </p>
              <div className="row">
                <a href={w.profile_url} target="_blank" rel="noreferrer">
                  Open their profile on LinkedIn
                </a>
              </div>
              <div className="row actions">
                <button type="button" className="primary" disabled={busy} onClick={() => decide(w, "delivered")} aria-label={`Mark the wish to ${w.contact_name} delivered`}>
                  Mark delivered
                </button>
                <button type="button" disabled={busy} onClick={() => decide(w, "resend")} aria-label={`Send the wish to ${w.contact_name} again`}>
                  Send again
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <Card title="Nothing to check">
          <p className="muted">Every wish{scope} was either seen arriving or checked by you.</p>
        </Card>
      )}
    </>
  );
}
