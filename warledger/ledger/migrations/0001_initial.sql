-- warledger store schema, version 1 (PRAGMA user_version = 1).
-- One statement per block, ending with ';' at the end of a line; never edit a
-- released migration: add 0002_*.sql instead.
-- owner_id: the article whose analysis saved the row (re-saving it replaces them).
-- events.contradictions: JSON list of strings; events.sources: JSON list of
-- {article_id, url, publisher, original_publisher, published, title}.
-- event_claims: Event.claims, in order (claims are joined on claim_id).

CREATE TABLE articles (
    article_id TEXT PRIMARY KEY, text TEXT NOT NULL, nlp_text TEXT NOT NULL,
    body TEXT NOT NULL, url TEXT, title TEXT, publisher TEXT, original_publisher TEXT,
    published TEXT, byline TEXT, language TEXT, syndicated_from TEXT,
    rejected_reason TEXT, source TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL);

CREATE INDEX articles_published ON articles(published);

CREATE TABLE rejections (
    id INTEGER PRIMARY KEY, source TEXT NOT NULL, reason TEXT NOT NULL,
    article_id TEXT, content_hash TEXT, created_at TEXT NOT NULL,
    UNIQUE (source, reason));

CREATE TABLE places (
    article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
    text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    name TEXT NOT NULL, geonameid INTEGER, latitude REAL, longitude REAL,
    country_code TEXT, country TEXT, admin1 TEXT, admin2 TEXT,
    feature_class TEXT NOT NULL, score REAL NOT NULL, feature_code TEXT NOT NULL,
    UNIQUE (article_id, start, "end"));

CREATE TABLE claims (
    claim_id TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
    article_id TEXT NOT NULL, kind TEXT NOT NULL, speaker TEXT NOT NULL,
    speaker_type TEXT NOT NULL, anonymous INTEGER NOT NULL, cue TEXT NOT NULL,
    content TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    source_start INTEGER NOT NULL, source_end INTEGER NOT NULL,
    cue_start INTEGER NOT NULL, cue_end INTEGER NOT NULL,
    content_start INTEGER NOT NULL, content_end INTEGER NOT NULL,
    value_low INTEGER, value_high INTEGER, qualifier TEXT, subject TEXT,
    event_id TEXT, quantity_text TEXT, quantity_start INTEGER, quantity_end INTEGER);

CREATE INDEX claims_owner ON claims(owner_id);

CREATE INDEX claims_article ON claims(article_id);

CREATE TABLE events (
    event_id TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
    event_date TEXT, date_precision TEXT NOT NULL, event_type TEXT NOT NULL,
    sub_event_type TEXT NOT NULL, actor1 TEXT, assoc_actor_1 TEXT, inter1 TEXT,
    actor2 TEXT, assoc_actor_2 TEXT, inter2 TEXT, interaction TEXT, country TEXT,
    iso3 TEXT, admin1 TEXT, admin2 TEXT, location TEXT, latitude REAL,
    longitude REAL, geo_precision INTEGER NOT NULL, geonameid INTEGER,
    fatalities INTEGER NOT NULL, fatalities_low INTEGER, fatalities_best INTEGER,
    fatalities_high INTEGER, injuries_low INTEGER, injuries_high INTEGER,
    contradiction INTEGER NOT NULL, contradictions TEXT NOT NULL,
    sources TEXT NOT NULL, num_articles INTEGER NOT NULL,
    num_sources INTEGER NOT NULL, notes TEXT NOT NULL, created_at TEXT NOT NULL);

CREATE INDEX events_owner ON events(owner_id);

CREATE INDEX events_date ON events(event_date);

CREATE TABLE event_claims (
    event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
    position INTEGER NOT NULL, claim_id TEXT NOT NULL,
    PRIMARY KEY (event_id, position));

CREATE INDEX event_claims_claim ON event_claims(claim_id);

CREATE TABLE runs (
    run_id INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT,
    counts TEXT);
