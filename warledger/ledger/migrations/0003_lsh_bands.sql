-- warledger store schema, version 3: the LSH index of the MinHash signatures, in the store.
-- One row per (band, bucket) of each article's signature, so that finding the candidate
-- copies of a new article is an indexed lookup and the writer's memory does not grow
-- with the corpus. The bands of the articles already stored are added when they are
-- next linked (articles stored before this version have no bands).

CREATE TABLE lsh_bands (
    band INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE
);

CREATE INDEX lsh_bands_bucket ON lsh_bands(band, bucket);

CREATE INDEX lsh_bands_article ON lsh_bands(article_id);
