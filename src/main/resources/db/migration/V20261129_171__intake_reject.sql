-- Issue 17, item 3: rejected rows are as durable as the postings. They are stored in the file's own transaction
-- (one row per rejected line, with the key and the reason), so a crash between the commit and the archive move can
-- no longer lose them: the <file>.rejects.csv is written from the same rejects and regenerated from this table when
-- it is missing. No foreign key to ingest_file (like the per-call tables: rows written in bulk).
CREATE TABLE intake_reject (
    file_id                bigint         NOT NULL,
    line_no                bigint         NOT NULL,
    row_key                varchar(300),
    reason                 varchar(2000)  NOT NULL
);
CREATE INDEX ix_intake_reject_file ON intake_reject (file_id, line_no);
