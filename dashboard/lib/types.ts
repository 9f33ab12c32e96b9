/* eslint-disable @typescript-eslint/no-explicit-any */
// Loose shapes of API answers: the dashboard reads what it shows and tolerates extra fields.
export type Obj = Record<string, any>;

export type Run = {
  id: number;
  bot: string;
  status: string;
  dry_run: boolean | number;
  trigger?: string;
  counts?: Record<string, number>;
  error?: string | null;
  created_at?: string;
  started_at?: string | null;
  finished_at?: string | null;
  events?: RunEvent[];
  screenshots?: string[];
};

export type RunEvent = { id?: number; ts: string; level: string; kind: string; message: string; data?: Obj };

export type Page<T> = { items: T[]; total: number };

export const ACTIVE = ["queued", "running"];
