// Typed fetch layer: every call names an API route as the OpenAPI schema spells it
// ("/api/runs/{run_id}"), and its path and query parameters, body and answer are the types
// generated from that schema (lib/api-types.ts, `make api-types`). Same-origin cookies, the CSRF
// header on writes, readable errors, and an "API reachable" flag the shell turns into a banner.
import type { paths } from "./api-types";
import { setOnline } from "./connection";

// The API names its readable CSRF cookie `la_csrf` (security/sessions.py).
export const CSRF_COOKIE = "la_csrf";
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

// ---- Types derived from the schema --------------------------------------------------------

type Method = "get" | "post" | "put" | "delete";
/** The routes that answer `M`. */
export type PathOf<M extends Method> = { [P in keyof paths]: paths[P][M] extends { responses: object } ? P : never }[keyof paths];
type Op<P extends keyof paths, M extends Method> = Exclude<paths[P][M], undefined>;

type Success = 200 | 201 | 202 | 204;
type JsonOf<R> = R extends { content: { "application/json": infer J } } ? J : undefined;
/** What a route answers on success (`undefined` for 204 No Content). */
export type Answer<O> = O extends { responses: infer R } ? { [S in keyof R & Success]: S extends 204 ? undefined : JsonOf<R[S]> }[keyof R & Success] : never;

type PathParams<O> = O extends { parameters: { path: infer P } } ? { path: P } : { path?: never };
type QueryParams<O> = O extends { parameters: { query?: infer Q } } ? ([NonNullable<Q>] extends [never] ? { query?: never } : { query?: Q }) : { query?: never };
type BodyOf<O> = O extends { requestBody: { content: infer C } }
  ? ("application/json" extends keyof C ? { body: C["application/json"]; form?: never } : never) | ("multipart/form-data" extends keyof C ? { form: FormData; body?: never } : never)
  : { body?: never; form?: never };
/** Path and query parameters and the body (JSON, or a multipart form) of a route. */
export type Init<O> = PathParams<O> & QueryParams<O> & BodyOf<O> & { signal?: AbortSignal };
type Args<O> = {} extends Init<O> ? [init?: Init<O>] : [init: Init<O>];

// ---- Requests ------------------------------------------------------------------------------

function readCookie(name: string): string {
  if (typeof document === "undefined") return "";
  for (const part of document.cookie.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return "";
}

/** "body.limits.messages.daily" -> "limits.messages.daily" */
export function fieldPath(loc: (string | number)[]): string {
  const parts = loc.map(String);
  while (parts.length && (parts[0] === "body" || parts[0] === "query" || parts[0] === "path")) parts.shift();
  return parts.join(".");
}

type ErrorBody = { detail?: unknown };
type ValidationItem = { loc: (string | number)[]; msg: string };
const isValidationItem = (d: unknown): d is ValidationItem =>
  !!d && typeof d === "object" && Array.isArray((d as ValidationItem).loc) && typeof (d as ValidationItem).msg === "string";

/** The API's error answer (components.schemas.Error): `{detail: "text"}`, `{detail: {msg, ...}}`
 *  (a busy bot adds its run_id), or for a 422 `{detail: [{loc, msg, type}]}` (HTTPValidationError). */
async function toError(res: Response): Promise<ApiError> {
  let message = `${res.status} ${res.statusText}`.trim();
  const fields: FieldErrors = {};
  try {
    const { detail } = (await res.json()) as ErrorBody;
    if (typeof detail === "string") message = detail;
    else if (detail && typeof detail === "object" && typeof (detail as { msg?: unknown }).msg === "string") message = (detail as { msg: string }).msg;
    else if (Array.isArray(detail)) {
      const parts: string[] = [];
      for (const d of detail.filter(isValidationItem)) {
        const path = fieldPath(d.loc);
        const msg = d.msg.replace(/^(Value|Assertion) error, /, "");
        // Whole-document errors (empty path) are kept under "" for a form-level message.
        fields[path] = fields[path] ? `${fields[path]}; ${msg}` : msg;
        parts.push(path ? `${path}: ${msg}` : msg);
      }
      message = parts.join("\n") || message;
    }
  } catch {
    /* not JSON (a proxy's error page): keep the status line */
  }
  const ra = res.headers.get("Retry-After");
  return new ApiError(res.status, message, fields, ra ? Number(ra) : null);
}

type AnyInit = { path?: Record<string, string | number>; query?: Record<string, unknown>; body?: unknown; form?: FormData; signal?: AbortSignal };

function urlOf(template: string, init: AnyInit): string {
  const path = template.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(String(init.path?.[k] ?? "")));
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(init.query ?? {})) if (v !== undefined && v !== null) q.set(k, String(v));
  const qs = q.toString();
  return qs ? `${path}?${qs}` : path;
}

async function request(method: Method, template: string, init: AnyInit = {}): Promise<unknown> {
  const path = urlOf(template, init);
  const headers: Record<string, string> = { Accept: "application/json" };
  if (method !== "get") headers[CSRF_HEADER] = readCookie(CSRF_COOKIE);
  let body: BodyInit | undefined;
  if (init.form) body = init.form;
  else if (init.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(init.body);
  }
  let res: Response;
  try {
    res = await fetch(path, { method: method.toUpperCase(), headers, body, credentials: "same-origin", signal: init.signal });
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
  if (res.status === 204) return undefined;
  return (res.headers.get("Content-Type") ?? "").includes("json") ? res.json() : res.text();
}

export const get = <P extends PathOf<"get">>(path: P, ...[init]: Args<Op<P, "get">>) =>
  request("get", path, init as AnyInit) as Promise<Answer<Op<P, "get">>>;
export const post = <P extends PathOf<"post">>(path: P, ...[init]: Args<Op<P, "post">>) =>
  request("post", path, init as AnyInit) as Promise<Answer<Op<P, "post">>>;
export const put = <P extends PathOf<"put">>(path: P, ...[init]: Args<Op<P, "put">>) =>
  request("put", path, init as AnyInit) as Promise<Answer<Op<P, "put">>>;
export const del = <P extends PathOf<"delete">>(path: P, ...[init]: Args<Op<P, "delete">>) =>
  request("delete", path, init as AnyInit) as Promise<Answer<Op<P, "delete">>>;

export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
