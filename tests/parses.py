"""Hand-built parses for rule tests: a Doc from its text and a CoNLL-U-like table, so
that a model change cannot shift what a rule test sees.

One token a line: id, word, coarse tag, fine tag, head id (0 for a sentence root),
dependency label and an optional entity type.
"""

from __future__ import annotations

from spacy.lang.en import English
from spacy.tokens import Doc

VOCAB = English().vocab  # a blank pipeline's vocabulary (lower case, punctuation): no model


def build(text: str, table: str) -> Doc:
    """A parsed Doc of ``text`` whose tokens, tags, tree and entities the table gives."""
    rows = [line.split() for line in table.strip().splitlines()]
    assert [int(r[0]) for r in rows] == list(range(1, len(rows) + 1)), "ids run 1, 2, 3 ..."
    words = [r[1] for r in rows]
    spaces, at = [], 0
    for word in words:
        at = text.index(word, at) + len(word)
        spaces.append(text[at : at + 1] == " ")
    heads = [int(r[4]) - 1 if r[4] != "0" else i for i, r in enumerate(rows)]
    ents, previous = [], "O"
    for r in rows:
        kind = r[6] if len(r) > 6 else "O"
        ents.append("O" if kind == "O" else ("I-" if previous == kind else "B-") + kind)
        previous = kind
    doc = Doc(VOCAB, words=words, spaces=spaces, pos=[r[2] for r in rows],
              tags=[r[3] for r in rows], heads=heads, deps=[r[5] for r in rows],
              lemmas=[w.lower() for w in words], ents=ents)  # fmt: skip
    assert doc.text == text, "the table's words must spell the text"
    return doc
