-- warledger store schema, version 2: syndication and cross-article event merging (issue 6).
-- articles.minhash: the body's MinHash signature (128 uint64, little-endian), so new
--   articles are compared with stored ones without reprocessing them.
-- articles.mentions: JSON list of the article's own events as analysed (the "reports"
--   that ledger events are merged from), each with its claim_ids and date_relative.
-- articles.syndication: why the article is a copy of `syndicated_from` (null otherwise).
-- events.members: JSON list of [article_id, report event_id] merged into this ledger
--   event ('[]' for an event saved without linking); span_start/span_end: the dates
--   its reports cover (null when none of them can be merged), for candidate queries.

ALTER TABLE articles ADD COLUMN minhash BLOB;

ALTER TABLE articles ADD COLUMN mentions TEXT NOT NULL DEFAULT '[]';

ALTER TABLE articles ADD COLUMN syndication TEXT;

ALTER TABLE events ADD COLUMN members TEXT NOT NULL DEFAULT '[]';

ALTER TABLE events ADD COLUMN span_start TEXT;

ALTER TABLE events ADD COLUMN span_end TEXT;

CREATE INDEX articles_syndicated_from ON articles(syndicated_from);

CREATE INDEX events_span ON events(country, span_start);
