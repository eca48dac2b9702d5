-- Issue 14: the UsageId is stored as a uuid key (call_record.usage_key, with the carrier's text in usage_text when it
-- is not a GUID) and ledger rows reference their call by call_no. These two views show the UsageId as text again,
-- for operators' ad hoc queries and for tests; the hub's own queries read the tables.
CREATE VIEW call_view AS
SELECT c.*, COALESCE(c.usage_text, CAST(c.usage_key AS varchar(36))) AS usage_id
FROM call_record c;

CREATE VIEW ledger_view AS
SELECT e.*, COALESCE(c.usage_text, CAST(c.usage_key AS varchar(36))) AS usage_id,
  COALESCE(k.usage_text, CAST(k.usage_key AS varchar(36))) AS corrected_usage_id
FROM ledger_entry e
LEFT JOIN call_record c ON c.call_no = e.call_no
LEFT JOIN call_record k ON k.call_no = e.corrected_call_no;
