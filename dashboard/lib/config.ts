// Helpers for editing the settings document: the dashboard sends only the leaves that changed
// (the API deep-merges a partial document and answers 422 with field paths).
import { ApiError, FieldErrors, get, put } from "./api";
import { Obj } from "./types";

export type ConfigAnswer = { config: Obj; file?: string; env_overrides?: string[] | Obj };

export const loadConfig = () => get<ConfigAnswer>("/api/config");

export function getPath(doc: Obj, path: string): unknown {
  return path.split(".").reduce<unknown>((cur, k) => (cur && typeof cur === "object" ? (cur as Obj)[k] : undefined), doc);
}

export function setPath(doc: Obj, path: string, value: unknown): Obj {
  const keys = path.split(".");
  const out: Obj = Array.isArray(doc) ? [...doc] : { ...doc };
  let cur: Obj = out;
  keys.slice(0, -1).forEach((k) => {
    cur[k] = Array.isArray(cur[k]) ? [...cur[k]] : { ...(cur[k] ?? {}) };
    cur = cur[k];
  });
  cur[keys[keys.length - 1]] = value;
  return out;
}

/** Save a patch; field errors come back keyed by dotted path. */
export async function saveConfig(patch: Obj): Promise<{ config?: ConfigAnswer; errors: FieldErrors }> {
  try {
    return { config: await put<ConfigAnswer>("/api/config", patch), errors: {} };
  } catch (e) {
    if (e instanceof ApiError && e.status === 422 && Object.keys(e.fields).length) return { errors: e.fields };
    throw e;
  }
}

export function envOverridden(answer: ConfigAnswer | null, path: string): boolean {
  const env = answer?.env_overrides;
  if (!env) return false;
  const list = Array.isArray(env) ? env : Object.keys(env);
  return list.some((p) => p === path || path.startsWith(p + "."));
}
