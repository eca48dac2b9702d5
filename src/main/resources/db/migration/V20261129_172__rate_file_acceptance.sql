-- Issue 17, item 5: a rate file that replaces the table and would drop more than credits.intake.rates-max-drop-share
-- of the prefixes in force is held in error/ until an operator confirms it (`rates accept FILE-ID`). The confirmation
-- is for that content (its SHA-256): the re-driven file then loads.
CREATE TABLE rate_file_acceptance (
    sha256                 varchar(64)    NOT NULL PRIMARY KEY,
    file_id                bigint         NOT NULL,
    accepted_at            timestamp with time zone NOT NULL
);
