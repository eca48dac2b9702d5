-- Keep every column of the Teams PSTN usage report on the call, for the finance workbook's Calls sheet.
ALTER TABLE call_record ADD COLUMN conference_id varchar(100);
ALTER TABLE call_record ADD COLUMN user_location varchar(8);
