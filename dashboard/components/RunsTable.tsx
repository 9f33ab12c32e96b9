import Link from "next/link";
import { fmtDate } from "@/lib/format";
import type { Run } from "@/lib/types";
import { Status } from "./ui";

export function Counts({ counts }: { counts: Record<string, number> }) {
  const e = Object.entries(counts);
  if (!e.length) return <span className="muted">—</span>;
  return <span className="small">{e.map(([k, v]) => `${k.replace(/_/g, " ")} ${v}`).join(" · ")}</span>;
}

export default function RunsTable({ runs, showBot = true }: { runs: Run[]; showBot?: boolean }) {
  if (!runs.length) return <p className="muted">No runs yet.</p>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th>Run</th>
            {showBot && <th>Bot</th>}
            <th>Status</th>
            <th>Started</th>
            <th>Counts</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id}>
              <td>
                <Link href={`/runs/detail/?id=${r.id}`}>#{r.id}</Link>
                {r.dry_run ? <span className="muted small"> dry run</span> : null}
              </td>
              {showBot && <td>{r.bot}</td>}
              <td>
                <Status value={r.status} />
              </td>
              <td className="small">{fmtDate(r.started_at ?? r.created_at)}</td>
              <td>
                <Counts counts={r.counts} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
