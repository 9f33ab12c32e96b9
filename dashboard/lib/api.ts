// Thin fetch wrapper: same-origin cookies, CSRF header on writes, readable errors,
// and an "API reachable" flag that the shell turns into a banner.
import { setOnline } from "./connection";

// The API names its readable CSRF cookie `la_csrf` (security/sessions.py).
export const CSRF_COOKIES = ["la_csrf", "linkedin_auto_csrf"];
export const CSRF_HEADER = "X-CSRF-Token";

export type FieldErrors = Record<string, string>;

export class ApiError extends Error {
  status: number;
  fields: FieldErrors;
  retryAfter: number | null;
  constructor(status: number, message: string, fields: FieldErrors = {}, retryAfter: number | null = null) {
    super(message);
    this.status = status;
    this.fields = fields;
    this.retryAfter = retryAfter;
  }
}

function readCookie(name: string): string {
  if (typeof document === "undefined") return "";
  for (const part of document.cookie.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return "";
}

/** "body.limits.messages.daily" -> "limits.messages.daily" */
export function fieldPath(loc: unknown): string {
  if (typeof loc === "string") return loc;
  if (!Array.isArray(loc)) return "";
  const parts = loc.map(String);
  while (parts.length && (parts[0] === "body" || parts[0] === "query" || parts[0] === "path")) parts.shift();
  return parts.join(".");
}

async function toError(res: Response): Promise<ApiError> {
  let message = `${res.status} ${res.statusText}`.trim();
  const fields: FieldErrors = {};
  try {
    const body = await res.json();
    const detail = body?.detail ?? body?.errors;
    if (typeof detail === "string") message = detail;
    else if (detail && typeof detail === "object" && !Array.isArray(detail) && detail.msg) message = String(detail.msg);
    else if (Array.isArray(detail)) {
      const parts: string[] = [];
      for (const d of detail) {
        const path = fieldPath(d?.loc ?? d?.field ?? d?.path);
        const msg = String(d?.msg ?? d?.message ?? d?.reason ?? "invalid").replace(/^(Value|Assertion) error, /, "");
        // Whole-document errors (empty path) are kept under "" for a form-level message.
        fields[path] = fields[path] ? `${fields[path]}; ${msg}` : msg;
        parts.push(path ? `${path}: ${msg}` : msg);
      }
      message = parts.join("\n") || message;
    }
  } catch {
    /* not JSON: keep the status line */
  }
  const ra = res.headers.get("Retry-After");
  return new ApiError(res.status, message, fields, ra ? Number(ra) : null);
}

type Options = { method?: string; body?: unknown; form?: FormData; signal?: AbortSignal };

export async function api<T = unknown>(path: string, opts: Options = {}): Promise<T> {
  const method = opts.method ?? (opts.body !== undefined || opts.form ? "POST" : "GET");
  const headers: Record<string, string> = { Accept: "application/json" };
  if (method !== "GET" && method !== "HEAD") headers[CSRF_HEADER] = CSRF_COOKIES.map(readCookie).find(Boolean) ?? "";
  let body: BodyInit | undefined;
  if (opts.form) body = opts.form;
  else if (opts.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body, credentials: "same-origin", signal: opts.signal });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    setOnline(false);
    throw new ApiError(0, "The appliance is not reachable. Retrying…");
  }
  if (res.status === 502 || res.status === 503 || res.status === 504) {
    setOnline(false);
    throw await toError(res);
  }
  setOnline(true);
  if (res.status === 401 && !path.startsWith("/api/auth/")) {
    if (typeof window !== "undefined" && !window.location.pathname.startsWith("/login")) {
      window.location.assign("/login/?next=" + encodeURIComponent(window.location.pathname + window.location.search));
    }
    throw await toError(res);
  }
  if (!res.ok) throw await toError(res);
  if (res.status === 204) return undefined as T;
  const type = res.headers.get("Content-Type") ?? "";
  return (type.includes("json") ? await res.json() : await res.text()) as T;
}

export const get = <T,>(path: string) => api<T>(path);
export const post = <T,>(path: string, body: unknown = {}) => api<T>(path, { method: "POST", body });
export const put = <T,>(path: string, body: unknown) => api<T>(path, { method: "PUT", body });
export const del = <T,>(path: string) => api<T>(path, { method: "DELETE" });

export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
