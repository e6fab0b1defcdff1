"""The English words the toponym rules (`warledger.geo.toponyms`) read around a name.

Rules as data: each set is what one rule looks for, named for that rule. All are
lowercase and matched against a token's lowercased text (or a folded name).
"""

from __future__ import annotations

# 'rebel-held east Aleppo', 'northern Idlib': a name after these is placed like 'in X'
AREA_WORDS = {"east", "west", "north", "south", "eastern", "western", "northern", "southern",
              "central", "northeastern", "northwestern", "southeastern", "southwestern",
              "besieged", "rebel-held", "government-held", "opposition-held", "regime-held",
              "militant-held", "is-held", "isis-held", "held", "downtown", "rural", "greater"}
# 'in X', 'near X': a capitalized name after these may be a place the model missed
LOCATIVE = {"in", "near", "at", "outside", "from", "to", "into", "around", "across", "of"}
# 'near Lashkar Gah': a name after these is a place even when the model says PERSON
NEAR_WORDS = {"near", "outside", "around", "in"}
# 'Aleppo residents': a name before these may be a place the model missed
LOCAL_NOUNS = {"man", "woman", "men", "women", "police", "area", "resident", "residents",
               "native", "officials", "authorities", "mayor", "council"}
# 'Helmand province', 'Sangin district': the admin level a name after or before asks for
ADMIN1_WORDS = {"province", "governorate", "state", "region", "oblast", "prefecture"}
ADMIN2_WORDS = {"county", "district", "parish", "municipality", "borough"}
# 'the countryside of Hama', 'Hama's eastern countryside', 'rural Idlib', 'the province of
# Idlib': the first-level area named by its capital (ACLED: the admin1, geo_precision 3)
COUNTRYSIDE_WORDS = {"countryside"}  # after a name, or before 'of <name>'
AREA_OF_WORDS = {"countryside", "province", "governorate"}  # '<word> of <name>'
RURAL_WORDS = {"rural"}  # '<word> <name>'
DIRECTIONS = {"east", "west", "north", "south", "eastern", "western", "northern", "southern",
              "northeastern", "northwestern", "southeastern", "southwestern", "central"}
# 'the Syrian city Aleppo': a name after these is a settlement
CITY_WORDS = {"town", "city", "village", "suburb", "neighbourhood", "neighborhood"}
# Folded names that are never places, whatever the model or the gazetteer says.
NOT_PLACES = {
    "islamic state", "isis", "isil", "daesh", "coalition", "the coalition", "regime",
    "middle east", "the middle east", "north africa", "west", "the west", "east", "north",
    "south", "internet", "earth", "god", "sdf", "white house", "the white house",
    # months and weekdays ('in March'): the gazetteer has towns of these names
    "january", "february", "march", "april", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday",
}
# ... nor is a word for a kind of place, alone ('Damascus and its Countryside' in a headline
# is no Countryside, Virginia)
NOT_PLACES |= COUNTRYSIDE_WORDS | CITY_WORDS | {"province", "governorate", "district",
                                               "outskirts", "suburbs"}
# 'Union Police', 'Liberty University': words opening or closing organisations' names
# that are also (small) places' names, so no place is read there.
ORG_WORDS = {"union", "liberty", "independence", "commerce", "university", "state", "national",
             "federal", "central", "general", "justice", "mission", "paradise", "enterprise",
             "progress", "unity", "republic", "security", "health", "victory", "hope", "grace",
             "energy", "heritage", "reading", "wells", "fargo", "news", "post", "trust",
             "centre", "center", "institute", "foundation", "council", "world", "global"}
# 'a Palestine man', 'Athens Police': after a name, these make it a town's name (`local`),
# not the country's or the state's of that name
LOCAL_WORDS = {"man", "woman", "men", "women", "boy", "girl", "teen", "resident", "residents",
               "native", "police", "council", "school", "schools", "library", "hospital",
               "fire", "township", "high", "elementary", "middle", "mayor", "city", "civic",
               "independent", "public", "municipal", "downtown", "chamber", "church"}
# '400 S. Locust St., Lebanon': a name after '<street word>,' is a town
STREET_WORDS = {"st", "ave", "rd", "road", "street", "avenue", "drive", "dr", "lane", "blvd",
                "highway", "hwy", "way", "court", "ct", "pl", "place"}
# 'Webb Center', 'Glacier Ridge', 'Grand Avenue': a name before these (or a street word) is
# not narrowed to the place it is named after (`toponyms.narrow`)
NAMESAKE_WORDS = STREET_WORDS | {"boulevard", "center", "centre", "ridge", "creek", "hills",
                                 "valley", "stadium", "memorial", "park", "square", "mall",
                                 "building", "tower", "hotel", "inn", "bridge", "station"}
