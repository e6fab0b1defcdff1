-- warledger store schema, version 7: what the web pages' searches need (issue 18).
-- event_articles: the source articles of each event (the article_ids of events.sources), so
--   that a word found by the full-text index of article titles and bodies (articles_fts)
--   leads to its events through an index. Kept in step by triggers (an event saved again is
--   deleted and inserted; its rows go with it: ON DELETE CASCADE); filled here for the events
--   already stored. No reference to articles: an event may cite an article stored later.
-- claims_speaker, articles_publisher, articles_original_publisher: a speaker's or an outlet's
--   page finds its claims by an index (names compared with case ignored).
-- Each trigger is written on one line: a migration splits on ';' at the end of a line.

CREATE TABLE IF NOT EXISTS event_articles (
    event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
    article_id TEXT NOT NULL,
    PRIMARY KEY (event_id, article_id)
) WITHOUT ROWID;

CREATE INDEX IF NOT EXISTS event_articles_article ON event_articles(article_id);

CREATE TRIGGER IF NOT EXISTS event_articles_insert AFTER INSERT ON events BEGIN INSERT OR IGNORE INTO event_articles (event_id, article_id) SELECT NEW.event_id, json_extract(s.value, '$.article_id') FROM json_each(NEW.sources) s WHERE json_extract(s.value, '$.article_id') IS NOT NULL; END;

CREATE TRIGGER IF NOT EXISTS event_articles_update AFTER UPDATE OF sources ON events BEGIN DELETE FROM event_articles WHERE event_id = NEW.event_id; INSERT OR IGNORE INTO event_articles (event_id, article_id) SELECT NEW.event_id, json_extract(s.value, '$.article_id') FROM json_each(NEW.sources) s WHERE json_extract(s.value, '$.article_id') IS NOT NULL; END;

INSERT OR IGNORE INTO event_articles (event_id, article_id) SELECT e.event_id, json_extract(s.value, '$.article_id') FROM events e, json_each(e.sources) s WHERE json_extract(s.value, '$.article_id') IS NOT NULL;

CREATE INDEX IF NOT EXISTS claims_speaker ON claims(speaker COLLATE NOCASE);

CREATE INDEX IF NOT EXISTS articles_publisher ON articles(publisher COLLATE NOCASE);

CREATE INDEX IF NOT EXISTS articles_original_publisher ON articles(original_publisher COLLATE NOCASE);
