-- Never two runs of the same bot at once, enforced by the storage itself: the API and the
-- scheduler are separate processes, so a check-then-insert in code alone could race.
CREATE UNIQUE INDEX runs_one_active_per_bot ON runs (bot) WHERE status IN ('queued', 'running');
