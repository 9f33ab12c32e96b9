import Link from "next/link";
import { fmtDate } from "@/lib/format";
import type { Run } from "@/lib/types";
import { Column, DataTable, Status } from "./ui";

export function Counts({ counts }: { counts: Record<string, number> }) {
  const e = Object.entries(counts);
  if (!e.length) return <span className="muted">—</span>;
  return <span className="small">{e.map(([k, v]) => `${k.replace(/_/g, " ")} ${v}`).join(" · ")}</span>;
}

export default function RunsTable({ runs, showBot = true }: { runs: Run[]; showBot?: boolean }) {
  if (!runs.length) return <p className="muted">No runs yet.</p>;
  const columns: Column<Run>[] = [
    {
      label: "Run",
      cell: (r) => (
        <>
          <Link href={`/runs/detail/?id=${r.id}`}>#{r.id}</Link>
          {r.dry_run ? <span className="muted small"> dry run</span> : null}
        </>
      ),
    },
    ...(showBot ? [{ label: "Bot", cell: (r: Run) => r.bot }] : []),
    { label: "Status", cell: (r) => <Status value={r.status} /> },
    { label: "Started", cell: (r) => fmtDate(r.started_at ?? r.created_at), className: "small" },
    { label: "Counts", cell: (r) => <Counts counts={r.counts} /> },
  ];
  return <DataTable rows={runs} rowKey={(r) => r.id} columns={columns} />;
}
