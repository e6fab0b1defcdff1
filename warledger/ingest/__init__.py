"""Ingest: command-line inputs to Documents, or Rejections with their reason.

Reads files, folders, JSONL (a file or stdin) and WARC archives, lazily, one
document at a time (`readers.read_inputs`); a document's content hash is
computed once, on the `Document`. Writes nothing.

    readers   files, folders, JSONL records, one document for the one-document commands
    warc      WARC archives: one Document per HTML response record
    values    bytes to checked text, dates to YYYY-MM-DD; the size limit
"""
