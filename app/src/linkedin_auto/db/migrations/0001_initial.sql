-- Initial schema. Timestamps are ISO 8601 UTC text (clock.iso); JSON columns hold objects.
-- No triggers: the migration runner splits statements on ';'.

CREATE TABLE kv (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE schedules (
    id INTEGER PRIMARY KEY,
    bot TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('daily', 'cron')),
    time_of_day TEXT,                  -- 'HH:MM' for kind=daily
    weekdays TEXT NOT NULL DEFAULT 'mon,tue,wed,thu,fri,sat,sun',
    cron TEXT,                         -- for kind=cron
    timezone TEXT NOT NULL,
    jitter_minutes INTEGER NOT NULL DEFAULT 0,
    window_start TEXT,                 -- optional working-hours window 'HH:MM'
    window_end TEXT,
    catch_up_hours REAL NOT NULL DEFAULT 6,  -- a missed run still runs this long after its slot
    dry_run INTEGER NOT NULL DEFAULT 0,
    options TEXT NOT NULL DEFAULT '{}',
    enabled INTEGER NOT NULL DEFAULT 1,
    last_slot_at TEXT,                 -- the scheduled slot last handled (ran or skipped)
    next_run_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    bot TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN
        ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out')),
    dry_run INTEGER NOT NULL DEFAULT 0,
    trigger TEXT NOT NULL DEFAULT 'manual',   -- manual | schedule | cli
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
CREATE INDEX runs_bot_created ON runs (bot, created_at);
CREATE INDEX runs_status ON runs (status);

CREATE TABLE run_events (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    ts TEXT NOT NULL,
    level TEXT NOT NULL DEFAULT 'info',
    kind TEXT NOT NULL,
    message TEXT NOT NULL,
    data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX run_events_run ON run_events (run_id, id);

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    profile_url TEXT NOT NULL UNIQUE,          -- canonical 'https://.../in/<slug>/'
    slug TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    headline TEXT NOT NULL DEFAULT '',
    location TEXT NOT NULL DEFAULT '',
    language TEXT,                             -- optional ISO code for templates
    blacklisted INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX contacts_slug ON contacts (slug);

-- The message ledger: one row per wish. The intent is written (state='intent') before the
-- send click and confirmed after; the partial unique index makes a second real wish for the
-- same occasion impossible at the storage level.
CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts(id),
    occasion TEXT NOT NULL,                    -- e.g. 'birthday:2026-11-25'
    kind TEXT NOT NULL,                        -- today | belated
    template TEXT NOT NULL,
    text TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('intent', 'sent', 'failed', 'dry_run', 'abandoned')),
    dry_run INTEGER NOT NULL DEFAULT 0,
    run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    note TEXT
);
CREATE UNIQUE INDEX messages_once ON messages (contact_id, occasion)
    WHERE dry_run = 0 AND state IN ('intent', 'sent');
CREATE INDEX messages_contact ON messages (contact_id, created_at);

CREATE TABLE profile_visits (
    id INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts(id),
    run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
    query TEXT NOT NULL DEFAULT '',
    dry_run INTEGER NOT NULL DEFAULT 0,
    dwell_seconds REAL NOT NULL DEFAULT 0,
    visited_at TEXT NOT NULL
);
CREATE INDEX profile_visits_contact ON profile_visits (contact_id, visited_at);

CREATE TABLE invitations (
    id INTEGER PRIMARY KEY,
    direction TEXT NOT NULL CHECK (direction IN ('received', 'sent')),
    contact_id INTEGER REFERENCES contacts(id),
    name TEXT NOT NULL DEFAULT '',
    headline TEXT NOT NULL DEFAULT '',
    mutual_connections INTEGER,
    age_days INTEGER,
    decision TEXT NOT NULL CHECK (decision IN ('accept', 'ignore', 'withdraw', 'skip')),
    rule TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('intent', 'done', 'failed', 'dry_run', 'skipped')),
    dry_run INTEGER NOT NULL DEFAULT 0,
    run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
    decided_at TEXT NOT NULL
);
CREATE INDEX invitations_contact ON invitations (contact_id, decided_at);

-- Every action on LinkedIn: what, to whom, when, which rule and budget allowed it.
-- Real (dry_run=0, outcome='done') rows are what the activity budget counts.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    ts TEXT NOT NULL,
    run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
    bot TEXT NOT NULL,
    action TEXT NOT NULL,          -- message | profile_view | accept | ignore | withdraw
    target_name TEXT NOT NULL DEFAULT '',
    target_url TEXT NOT NULL DEFAULT '',
    rule TEXT NOT NULL DEFAULT '',
    budget TEXT NOT NULL DEFAULT '',
    dry_run INTEGER NOT NULL DEFAULT 0,
    outcome TEXT NOT NULL DEFAULT 'done'
);
CREATE INDEX audit_action_ts ON audit_log (action, ts);

CREATE TABLE config_history (
    id INTEGER PRIMARY KEY,
    content TEXT NOT NULL,          -- the YAML document as written
    source TEXT NOT NULL,           -- api | cli | file
    created_at TEXT NOT NULL
);

CREATE TABLE admin (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    password_hash TEXT,
    setup_code_hash TEXT,
    setup_code_used_at TEXT,
    password_changed_at TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE auth_sessions (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    client TEXT NOT NULL DEFAULT '',
    revoked_at TEXT
);

CREATE TABLE api_keys (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
);

CREATE TABLE login_attempts (
    id INTEGER PRIMARY KEY,
    client TEXT NOT NULL,
    ts TEXT NOT NULL,
    ok INTEGER NOT NULL
);
CREATE INDEX login_attempts_client ON login_attempts (client, ts);

-- The imported LinkedIn session (Fernet-encrypted) and the browser identity pinned to it.
CREATE TABLE linkedin_session (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    encrypted TEXT NOT NULL,
    source TEXT NOT NULL,            -- storage_state | cookie_export | li_at
    cookie_names TEXT NOT NULL,      -- JSON list
    identity TEXT NOT NULL,          -- JSON: user_agent, locale, timezone_id, viewport
    imported_at TEXT NOT NULL,
    expires_at TEXT,
    status TEXT NOT NULL DEFAULT 'unchecked',   -- unchecked | valid | expired | checkpoint | error
    last_validated_at TEXT,
    last_validation TEXT             -- JSON: result details
);

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    ts TEXT NOT NULL,
    event TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    ok INTEGER NOT NULL,
    error TEXT
);
