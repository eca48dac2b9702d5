-- DOMAIN rule 9 (issue 12): a month's books are what was posted in it, and a past month's report never changes.
-- book_month (yyyy-MM, UTC) is the month whose books an entry (or a lot's purchase) belongs to, decided when it is
-- posted: the month of its business time, unless that month's books are already closed (then the month of posting),
-- and never before the month of a lot that paid it (so no month's balance is negative). Null on rows posted before
-- this migration: their month is the month of occurred_at / purchased_at.
ALTER TABLE ledger_entry ADD COLUMN book_month char(7);
ALTER TABLE lot ADD COLUMN book_month char(7);

-- A month whose books are closed: its report was made after it ended. Closing a month closes every earlier one.
CREATE TABLE book_close (
    org_id                 varchar(64)    NOT NULL,
    book_month             char(7)        NOT NULL,
    closed_at              timestamp with time zone NOT NULL,
    CONSTRAINT pk_book_close PRIMARY KEY (org_id, book_month)
);
