"""Events: one article's analysis to events in ACLED's taxonomy.

Reads an `Analysis` (times, places, actors, claims); writes `Event`s with type,
date, place, actors, fatalities and contradictions.

    build        the event of an article: fields from the stages before, notes
    classify     event type and sub-event type (rules as a table, `RULES`)
    reconcile    fatality figures from the claims: ACLED's rule, UCDP's low/best/high,
                 contradictions between credible sources
"""
