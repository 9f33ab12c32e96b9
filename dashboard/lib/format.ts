// Every time is shown in the appliance's time zone (settings: timezone), labelled, whatever the
// browser's own zone is: a schedule at 09:00 reads 09:00 on a phone abroad too.
let applianceTz: string | undefined;

/** Set once by the shell from GET /api/auth/state; an unknown name falls back to the browser's. */
export function setTimeZone(tz?: string | null): void {
  try {
    applianceTz = tz ? new Intl.DateTimeFormat(undefined, { timeZone: tz }).resolvedOptions().timeZone : undefined;
  } catch {
    applianceTz = undefined;
  }
}

export function timeZone(): string {
  return applianceTz ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function zoneLabel(d: Date): string {
  const parts = new Intl.DateTimeFormat(undefined, { timeZone: applianceTz, timeZoneName: "short" }).formatToParts(d);
  return parts.find((p) => p.type === "timeZoneName")?.value ?? "";
}

export function fmtDate(iso?: string | null): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (isNaN(d.getTime())) return "—";
  const text = d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short", timeZone: applianceTz });
  return `${text} ${zoneLabel(d)}`.trim();
}

export function fmtAgo(iso?: string | null): string {
  if (!iso) return "never";
  const s = (Date.now() - new Date(iso).getTime()) / 1000;
  if (isNaN(s)) return "—";
  const abs = Math.abs(s);
  const [n, unit] =
    abs < 60 ? [abs, "s"] : abs < 3600 ? [abs / 60, "min"] : abs < 86400 ? [abs / 3600, "h"] : [abs / 86400, "d"];
  const v = `${Math.round(n)} ${unit}`;
  return s >= 0 ? `${v} ago` : `in ${v}`;
}

export function fmtBytes(n?: number | null): string {
  if (n == null) return "—";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 && i ? 1 : 0)} ${units[i]}`;
}

export function title(s: string): string {
  return s.replace(/[_.]/g, " ").replace(/^\w/, (c) => c.toUpperCase());
}

export function fmtTime(iso?: string | null): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return isNaN(d.getTime())
    ? "—"
    : d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: applianceTz });
}
