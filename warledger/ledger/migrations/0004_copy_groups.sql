-- warledger store schema, version 4: copy-group membership, so that linking a copy reads a
-- bounded part of its group (issue 16).
-- copy_members: one row per linked article: the original of its copy group (itself when it
--   is the original or has no copies) and its sort_key, "published<TAB>cross-post 0|1<TAB>
--   article_id" (the original is the member with the least key; no published: '9999').
--   representative = 1 for the REPRESENTATIVES members with the least keys: only they keep
--   their LSH bands, so a new article finds and compares at most that many members of a group.
-- Articles linked before this version get their row when they are next found as a candidate.

CREATE TABLE copy_members (
    article_id TEXT PRIMARY KEY REFERENCES articles(article_id) ON DELETE CASCADE,
    original_id TEXT NOT NULL,
    sort_key TEXT NOT NULL,
    representative INTEGER NOT NULL
);

CREATE INDEX copy_members_group ON copy_members(original_id, representative, sort_key);
