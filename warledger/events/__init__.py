"""Events: one article's analysis to events in ACLED's taxonomy, one per incident.

Reads an `Analysis` (times, places, actors, claims, the parse); writes `Event`s with
type, date, place, actors, fatalities and contradictions, and each claim's event id.

    incidents    the incidents a report tells of: evidence, background, one incident
                 per paragraph and province, news or a mention in passing
    build        the event of each incident, from its own slice of the analysis
    classify     event type and sub-event type (rules as a table, `RULES`)
    estimates    what a claim counts; which claims estimate a victim group's toll
    reconcile    fatality figures from the claims: ACLED's rule, UCDP's low/best/high,
                 one dispute line per victim group
"""
