-- The last run of each scheduled batch (health: when did the nightly recharge last succeed?).
CREATE TABLE batch_run (
    batch                  varchar(32)    NOT NULL PRIMARY KEY,
    last_started_at        timestamp with time zone,
    last_success_at        timestamp with time zone,
    last_failure_at        timestamp with time zone,
    last_error             varchar(1000),
    last_result            varchar(1000)
);
