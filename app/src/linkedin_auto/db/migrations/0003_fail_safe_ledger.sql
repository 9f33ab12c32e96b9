-- Fail safe under uncertainty.
-- messages: a new state 'unverified' (the Send click happened, its effect was not seen) that
-- holds the once-only slot exactly like 'sent', and 'clicked_at', written durably just before
-- the click, so a crash before the click (clicked_at IS NULL: safe to retry) is told apart
-- from one after it (unverified: never repeated automatically).
-- runs: statuses partial, paused and skipped.
-- SQLite cannot change a CHECK in place: both tables are rebuilt. The runner turns foreign
-- keys off for the migration (a DROP of runs would otherwise cascade into run_events) and
-- checks them before committing.

CREATE TABLE messages_new (
    id INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts(id),
    occasion TEXT NOT NULL,
    kind TEXT NOT NULL,
    template TEXT NOT NULL,
    text TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN
        ('intent', 'sent', 'unverified', 'failed', 'dry_run', 'abandoned')),
    dry_run INTEGER NOT NULL DEFAULT 0,
    run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    clicked_at TEXT,
    sent_at TEXT,
    note TEXT
);

INSERT INTO messages_new (id, contact_id, occasion, kind, template, text, state, dry_run,
                          run_id, created_at, clicked_at, sent_at, note)
    SELECT id, contact_id, occasion, kind, template, text, state, dry_run, run_id, created_at,
           NULL, sent_at, note FROM messages;

-- Earlier releases wrote the intent right before the click and could not tell the two apart:
-- an intent left by them may have been sent, so it is treated as clicked.
UPDATE messages_new SET state = 'unverified', clicked_at = created_at,
    note = 'left unconfirmed by an earlier release: may have been sent'
    WHERE state = 'intent' AND dry_run = 0;

DROP TABLE messages;

ALTER TABLE messages_new RENAME TO messages;

CREATE UNIQUE INDEX messages_once ON messages (contact_id, occasion)
    WHERE dry_run = 0 AND state IN ('intent', 'sent', 'unverified');

CREATE INDEX messages_contact ON messages (contact_id, created_at);

CREATE INDEX messages_state ON messages (state) WHERE dry_run = 0;

CREATE TABLE runs_new (
    id INTEGER PRIMARY KEY,
    bot TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN
        ('queued', 'running', 'succeeded', 'partial', 'paused', 'skipped', 'failed',
         'cancelled', 'timed_out')),
    dry_run INTEGER NOT NULL DEFAULT 0,
    trigger TEXT NOT NULL DEFAULT 'manual',
    schedule_id INTEGER REFERENCES schedules(id) ON DELETE SET NULL,
    options TEXT NOT NULL DEFAULT '{}',
    job_id TEXT,
    counts TEXT NOT NULL DEFAULT '{}',
    error TEXT,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT
);

INSERT INTO runs_new SELECT id, bot, status, dry_run, trigger, schedule_id, options, job_id,
    counts, error, cancel_requested, created_at, started_at, finished_at FROM runs;

-- Runs refused during a pause were recorded as cancelled with this error.
UPDATE runs_new SET status = 'skipped' WHERE status = 'cancelled'
    AND error LIKE 'skipped: %';

DROP TABLE runs;

ALTER TABLE runs_new RENAME TO runs;

CREATE INDEX runs_bot_created ON runs (bot, created_at);

CREATE INDEX runs_status ON runs (status);

CREATE UNIQUE INDEX runs_one_active_per_bot ON runs (bot) WHERE status IN ('queued', 'running');
