-- DOMAIN rule 11 (issue 12): each license export's time, stated and stored with where it came from, so that it can
-- be shown (files, run summary, API) and re-dated later (issue 15, corrections).
--   effective_at  when the export's licenses take effect: its rows' valid_from
--   time_source   FIRST_EXPORT (an organization's first export covers every earlier call: effective_at is the
--                 beginning of time for the hub, 2000-01-01), FILE_NAME (the date-time in the file name) or
--                 RECEIVED (no date in the name: when the hub received the file)
--   stated_at     the time the export states: from the file name, else when it was received (orders the exports)
CREATE TABLE license_export (
    file_id                bigint         NOT NULL PRIMARY KEY,
    org_id                 varchar(64)    NOT NULL,
    file_name              varchar(500)   NOT NULL,
    effective_at           timestamp with time zone NOT NULL,
    time_source            varchar(16)    NOT NULL,
    stated_at              timestamp with time zone NOT NULL,
    named_at               timestamp with time zone,
    received_at            timestamp with time zone NOT NULL
);
CREATE INDEX ix_license_export_org ON license_export (org_id, file_id);

-- A file that posted but needs a look (issue 12): a license file that makes funded calls unfunded, a CDR file with
-- too many calls unfunded for lack of licenses. Shown by files, the run summary and health; run --once exits 6.
ALTER TABLE ingest_file ADD COLUMN flag varchar(1000);
