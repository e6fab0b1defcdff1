"""Ledger: analyses stored, linked across articles, and written out.

Reads `Analysis` records (from the pipeline) and the store; writes the SQLite store
and the exports.

    store        SQLite (WAL, numbered migrations in migrations/), one transaction per
                 document; rows <-> records in `rows`, linking tables in `link_tables`
    link         the writer's commit: save, mark syndicated copies, merge reports
    syndication  near-duplicate copies (MinHash/LSH over word shingles)
    merge        which reports are of the same event, and the merged ledger event
    explain      why a ledger event's reports were merged, and which were not
    export       JSONL, CSV (ACLED's columns), GeoJSON, Parquet; incremental selections
    acled        ACLED's export format (columns, codes, regions, source scales)
    ged          UCDP GED's format (columns, type of violence, deaths by side)
    datasette    the Datasette metadata of a store (internal tables hidden)
"""
