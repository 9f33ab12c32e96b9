// Stacked bars per day and action type, plain SVG (no chart library: keeps the JS budget).
export type DayCounts = { day: string; counts: Record<string, number> };

const COLORS: Record<string, string> = {
  message: "#0a66c2",
  profile_view: "#2da44e",
  accept: "#bf8700",
  ignore: "#8c959f",
  withdraw: "#cf222e",
};
const FALLBACK = ["#8250df", "#1b7c83", "#e16f24"];

/** Accepts rows `{day|date, action, count}` or `{day|date, counts}` and returns one entry per day. */
export function normalizeActivity(raw: unknown): DayCounts[] {
  const rows: unknown[] = Array.isArray(raw)
    ? raw
    : ((raw as { days?: unknown[]; items?: unknown[] })?.days ?? (raw as { items?: unknown[] })?.items ?? []);
  const byDay = new Map<string, Record<string, number>>();
  for (const r of rows as Record<string, unknown>[]) {
    const day = String(r.day ?? r.date ?? "");
    if (!day) continue;
    const counts = byDay.get(day) ?? {};
    if (r.counts && typeof r.counts === "object") {
      for (const [k, v] of Object.entries(r.counts as Record<string, number>)) counts[k] = (counts[k] ?? 0) + Number(v);
    } else if (r.action) {
      const k = String(r.action);
      counts[k] = (counts[k] ?? 0) + Number(r.count ?? 0);
    }
    byDay.set(day, counts);
  }
  return [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, counts]) => ({ day, counts }));
}

export default function ActivityChart({ data }: { data: DayCounts[] }) {
  const actions = [...new Set(data.flatMap((d) => Object.keys(d.counts)))].sort();
  const color = (a: string, i: number) => COLORS[a] ?? FALLBACK[i % FALLBACK.length];
  const max = Math.max(1, ...data.map((d) => Object.values(d.counts).reduce((s, v) => s + v, 0)));
  const W = 560;
  const H = 160;
  const pad = 22;
  const bw = data.length ? (W - pad) / data.length : 0;
  const total = data.reduce((s, d) => s + Object.values(d.counts).reduce((a, b) => a + b, 0), 0);
  if (!data.length || total === 0) return <p className="muted">No activity in this period yet.</p>;
  return (
    <figure style={{ margin: 0 }}>
      <svg className="chart" viewBox={`0 0 ${W} ${H + 18}`} role="img" aria-label={`Activity per day, ${total} actions in ${data.length} days`}>
        <line x1={pad} y1={H} x2={W} y2={H} stroke="currentColor" opacity="0.3" />
        <text x={0} y={10} fontSize="10" fill="currentColor" opacity="0.7">
          {max}
        </text>
        {data.map((d, i) => {
          let y = H;
          const x = pad + i * bw + bw * 0.15;
          return (
            <g key={d.day}>
              <title>{`${d.day}: ${actions.map((a) => `${a} ${d.counts[a] ?? 0}`).join(", ")}`}</title>
              {actions.map((a, j) => {
                const h = ((d.counts[a] ?? 0) / max) * (H - 14);
                y -= h;
                return h > 0 ? <rect key={a} x={x} y={y} width={bw * 0.7} height={h} fill={color(a, j)} rx="1.5" /> : null;
              })}
              {(i % Math.ceil(data.length / 7) === 0 || i === data.length - 1) && (
                <text x={x + bw * 0.35} y={H + 13} fontSize="10" textAnchor="middle" fill="currentColor" opacity="0.7">
                  {d.day.slice(5)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="legend">
        {actions.map((a, j) => (
          <span key={a}>
            <i style={{ background: color(a, j) }} />
            {a.replace(/_/g, " ")}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
