-- warledger store schema: an analyst's review of the ledger events (issue 18).
-- reviews: append-only, one row per decision: what (action: confirm | correct | reject |
--   split | merge), on which event, the field and its old and new value (a correction;
--   for split and merge, the event ids involved), the reason, who (given at start-up)
--   and when. No foreign key: a review outlives the event row it was made on (a merge
--   removes one of its events); other_event_id: the other event of a split or a merge.
--   Triggers refuse every UPDATE and DELETE.
-- An event with a review is pinned: linking never re-merges it, joins a later report to
--   it or splits it (warledger.ledger.link); the row keeps the analyst's values.
-- events.review_status: the latest decision (confirmed, corrected, rejected, split,
--   merged) or null; events.machine_values: JSON object, the machine's value of every
--   corrected field (the row holds the corrected one).
-- Each trigger is written on one line: a migration splits on ';' at the end of a line.

CREATE TABLE IF NOT EXISTS reviews (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('confirm', 'correct', 'reject', 'split', 'merge')),
    field TEXT,
    old_value TEXT,
    new_value TEXT,
    reason TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    created_at TEXT NOT NULL,
    other_event_id TEXT
);

CREATE INDEX IF NOT EXISTS reviews_event ON reviews(event_id, id);

CREATE TRIGGER IF NOT EXISTS reviews_no_update BEFORE UPDATE ON reviews BEGIN SELECT RAISE(ABORT, 'reviews are append-only: a decision is never changed, add a new one'); END;

CREATE TRIGGER IF NOT EXISTS reviews_no_delete BEFORE DELETE ON reviews BEGIN SELECT RAISE(ABORT, 'reviews are append-only: a decision is never deleted, add a new one'); END;

ALTER TABLE events ADD COLUMN review_status TEXT;

ALTER TABLE events ADD COLUMN machine_values TEXT NOT NULL DEFAULT '{}';

CREATE INDEX IF NOT EXISTS events_reviewed ON events(review_status) WHERE review_status IS NOT NULL;
