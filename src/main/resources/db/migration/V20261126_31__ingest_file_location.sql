-- Where a refused or duplicate file was moved (error/... or archive/...), so an operator can re-drive it.
ALTER TABLE ingest_file ADD COLUMN location varchar(1000);
