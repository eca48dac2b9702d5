-- DOMAIN rule 8 (issue 12): the carrier file's Time column is the moment the hub decided (created_at); the start of
-- the call that used up the funds, when a call did, is carried in its own column.
ALTER TABLE suspension_event ADD COLUMN call_started_at timestamp with time zone;
