"""Text: a Document's article text, and what the language model and dates make of it.

Reads `Document`s; writes `Article`s (text, a same-length NLP view, body, metadata),
spaCy `Doc`s and `TimeExpr`s. Offsets never move: what is removed is blanked.

    extract      HTML (trafilatura, htmldate) or plain text to an Article
    boilerplate  plain text and markdown: site chrome, bylines, disclaimers, cross-posts
    markdown     markdown syntax in a line: masked, blanked, stripped
    nlp          the spaCy model, loaded once per process; parse and parse_many
    dates        time expressions resolved against the publication date
"""
