-- Warning signs and unverified actions.
-- invitations: a new state 'unverified' (the accept, ignore or withdraw click happened, its
-- effect was not seen): counted like 'done' and never repeated automatically on that person.
-- SQLite cannot change a CHECK in place: the table is rebuilt (nothing references it).

CREATE TABLE invitations_new (
    id INTEGER PRIMARY KEY,
    direction TEXT NOT NULL CHECK (direction IN ('received', 'sent')),
    contact_id INTEGER REFERENCES contacts(id),
    name TEXT NOT NULL DEFAULT '',
    headline TEXT NOT NULL DEFAULT '',
    mutual_connections INTEGER,
    age_days INTEGER,
    decision TEXT NOT NULL CHECK (decision IN ('accept', 'ignore', 'withdraw', 'skip')),
    rule TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN
        ('intent', 'done', 'unverified', 'failed', 'dry_run', 'skipped')),
    dry_run INTEGER NOT NULL DEFAULT 0,
    run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
    decided_at TEXT NOT NULL
);

INSERT INTO invitations_new (id, direction, contact_id, name, headline, mutual_connections,
                             age_days, decision, rule, state, dry_run, run_id, decided_at)
    SELECT id, direction, contact_id, name, headline, mutual_connections, age_days, decision,
           rule, state, dry_run, run_id, decided_at FROM invitations;

DROP TABLE invitations;

ALTER TABLE invitations_new RENAME TO invitations;

CREATE INDEX invitations_contact ON invitations (contact_id, decided_at);

CREATE INDEX invitations_unverified ON invitations (direction, contact_id)
    WHERE state = 'unverified' AND dry_run = 0;
