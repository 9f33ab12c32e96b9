-- A running run's live progress: done of planned (wishes, visits, invitations) and what it is
-- doing or waiting for (JSON, RunContext.progress writes it; the dashboard's live box shows it).
ALTER TABLE runs ADD COLUMN progress TEXT NOT NULL DEFAULT '{}';
