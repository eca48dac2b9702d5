-- Issue 11: the audit counts the calls of each file posted since its last pass (at every start and every 10 min);
-- a torn commit (a kill -9 while H2 wrote a big file's transaction left its journal row with 489 of its 5,000 calls)
-- is found at the next start instead of becoming a silent duplicate. This index keeps that count cheap.
CREATE INDEX ix_call_record_file ON call_record (file_id);
