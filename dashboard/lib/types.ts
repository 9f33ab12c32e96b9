// The API's data shapes, by the names the dashboard uses: aliases of the schemas generated from
// the API's OpenAPI schema (lib/api-types.ts, `make api-types`). No shape is written by hand here.
import type { components } from "./api-types";

export type Schemas = components["schemas"];

export type Bot = Schemas["BotOut"];
export type BotOption = Schemas["BotOption"];
export type ScheduleDefault = Schemas["ScheduleDefault"];
export type Plan = Schemas["PlanOut"];
export type PlanEntry = Schemas["PlanEntry"];
export type Run = Schemas["RunOut"];
export type RunDetail = Schemas["RunDetail"];
export type RunEvent = Schemas["RunEventOut"];
export type RunProgress = Schemas["RunProgress"];
export type RunStatus = Schemas["RunStatus"];
export type RunPage = Schemas["RunPage"];
export type Schedule = Schemas["ScheduleOut"];
export type ScheduleIn = Schemas["ScheduleIn"];
export type Weekday = Schedule["weekdays"][number];
export type Health = Schemas["Health"];
export type SystemInfo = Schemas["SystemOut"];
export type Session = Schemas["SessionOut"];
export type Safety = Schemas["SafetyOut"];
export type Pause = Schemas["PauseOut"];
export type ActionUsage = Schemas["ActionUsage"];
export type Warmup = Schemas["WarmupOut"];
export type Activity = Schemas["Activity"];
export type Contact = Schemas["ContactOut"];
export type ContactDetail = Schemas["ContactDetail"];
export type TimelineEntry = Schemas["TimelineEntry"];
export type Message = Schemas["MessageOut"];
export type MessagePage = Schemas["MessagePage"];
export type MessageState = Schemas["MessageState"];
export type Backup = Schemas["BackupOut"];
export type ApiKey = Schemas["KeyOut"];
export type NotificationSent = Schemas["NotificationOut"];
export type Config = Schemas["ConfigOut"];
export type AuthState = Schemas["AuthState"];
export type UpdatesOverview = Schemas["UpdatesOverview"];
export type UpdateStatus = Schemas["UpdateStatus"];
export type UpdateState = Schemas["UpdateState"];
export type UpdateRecord = Schemas["UpdateRecord"];
export type UpdateResult = Schemas["UpdateResult"];
export type StagedRelease = Schemas["StagedRelease"];
export type FeedCheck = Schemas["FeedCheck"];
export type LivePurpose = Schemas["LivePurpose"];
export type LiveInfo = Schemas["LiveInfo"];
export type LiveInput = Schemas["LiveInput"]["events"][number];

/** A run that has not ended yet. */
export const ACTIVE: readonly RunStatus[] = ["queued", "running"];
export const isActive = (status: string): boolean => (ACTIVE as readonly string[]).includes(status);
