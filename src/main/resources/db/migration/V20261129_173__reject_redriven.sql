-- Issue 17, item 5: a CDR row rejected for want of a rate is re-driven once a rate for it arrives. The row is
-- copied from the archived file into a new file in the inbox; redriven_to names that file, so a row is re-driven once.
ALTER TABLE intake_reject ADD COLUMN redriven_to varchar(500);
