import { Obj } from "./types";

export function normalizeServices(raw: unknown): Obj[] {
  if (!raw) return [];
  if (Array.isArray(raw)) return raw.map((s: Obj) => ({ name: String(s.name ?? s.unit), state: String(s.state ?? s.status ?? s.active ?? "unknown") }));
  return Object.entries(raw as Obj).map(([name, v]) => ({
    name,
    state: typeof v === "string" ? v : String((v as Obj)?.state ?? (v as Obj)?.status ?? (v as Obj)?.active ?? "unknown"),
  }));
}

export function normalizeQuotas(safety: Obj | null): Obj[] {
  const q = safety?.quotas ?? safety?.budget ?? safety?.usage;
  if (!q) return [];
  const rows: Obj[] = Array.isArray(q) ? q : Object.entries(q).map(([action, v]) => ({ action, ...(v as Obj) }));
  return rows.map((r) => ({
    action: String(r.action),
    daily_used: Number(r.daily_used ?? r.today ?? r.day?.used ?? r.daily?.used ?? 0),
    daily_limit: Number(r.daily_limit ?? r.daily_allowed ?? r.day?.limit ?? r.daily?.limit ?? r.daily ?? 0),
    weekly_used: Number(r.weekly_used ?? r.week?.used ?? r.weekly?.used ?? 0),
    weekly_limit: Number(r.weekly_limit ?? r.week?.limit ?? r.weekly?.limit ?? r.weekly ?? 0),
  }));
}
