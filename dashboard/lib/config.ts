// Helpers for editing the settings document: the dashboard sends only the leaves that changed
// (the API deep-merges a partial document and answers 422 with field paths). The document itself
// is free-form in the API's schema (ConfigOut.config), so values are read with the narrowing
// readers below rather than a shape written here.
import { ApiError, FieldErrors, get, put } from "./api";
import type { Config } from "./types";

export type Doc = { [key: string]: unknown };
export type ConfigAnswer = Config;

export const loadConfig = () => get("/api/config");

export const isDoc = (v: unknown): v is Doc => !!v && typeof v === "object" && !Array.isArray(v);

export function getPath(doc: Doc, path: string): unknown {
  return path.split(".").reduce<unknown>((cur, k) => (isDoc(cur) ? cur[k] : undefined), doc);
}

/** A copy of `doc` with `value` at the dotted `path` (missing levels are created). */
export function setPath(doc: Doc, path: string, value: unknown): Doc {
  const keys = path.split(".");
  const out: Doc = { ...doc };
  let cur = out;
  for (const k of keys.slice(0, -1)) {
    const next: Doc = isDoc(cur[k]) ? { ...(cur[k] as Doc) } : {};
    cur[k] = next;
    cur = next;
  }
  cur[keys[keys.length - 1]] = value;
  return out;
}

/** The object at `path` ({} when there is none). */
export const docAt = (doc: Doc, path: string): Doc => {
  const v = getPath(doc, path);
  return isDoc(v) ? v : {};
};
/** The list of strings at `path` ([] when there is none). */
export const stringsAt = (doc: Doc, path: string): string[] => {
  const v = getPath(doc, path);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
};
/** The string at `path`, or null. */
export const stringAt = (doc: Doc, path: string): string | null => {
  const v = getPath(doc, path);
  return typeof v === "string" ? v : null;
};

/** Save a patch; field errors come back keyed by dotted path. */
export async function saveConfig(patch: Doc): Promise<{ config?: ConfigAnswer; errors: FieldErrors }> {
  try {
    return { config: await put("/api/config", { body: patch }), errors: {} };
  } catch (e) {
    if (e instanceof ApiError && e.status === 422 && Object.keys(e.fields).length) return { errors: e.fields };
    throw e;
  }
}

export function envOverridden(answer: ConfigAnswer | null, path: string): boolean {
  return !!answer?.env_overrides.some((p) => p === path || path.startsWith(p + "."));
}
