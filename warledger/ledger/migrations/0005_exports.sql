-- warledger store schema, version 5: what exports and Datasette need (issue 19).
-- removed_events: the ledger events removed since (merged into another event, or gone with
--   the article that owned them), with when and their members, so that an incremental
--   export can list them (`warledger export --what deletions`). A trigger records every
--   deleted event; an event saved again under the same id (an update) is no longer removed.
-- articles_fts, claims_fts: full-text indexes (FTS5, external content: the text is not
--   stored again) over article titles and bodies and claim contents, speakers and subjects,
--   kept in step by triggers. Claims are written as upserts (their rowid stays).
-- event_claims.claim_id now references claims (a claim deleted with its article leaves the
--   events it belonged to), so that Datasette links claims and events through it.
-- Each trigger is written on one line: a migration splits on ';' at the end of a line.
-- Every statement can run again (IF NOT EXISTS): a store marked older is upgraded anew.

CREATE TABLE IF NOT EXISTS removed_events (
    event_id TEXT PRIMARY KEY,
    removed_at TEXT NOT NULL,
    iso3 TEXT,
    members TEXT NOT NULL DEFAULT '[]'
);

CREATE INDEX IF NOT EXISTS removed_events_at ON removed_events(removed_at);

CREATE TRIGGER IF NOT EXISTS events_removed AFTER DELETE ON events BEGIN INSERT OR REPLACE INTO removed_events (event_id, removed_at, iso3, members) VALUES (OLD.event_id, strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'), OLD.iso3, OLD.members); END;

CREATE TRIGGER IF NOT EXISTS events_saved AFTER INSERT ON events BEGIN DELETE FROM removed_events WHERE event_id = NEW.event_id; END;

CREATE INDEX IF NOT EXISTS events_created ON events(created_at);

CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(title, body, content="articles", content_rowid="rowid");

CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN INSERT INTO articles_fts (rowid, title, body) VALUES (NEW.rowid, NEW.title, NEW.body); END;

CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', OLD.rowid, OLD.title, OLD.body); END;

CREATE TRIGGER IF NOT EXISTS articles_fts_update AFTER UPDATE OF title, body ON articles BEGIN INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', OLD.rowid, OLD.title, OLD.body); INSERT INTO articles_fts (rowid, title, body) VALUES (NEW.rowid, NEW.title, NEW.body); END;

INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE IF NOT EXISTS claims_fts USING fts5(content, speaker, subject, content="claims", content_rowid="rowid");

CREATE TRIGGER IF NOT EXISTS claims_fts_insert AFTER INSERT ON claims BEGIN INSERT INTO claims_fts (rowid, content, speaker, subject) VALUES (NEW.rowid, NEW.content, NEW.speaker, NEW.subject); END;

CREATE TRIGGER IF NOT EXISTS claims_fts_delete AFTER DELETE ON claims BEGIN INSERT INTO claims_fts (claims_fts, rowid, content, speaker, subject) VALUES ('delete', OLD.rowid, OLD.content, OLD.speaker, OLD.subject); END;

CREATE TRIGGER IF NOT EXISTS claims_fts_update AFTER UPDATE OF content, speaker, subject ON claims BEGIN INSERT INTO claims_fts (claims_fts, rowid, content, speaker, subject) VALUES ('delete', OLD.rowid, OLD.content, OLD.speaker, OLD.subject); INSERT INTO claims_fts (rowid, content, speaker, subject) VALUES (NEW.rowid, NEW.content, NEW.speaker, NEW.subject); END;

INSERT INTO claims_fts (claims_fts) VALUES ('rebuild');

CREATE TABLE IF NOT EXISTS event_claims_new (
    event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    claim_id TEXT NOT NULL REFERENCES claims(claim_id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, position));

INSERT INTO event_claims_new SELECT l.event_id, l.position, l.claim_id FROM event_claims l JOIN claims c ON c.claim_id = l.claim_id;

DROP TABLE event_claims;

ALTER TABLE event_claims_new RENAME TO event_claims;

CREATE INDEX IF NOT EXISTS event_claims_claim ON event_claims(claim_id);
