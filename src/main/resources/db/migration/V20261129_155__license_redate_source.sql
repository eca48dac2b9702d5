-- Re-dating uses issue 12's stored export time (DOMAIN rule 11): a re-date sets license_export.effective_at to the new
-- time and time_source to REDATED; the history keeps the time and the source the export had before.
ALTER TABLE license_redate ADD COLUMN old_source varchar(16);
