-- Issue 17, item 1: who holds a file lock (host/pid). A lock whose process is gone on this host (a `run --once` that
-- ended while the database could not delete its lock: a full disk, an outage) is taken over at once, not after the
-- 5 minutes without a heartbeat that an instance on another host needs.
ALTER TABLE CAMEL_MESSAGEPROCESSED ADD COLUMN lock_owner varchar(200);
