-- warledger store schema, version 8: the web map's and timeline's summaries (issue 18).
-- map_zooms: the cluster grid of each zoom level (cells of 45 / 2^zoom degrees, anchored
--   at -180, -90), as warledger.web.mapdata computes it.
-- event_cells: per zoom level, grid cell and event type, the count of located events,
--   their fatalities and the sums of their coordinates and of their squares (the mean and
--   the spread of a cluster); event_days: per day, events and fatalities. Both count the
--   events of the default filter (those an analyst rejected left out, as in the lists) and
--   are kept in step by triggers on events: an insert, a delete, and an update of a
--   counted column (a review's correction or rejection: old row out, new row in), so that
--   the map and the timeline of the whole ledger read a few rows instead of every event
--   (filtered views still read the events).
-- events_map: a covering index of what the filtered map and timeline read.
-- events_country: the countries of the filter's list without reading every event.
-- articles_rejected: counting kept articles without reading their text.
-- Each trigger is written on one line: a migration splits on ';' at the end of a line.
-- Every statement can run again (IF NOT EXISTS; triggers dropped and made anew): a store
--   marked older is upgraded anew.

CREATE TABLE IF NOT EXISTS map_zooms (zoom INTEGER PRIMARY KEY, cell REAL NOT NULL);

INSERT OR IGNORE INTO map_zooms (zoom, cell) VALUES (0, 45.0), (1, 22.5), (2, 11.25), (3, 5.625), (4, 2.8125), (5, 1.40625), (6, 0.703125), (7, 0.3515625), (8, 0.17578125), (9, 0.087890625), (10, 0.0439453125), (11, 0.02197265625), (12, 0.010986328125), (13, 0.0054931640625), (14, 0.00274658203125), (15, 0.001373291015625), (16, 0.0006866455078125);

CREATE TABLE IF NOT EXISTS event_cells (
    zoom INTEGER NOT NULL, gx INTEGER NOT NULL, gy INTEGER NOT NULL, event_type TEXT NOT NULL,
    n INTEGER NOT NULL, fatalities INTEGER NOT NULL, sum_lon REAL NOT NULL,
    sum_lat REAL NOT NULL, sum_lon2 REAL NOT NULL, sum_lat2 REAL NOT NULL,
    PRIMARY KEY (zoom, gx, gy, event_type)) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS event_days (
    day TEXT PRIMARY KEY, n INTEGER NOT NULL, fatalities INTEGER NOT NULL) WITHOUT ROWID;

CREATE INDEX IF NOT EXISTS events_map ON events(longitude, latitude, event_type, fatalities, event_date);

CREATE INDEX IF NOT EXISTS events_country ON events(country);

CREATE INDEX IF NOT EXISTS articles_rejected ON articles(rejected_reason);

DROP TRIGGER IF EXISTS events_cells_insert;

DROP TRIGGER IF EXISTS events_cells_delete;

DROP TRIGGER IF EXISTS events_cells_update_old;

DROP TRIGGER IF EXISTS events_cells_update_new;

DROP TRIGGER IF EXISTS events_days_insert;

DROP TRIGGER IF EXISTS events_days_delete;

DROP TRIGGER IF EXISTS events_days_update_old;

DROP TRIGGER IF EXISTS events_days_update_new;

CREATE TRIGGER events_cells_insert AFTER INSERT ON events WHEN NEW.longitude IS NOT NULL AND NEW.latitude IS NOT NULL AND NEW.review_status IS NOT 'rejected' BEGIN INSERT INTO event_cells (zoom, gx, gy, event_type, n, fatalities, sum_lon, sum_lat, sum_lon2, sum_lat2) SELECT zoom, CAST((NEW.longitude + 180.0) / cell AS INTEGER), CAST((NEW.latitude + 90.0) / cell AS INTEGER), NEW.event_type, 1, NEW.fatalities, NEW.longitude, NEW.latitude, NEW.longitude * NEW.longitude, NEW.latitude * NEW.latitude FROM map_zooms WHERE true ON CONFLICT (zoom, gx, gy, event_type) DO UPDATE SET n = n + 1, fatalities = fatalities + excluded.fatalities, sum_lon = sum_lon + excluded.sum_lon, sum_lat = sum_lat + excluded.sum_lat, sum_lon2 = sum_lon2 + excluded.sum_lon2, sum_lat2 = sum_lat2 + excluded.sum_lat2; END;

CREATE TRIGGER events_cells_delete AFTER DELETE ON events WHEN OLD.longitude IS NOT NULL AND OLD.latitude IS NOT NULL AND OLD.review_status IS NOT 'rejected' BEGIN UPDATE event_cells SET n = n - 1, fatalities = fatalities - OLD.fatalities, sum_lon = sum_lon - OLD.longitude, sum_lat = sum_lat - OLD.latitude, sum_lon2 = sum_lon2 - OLD.longitude * OLD.longitude, sum_lat2 = sum_lat2 - OLD.latitude * OLD.latitude WHERE event_type = OLD.event_type AND (zoom, gx, gy) IN (SELECT zoom, CAST((OLD.longitude + 180.0) / cell AS INTEGER), CAST((OLD.latitude + 90.0) / cell AS INTEGER) FROM map_zooms); DELETE FROM event_cells WHERE n <= 0 AND event_type = OLD.event_type AND (zoom, gx, gy) IN (SELECT zoom, CAST((OLD.longitude + 180.0) / cell AS INTEGER), CAST((OLD.latitude + 90.0) / cell AS INTEGER) FROM map_zooms); END;

CREATE TRIGGER events_cells_update_old AFTER UPDATE OF longitude, latitude, event_type, fatalities, review_status ON events WHEN OLD.longitude IS NOT NULL AND OLD.latitude IS NOT NULL AND OLD.review_status IS NOT 'rejected' BEGIN UPDATE event_cells SET n = n - 1, fatalities = fatalities - OLD.fatalities, sum_lon = sum_lon - OLD.longitude, sum_lat = sum_lat - OLD.latitude, sum_lon2 = sum_lon2 - OLD.longitude * OLD.longitude, sum_lat2 = sum_lat2 - OLD.latitude * OLD.latitude WHERE event_type = OLD.event_type AND (zoom, gx, gy) IN (SELECT zoom, CAST((OLD.longitude + 180.0) / cell AS INTEGER), CAST((OLD.latitude + 90.0) / cell AS INTEGER) FROM map_zooms); DELETE FROM event_cells WHERE n <= 0 AND event_type = OLD.event_type AND (zoom, gx, gy) IN (SELECT zoom, CAST((OLD.longitude + 180.0) / cell AS INTEGER), CAST((OLD.latitude + 90.0) / cell AS INTEGER) FROM map_zooms); END;

CREATE TRIGGER events_cells_update_new AFTER UPDATE OF longitude, latitude, event_type, fatalities, review_status ON events WHEN NEW.longitude IS NOT NULL AND NEW.latitude IS NOT NULL AND NEW.review_status IS NOT 'rejected' BEGIN INSERT INTO event_cells (zoom, gx, gy, event_type, n, fatalities, sum_lon, sum_lat, sum_lon2, sum_lat2) SELECT zoom, CAST((NEW.longitude + 180.0) / cell AS INTEGER), CAST((NEW.latitude + 90.0) / cell AS INTEGER), NEW.event_type, 1, NEW.fatalities, NEW.longitude, NEW.latitude, NEW.longitude * NEW.longitude, NEW.latitude * NEW.latitude FROM map_zooms WHERE true ON CONFLICT (zoom, gx, gy, event_type) DO UPDATE SET n = n + 1, fatalities = fatalities + excluded.fatalities, sum_lon = sum_lon + excluded.sum_lon, sum_lat = sum_lat + excluded.sum_lat, sum_lon2 = sum_lon2 + excluded.sum_lon2, sum_lat2 = sum_lat2 + excluded.sum_lat2; END;

CREATE TRIGGER events_days_insert AFTER INSERT ON events WHEN NEW.event_date IS NOT NULL AND NEW.review_status IS NOT 'rejected' BEGIN INSERT INTO event_days (day, n, fatalities) VALUES (substr(NEW.event_date, 1, 10), 1, NEW.fatalities) ON CONFLICT (day) DO UPDATE SET n = n + 1, fatalities = fatalities + excluded.fatalities; END;

CREATE TRIGGER events_days_delete AFTER DELETE ON events WHEN OLD.event_date IS NOT NULL AND OLD.review_status IS NOT 'rejected' BEGIN UPDATE event_days SET n = n - 1, fatalities = fatalities - OLD.fatalities WHERE day = substr(OLD.event_date, 1, 10); DELETE FROM event_days WHERE day = substr(OLD.event_date, 1, 10) AND n <= 0; END;

CREATE TRIGGER events_days_update_old AFTER UPDATE OF event_date, fatalities, review_status ON events WHEN OLD.event_date IS NOT NULL AND OLD.review_status IS NOT 'rejected' BEGIN UPDATE event_days SET n = n - 1, fatalities = fatalities - OLD.fatalities WHERE day = substr(OLD.event_date, 1, 10); DELETE FROM event_days WHERE day = substr(OLD.event_date, 1, 10) AND n <= 0; END;

CREATE TRIGGER events_days_update_new AFTER UPDATE OF event_date, fatalities, review_status ON events WHEN NEW.event_date IS NOT NULL AND NEW.review_status IS NOT 'rejected' BEGIN INSERT INTO event_days (day, n, fatalities) VALUES (substr(NEW.event_date, 1, 10), 1, NEW.fatalities) ON CONFLICT (day) DO UPDATE SET n = n + 1, fatalities = fatalities + excluded.fatalities; END;

DELETE FROM event_cells;

INSERT INTO event_cells (zoom, gx, gy, event_type, n, fatalities, sum_lon, sum_lat, sum_lon2, sum_lat2) SELECT zoom, CAST((longitude + 180.0) / cell AS INTEGER) AS gx, CAST((latitude + 90.0) / cell AS INTEGER) AS gy, event_type, count(*), sum(fatalities), sum(longitude), sum(latitude), sum(longitude * longitude), sum(latitude * latitude) FROM events, map_zooms WHERE longitude IS NOT NULL AND latitude IS NOT NULL AND review_status IS NOT 'rejected' GROUP BY zoom, gx, gy, event_type;

DELETE FROM event_days;

INSERT INTO event_days (day, n, fatalities) SELECT substr(event_date, 1, 10) AS day, count(*), sum(fatalities) FROM events WHERE event_date IS NOT NULL AND review_status IS NOT 'rejected' GROUP BY day;
