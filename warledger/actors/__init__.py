"""Actors: who is named in an Article, and who did what to whom.

Reads an `Article` (and an `Analysis` for roles); writes `ActorMention`s, and the
cast of an event (actor 1, actor 2 and their associates).

    dictionary   names normalized to the actor dictionary (ACLED names, inter codes);
                 the user's own dictionary travels in `Settings.actors`
    roles        perpetrator and target from the parse, the headline and the claims
"""
