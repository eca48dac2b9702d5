-- Report emails carry the workbook as an attachment: the file is read when the email is sent.
ALTER TABLE email_outbox ADD COLUMN attachment_path varchar(1000);
ALTER TABLE email_outbox ADD COLUMN attachment_name varchar(300);
