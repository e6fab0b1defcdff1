"""Places stage, gazetteer and geoparsing evaluation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from warledger.evaluation import geoparsing
from warledger.geo import gazetteer, places, toponyms
from warledger.geo.gazetteer import Candidate, fold, skeleton
from warledger.geo.places import Context, best_event_place, is_reference, resolve
from warledger.records import Article, PlaceMention

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
SEED = SHARED / "seed" / "seed-article.txt"


def _article(text: str) -> Article:
    return Article(article_id="t", text=text, nlp_text=text, body=text)


def _places(text: str) -> list[PlaceMention]:
    from warledger.text import nlp

    return places.find_places(_article(text), nlp.parse(text))


def _cand(name: str, cc: str, pop: int, code: str = "PPL", admin1: str = "X") -> Candidate:
    return Candidate(name, hash(name + cc) % 10**6, 0.0, 0.0, cc, cc, admin1, None,
                     "A" if code != "PPL" else "P", code, pop)


def _mention(name: str, code: str, cc: str, start: int, admin1: str = "X") -> PlaceMention:
    return PlaceMention("t", name, start, start + len(name), name, hash(name) % 10**6, 0.0, 0.0,
                        cc, cc, admin1, None, "P" if code == "PPL" else "A", 0.9, code)


# ---- no model, no gazetteer ---------------------------------------------------------
def test_fold_normalizes_diacritics_hyphens_and_quotes() -> None:
    assert fold("Khushām") == "khusham"
    assert fold("Deir ez-Zor") == "deir ez zor"
    assert fold("Dar‘ā") == fold("Dar'a") == "dara"


def test_skeleton_joins_transliterations() -> None:
    assert skeleton(fold("Deir Ezzor")) == skeleton(fold("Dayr az Zawr"))
    assert skeleton(fold("Idleb")) == skeleton(fold("Idlib"))
    assert skeleton(fold("Khasham")) == skeleton(fold("Khushām"))
    assert skeleton(fold("Aleppo")) != skeleton(fold("Homs"))


def test_country_context_beats_population() -> None:
    options = {("tripoli", "", ""): [(_cand("Tripoli", "LY", 1_150_000), 1.0),
                                     (_cand("Tripoli", "LB", 230_000), 1.0)]}
    alone = resolve(options, Context({}, {}, {}))
    assert alone[("tripoli", "", "")][0].country_code == "LY"
    in_lebanon = resolve(options, Context({"LB": 1.0}, {}, {}))
    assert in_lebanon[("tripoli", "", "")][0].country_code == "LB"


def test_province_keyword_picks_admin_area() -> None:
    cands = [(_cand("Idlib", "SY", 128_840), 1.0),
             (_cand("Idlib", "SY", 442_917, "ADM1"), 1.0)]
    bare = resolve({("idlib", "", ""): cands}, Context({}, {}, {}))
    assert bare[("idlib", "", "")][0].feature_code == "PPL"
    province = resolve({("idlib", "ADM1", ""): cands}, Context({}, {}, {}))
    assert province[("idlib", "ADM1", "")][0].feature_code == "ADM1"


def test_a_place_abroad_needs_its_country_in_the_document() -> None:
    """In a story about Syria, a big namesake in a country the text never names loses to the
    Syrian place; once the text names that country, population decides again."""
    cands = [(_cand("Tell Abyad", "US", 2_000_000), 1.0), (_cand("Tell Abyad", "SY", 5_000), 1.0)]
    key = ("tell abyad", "", "")
    syria = Context({"SY": 3.0}, {}, {})
    assert resolve({key: cands}, syria)[key][0].country_code == "SY"
    named = Context({"SY": 3.0, "US": 1.0}, {}, {})
    assert resolve({key: cands}, named)[key][0].country_code == "US"
    nothing = Context({}, {}, {})
    assert resolve({key: cands}, nothing)[key][0].country_code == "US"


def test_scores_are_in_unit_interval() -> None:
    cands = [(_cand("Springfield", "US", 10_000 * i), 0.85) for i in range(1, 5)]
    chosen = resolve({("springfield", "", ""): cands}, Context({}, {}, {}))
    assert list(chosen) == [("springfield", "", "")]
    cand, score = chosen[("springfield", "", "")]
    assert cand.population == 40_000  # the largest, all else equal
    assert 0.0 <= score <= 1.0


def test_best_event_place_prefers_specific_place_in_main_country() -> None:
    text = "Syria. Fighting near Khasham in Deir Ezzor province. Washington said. Syria."
    found = [
        _mention("Syria", "PCLI", "SY", 0),
        _mention("Khasham", "PPL", "SY", text.index("Khasham"), admin1="Deir"),
        _mention("Deir", "ADM1", "SY", text.index("Deir"), admin1="Deir"),
        _mention("Washington", "PPL", "US", text.index("Washington")),
        _mention("Syria", "PCLI", "SY", text.rindex("Syria")),
    ]
    best = best_event_place(found, text)
    assert best is not None and best.text == "Khasham"
    assert best_event_place([]) is None
    only_country = best_event_place(found[:1])
    assert only_country is not None and only_country.feature_code == "PCLI"


def test_geoparsing_readers_and_distance(tmp_path: Path) -> None:
    lgl = tmp_path / "lgl.xml"
    lgl.write_text(
        "<articles><article docid='1'><text>Rain in Paris.</text><toponyms><toponym>"
        "<start>8</start><end>13</end><phrase>Paris</phrase><gaztag geonameid='1'>"
        "<lat>48.85</lat><lon>2.35</lon></gaztag></toponym></toponyms></article></articles>",
        encoding="utf-8",
    )
    (doc,) = geoparsing.read_lgl(lgl)
    gold = doc.toponyms[0]
    assert doc.text[gold.start : gold.end] == gold.text == "Paris"
    assert geoparsing.haversine(48.85, 2.35, 51.51, -0.13) == pytest.approx(343, abs=3)
    assert geoparsing.haversine(10, 10, 10, 10) == 0.0


def test_best_event_place_never_picks_a_demonym_and_prefers_the_supported_province() -> None:
    text = ("Syrian jets hit Aleppo. Shelling in Raqqa and near Tabqa, Raqqa province, "
            "Syrian media said.")
    found = [
        _mention("Syrian", "PCLI", "SY", 0, admin1=""),
        _mention("Aleppo", "PPL", "SY", text.index("Aleppo"), admin1="Aleppo"),
        _mention("Raqqa", "PPL", "SY", text.index("Raqqa"), admin1="Raqqa"),
        _mention("Tabqa", "PPL", "SY", text.index("Tabqa"), admin1="Raqqa"),
        _mention("Raqqa province", "ADM1", "SY", text.index("Raqqa province"), admin1="Raqqa"),
        _mention("Syrian", "PCLI", "SY", text.rindex("Syrian"), admin1=""),
    ]
    found[4].name = "Raqqa"
    best = best_event_place(found, text)
    assert best is not None and best.admin1 == "Raqqa" and best.feature_code == "PPL"
    assert best_event_place([found[0], found[5]], text) is None


def test_a_place_named_to_locate_another_gives_its_area_little_support() -> None:
    """'Ghouta, east of Damascus': the incident is in Ghouta's area, not in the city."""
    text = "Air strikes on Ghouta, east of Damascus, killed 20 people."
    found = [
        _mention("Ghouta", "ADM1", "SY", text.index("Ghouta"), admin1="Rural Damascus"),
        _mention("Damascus", "PPL", "SY", text.index("Damascus"), admin1="Damascus"),
    ]
    found[0].name = "Rural Damascus"
    best = best_event_place(found, text, lede=(0, len(text)))
    assert best is not None and best.admin1 == "Rural Damascus"
    plain = "Air strikes on Ghouta and in Damascus killed 20 people."
    found[1].start, found[1].end = plain.index("Damascus"), plain.index("Damascus") + 8
    found[0].start, found[0].end = plain.index("Ghouta"), plain.index("Ghouta") + 6
    best = best_event_place(found, plain, lede=(0, len(plain)))
    assert best is not None and best.admin1 == "Damascus"


def test_the_place_where_the_dead_are_told_is_the_events_place() -> None:
    """A report about Idlib that tells its dead in Hama: the incident is in Hama."""
    text = ("Idlib rebels and Idlib activists said Idlib was calm. "
            "Shelling killed six people in Souran, activists said.")
    found = [_mention("Idlib", "PPL", "SY", at, admin1="Idlib")
             for at in (0, text.index("Idlib act"), text.index("Idlib was"))]
    found.append(_mention("Souran", "PPL", "SY", text.index("Souran"), admin1="Hama"))
    told = (text.index("Shelling"), len(text))
    assert best_event_place(found, text).admin1 == "Idlib"  # type: ignore[union-attr]
    assert best_event_place(found, text, deaths=[told]).admin1 == "Hama"  # type: ignore[union-attr]
    both = "Shelling killed six people in Souran and Idlib, activists said."
    found[0].start, found[0].end = both.index("Idlib"), both.index("Idlib") + 5
    found[3].start, found[3].end = both.index("Souran"), both.index("Souran") + 6
    best = best_event_place(found, both, deaths=[(0, len(both))])
    assert best is not None and best.admin1 == "Idlib"  # two areas: the support decides


def test_a_dateline_or_a_government_does_not_make_the_report_about_its_country() -> None:
    text = "MOSCOW, Oct 3 - Jets struck Aleppo. Moscow said it hit militants."
    found = [
        _mention("MOSCOW", "PPL", "RU", 0),
        _mention("Aleppo", "PPL", "SY", text.index("Aleppo")),
        _mention("Moscow", "PPL", "RU", text.index("Moscow said")),
    ]
    assert places.main_country(found, text) == "SY"
    assert places.main_country(found) == "RU"  # without the text: two mentions to one


def test_whose_people_someone_is_does_not_make_the_report_about_that_country() -> None:
    text = "Gunmen killed a US aid worker and two British journalists in Syria, US officials said."
    found = [_mention(name, "PCLI", cc, text.index(name, at)) for name, cc, at in
             [("US", "US", 0), ("British", "GB", 0), ("Syria", "SY", 0), ("US", "US", 60)]]
    assert places.is_nationality(text, found[0]) and places.is_nationality(text, found[1])
    assert not places.is_nationality(text, found[2])
    assert places.main_country(found, text) == "SY"
    assert places.main_country(found) == "US"  # without the text: two mentions to one


def test_armed_parties_of_a_country_break_a_tie_between_namesakes() -> None:
    text = "A sniper killed a soldier in the Rabat area of a district in Zabul."
    found = [_mention("Rabat", "PPL", "MA", text.index("Rabat")),
             _mention("Zabul", "ADM1", "AF", text.index("Zabul"))]
    assert places.main_country(found, text) == "MA"  # a tie: the first mentioned
    assert places.main_country(found, text, parties=["AF"]) == "AF"  # 'a Taliban sniper'


def test_demonyms_and_plurals() -> None:
    assert toponyms.demonym_country("Palestinians") == "PS"
    assert toponyms.demonym_country("Sri Lankan") == "LK"
    assert toponyms.demonym_country("Swiss") == "CH"
    assert toponyms.demonym_country("Paris") is None


# ---- gazetteer (about 2.5 s to build, 0.5 s from the cache) --------------------------
@pytest.mark.model
def test_gazetteer_finds_khasham_by_spelling_variant() -> None:
    gaz = gazetteer.load()
    hits = [c for c, _ in gaz.search("Khasham")]
    khusham = next(c for c in hits if c.geonameid == 167899)
    assert (round(khusham.lat, 2), round(khusham.lng, 2)) == (35.30, 40.29)
    assert khusham.country == "Syria" and khusham.admin1 == "Deir ez-Zor"


@pytest.mark.model
@pytest.mark.parametrize("name", ["Deir Ezzor", "Deir ez-Zor", "Dayr az Zawr", "Deir el-Zour"])
def test_gazetteer_deir_ezzor_variants(name: str) -> None:
    ids = {c.geonameid for c, _ in gazetteer.load().search(name)}
    assert 170792 in ids  # the governorate


@pytest.mark.model
@pytest.mark.parametrize(
    ("name", "admin1"),
    [("Gardez", "Paktia"), ("Tarinkot", "Urozgan"), ("Manbij", "Aleppo"), ("Erbil", "Erbil")],
)
def test_admin1_in_acled_spelling(name: str, admin1: str) -> None:
    hits = gazetteer.load().lookup(name)
    assert admin1 in {c.admin1 for c in hits}


@pytest.mark.model
@pytest.mark.parametrize(("area", "town"), [("Idlib", "Idlib"), ("Helmand", "Lashkar Gah")])
def test_an_area_is_shown_at_its_town(area: str, town: str) -> None:
    gaz = gazetteer.load()
    province = next(c for c in gaz.lookup(area) if c.feature_code == "ADM1")
    seat = gaz.seat(province.geonameid)
    assert seat is not None and fold(seat.name) == fold(town) and seat.admin1 == area
    assert gaz.seat(seat.geonameid) is None  # a town is its own point


@pytest.mark.model
@pytest.mark.parametrize(("name", "town"), [("Abu Kamal", "albu kamal"), ("Azaz", "izaz")])
def test_a_district_without_towns_of_its_own_is_shown_at_its_namesake_town(
        name: str, town: str) -> None:
    """GeoNames links no town to 'Abu Kamal District' or 'Azaz District'; the town of its
    province that bears its name, however spelled ('Albu Kamal'; 'I'zaz', the vowels
    changed), stands for it (not the province's point, 80 km off, nor the middle of the
    province's towns)."""
    gaz = gazetteer.load()
    district = next(c for c in gaz.lookup(name) if c.feature_code == "ADM2")
    seat = gaz.seat(district.geonameid)
    assert seat is not None and seat.feature_class == "P" and seat.admin1 == district.admin1
    assert fold(seat.name) == town
    assert (district.lat, district.lng) == (seat.lat, seat.lng)


@pytest.mark.model
def test_big_areas_have_geonames_coordinates() -> None:
    gaz = gazetteer.load()
    china = gaz.country("CN")
    texas = gaz.subdivision("US-TX")
    assert china is not None and texas is not None
    assert geoparsing.haversine(china.lat, china.lng, 35.0, 105.0) < 161
    assert geoparsing.haversine(texas.lat, texas.lng, 31.25, -99.25) < 161
    england = [c for c in gaz.lookup("England") if c.feature_code == "ADM1"]
    assert england and england[0].country_code == "GB"


@pytest.mark.model
def test_gazetteer_cache_round_trip(tmp_path: Path) -> None:
    gaz = gazetteer.load()
    path = tmp_path / "gaz.pickle"
    gazetteer.write_cache(path, gaz)
    again = gazetteer.read_cache(path)
    assert again is not None
    assert [c.geonameid for c, _ in again.search("Khasham")] == [
        c.geonameid for c, _ in gaz.search("Khasham")]
    path.write_bytes(b"not a pickle")
    assert gazetteer.read_cache(path) is None


@pytest.mark.model
def test_gazetteer_countries_and_abbreviations() -> None:
    gaz = gazetteer.load()
    syria = [c for c in gaz.lookup("Syria") if c.feature_code == "PCLI"]
    assert syria and syria[0].country == "Syria" and syria[0].country_code == "SY"
    assert 30 < syria[0].lat < 38 and 35 < syria[0].lng < 42
    us = gaz.abbreviation("U.S.")
    assert us is not None and us.country == "United States"
    assert gaz.abbreviation("us") is None
    state = gaz.abbreviation("Va.")
    assert state is not None and state.name == "Virginia"


# ---- the places stage (spaCy model) -------------------------------------------------
@pytest.mark.model
def test_country_context_in_text() -> None:
    found = _places("Lebanese troops fought gunmen in Tripoli on Monday, Lebanon's army said.")
    tripoli = next(p for p in found if p.text == "Tripoli")
    assert tripoli.country_code == "LB"


@pytest.mark.model
def test_actor_names_are_not_places_and_demonyms_are_never_the_event_place() -> None:
    text = ("The US-led coalition and the Syrian Democratic Forces fought Islamic State "
            "near Raqqa, a Syrian official said.")
    found = _places(text)
    surfaces = {p.text for p in found}
    assert "US" not in surfaces
    assert not any("Islamic" in s or "Democratic" in s for s in surfaces)
    raqqa = next(p for p in found if p.text == "Raqqa")
    assert raqqa.country_code == "SY"
    syrian = [p for p in found if p.text == "Syrian"]
    assert syrian and all(p.country_code == "SY" and p.feature_code == "PCLI" for p in syrian)
    best = best_event_place(found, text)
    assert best is not None and best.text == "Raqqa"


@pytest.mark.model
def test_province_after_district_places_the_district() -> None:
    text = ("On 21 March 2020, 12 Taliban militants were killed when Afghan forces repulsed "
            "their attack in Dawlat Abad district, Balkh.")
    found = _places(text)
    district = next(p for p in found if p.text.startswith("Dawlat Abad"))
    assert district.country_code == "AF" and district.admin1 == "Balkh"
    best = best_event_place(found, text)
    assert best is not None and best.admin1 == "Balkh"


@pytest.mark.model
def test_listed_districts_take_the_province_after_them() -> None:
    text = "Militants attacked check points in Sangin and Nahri Saraj districts, Helmand."
    found = _places(text)
    listed = [p for p in found if p.text != "Helmand"]
    assert listed and {p.admin1 for p in listed} == {"Helmand"}


@pytest.mark.model
def test_datelines_organisations_and_state_abbreviations() -> None:
    text = ("COLUMBUS, Ohio (AP) — The Texas Department of State Health Services and "
            "Gainesville Police said a man from Charleston, W.Va. was arrested.")
    found = {p.text: p for p in _places(text)}
    assert found["COLUMBUS"].admin1 == "Ohio"
    assert found["Texas"].feature_code == "ADM1"
    assert any(k.startswith("W.Va") and p.name == "West Virginia" for k, p in found.items())
    assert "Gainesville" in found


@pytest.mark.model
def test_country_name_used_as_a_town() -> None:
    text = "Police said a 36-year-old Palestine man was arrested in Tyler, Texas."
    palestine = [p for p in _places(text) if p.text == "Palestine"]
    assert palestine and all(p.country_code == "US" for p in palestine)


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Shelling hit Idlib province and the town of Maarat al-Numan, Syria, on Friday.",
        "  Rockets landed near   Kabul; officials in Kandahar, Afghanistan, said.\n",
        "Police in Richmond, Va., and Alexandria, La., made arrests.",
    ],
)
def test_spans_point_into_the_text(text: str) -> None:
    found = _places(text)
    assert found
    for p in found:
        assert text[p.start : p.end] == p.text
        assert 0.0 <= p.score <= 1.0 and p.latitude is not None


@pytest.mark.model
def test_state_after_comma_places_the_city() -> None:
    found = _places("Police in Richmond, Va., made three arrests.")
    richmond = next(p for p in found if p.text == "Richmond")
    assert richmond.admin1 == "Virginia"


# ---- the seed (../shared) -----------------------------------------------------------
@pytest.mark.model
@pytest.mark.shared
@pytest.mark.skipif(not SEED.exists(), reason="../shared is absent")
def test_seed_places() -> None:
    raw = SEED.read_text(encoding="utf-8")
    text = re.sub(r"\]\(#\)|\*\*|\[", lambda m: " " * len(m.group()), raw)
    found = _places(text)
    by_text = {}
    for p in found:
        assert text[p.start : p.end] == p.text
        by_text.setdefault(p.text, p)
    khasham = [p for p in found if p.text == "Khasham"]
    assert len(khasham) == 2 and all(p.geonameid == 167899 for p in khasham)
    assert khasham[0].country == "Syria" and khasham[0].admin1 == "Deir ez-Zor"
    assert by_text["Deir Ezzor province"].feature_code == "ADM1"
    assert by_text["Syria"].feature_code == "PCLI"
    assert by_text["Washington"].country_code == "US"
    assert by_text["Damascus"].country_code == "SY"
    best = best_event_place(found, text)
    assert best is not None and best.text == "Khasham"


def test_a_place_inside_an_actors_name_places_no_event() -> None:
    from warledger.actors.dictionary import find_actors
    from warledger.events.build import _outside_names
    from warledger.records import Analysis

    text = "The Islamic State of Iraq and the Levant shelled Syrian army posts in Deir ez-Zor."
    article = _article(text)
    found = [_mention("Levant", "RGN", "US", text.index("Levant")),
             _mention("Syrian", "PCLI", "SY", text.index("Syrian")),
             _mention("Deir ez-Zor", "PPL", "SY", text.index("Deir"))]
    analysis = Analysis(article=article, actors=find_actors(article), places=found)
    assert [p.text for p in _outside_names(analysis)] == ["Syrian", "Deir ez-Zor"]


def test_where_fighters_come_from_is_not_where_the_report_is() -> None:
    text = ("The army killed 50 militants in Syria, including foreign fighters from Chechnya, "
            "China (Xinjiang Province), Saudi Arabia and Uzbekistan.")
    found = [_mention("Syria", "PCLI", "SY", text.index("Syria")),
             _mention("China", "PCLI", "CN", text.index("China")),
             _mention("Xinjiang Province", "ADM1", "CN", text.index("Xinjiang"))]
    assert places.main_country(found) == "CN"  # without the text: 1.5 votes to 0.5
    assert places.main_country(found, text) == "SY"


def test_a_place_after_another_and_near_locates_it_a_bare_near_names_the_place() -> None:
    text = "Mortars hit Jaramana, near Damascus. Clashes near Khasham."
    jaramana = _mention("Jaramana", "PPL", "SY", text.index("Jaramana"), admin1="Rural")
    damascus = _mention("Damascus", "PPL", "SY", text.index("Damascus"), admin1="Damascus")
    khasham = _mention("Khasham", "PPL", "SY", text.index("Khasham"), admin1="Deir")
    assert is_reference(text, damascus) and not is_reference(text, khasham)
    assert not is_reference(text, jaramana)
    best = best_event_place([jaramana, damascus], text)
    assert best is not None and best.text == "Jaramana"


def test_an_areas_centre_across_the_antimeridian_stays_on_its_side() -> None:
    """Islands on both sides of 180 degrees: the centre lies between them, not at 0."""
    from warledger.geo.geonames import CityRows

    lngs = [178.0, 178.5, 179.0, 179.5, -179.5, -179.0]
    rows = CityRows([""] * 6, [None] * 6, [-17.0] * 6, lngs, [1000] * 6, [()] * 6, [0] * 6)
    lat, lng = gazetteer._centre(rows, list(range(6)))
    assert lat == -17.0 and abs(lng) > 178.0
    rows.lngs = [10.0, 11.0, 12.0, 13.0, 14.0, 15.0]
    assert gazetteer._centre(rows, list(range(6))) == (-17.0, 12.5)


@pytest.mark.model
@pytest.mark.parametrize(("hint", "town"), [("P", True), ("", True), ("ADM2", False)])
def test_a_name_known_only_as_a_district_is_also_its_town(hint: str, town: bool) -> None:
    """'the city of Abu Kamal' / 'Abu Kamal': the district's namesake town is a candidate;
    'Abu Kamal district' is the district only."""
    top = toponyms.Toponym(0, 9, "Abu Kamal", hint, True)
    found = places.candidates(top)
    assert any(c.feature_code == "ADM2" for c, _ in found)
    assert any(c.feature_class == "P" and fold(c.name) == "albu kamal" for c, _ in found) == town


@pytest.mark.parametrize("before", ["rebel areas east of", "the outskirts of", "areas around"])
def test_an_incident_located_by_a_city_area_lies_in_the_area_around_it(before: str) -> None:
    """Damascus is a first-level area by itself: strikes 'east of Damascus' hit Rural
    Damascus; 'in Damascus' stays in the city; Aleppo has no separate area around it."""
    text = (f"Air strikes on {before} Damascus killed 10. Fighting in Damascus. "
            f"Shells {before} Aleppo.")
    damascus = _mention("Damascus", "PPL", "SY", text.index("Damascus"), admin1="Damascus")
    best = best_event_place([damascus], text)
    assert best is not None and best.admin1 == "Rural Damascus" and best.feature_code == "ADM1"
    assert best.text == "Damascus" and best.start == damascus.start
    inside = _mention("Damascus", "PPL", "SY", text.rindex("Damascus"), admin1="Damascus")
    assert best_event_place([inside], text) == inside
    aleppo = _mention("Aleppo", "PPL", "SY", text.index("Aleppo"), admin1="Aleppo")
    assert best_event_place([aleppo], text) == aleppo


def test_damascus_province_is_the_province_around_the_city() -> None:
    for hint, area in (("ADM1", "Rural Damascus"), ("", None)):
        found = places.candidates(toponyms.Toponym(0, 8, "Damascus", hint, True))
        admin1 = {c.admin1 for c, _ in found if c.feature_code == "ADM1"}
        assert (admin1 == {"Rural Damascus"}) if area else ("Damascus" in admin1)


def test_a_capital_that_acts_is_its_government() -> None:
    text = "Syria and its ally Russia deny Damascus carried out any such attack in Idlib."
    damascus = PlaceMention("a", "Damascus", text.index("Damascus"), text.index("Damascus") + 8,
                            "Damascus", 170654, 33.5, 36.3, "SY", "Syria", "Damascus", None,
                            "P", 1.0, "PPLC")
    idlib = PlaceMention("a", "Idlib", text.index("Idlib"), text.index("Idlib") + 5, "Idlib",
                         169389, 35.9, 36.6, "SY", "Syria", "Idlib", None, "P", 1.0, "PPLA")
    assert places.is_metonym(text, damascus) and not places.is_metonym(text, idlib)


def test_near_a_city_that_is_a_province_by_itself_is_the_province_around_it() -> None:
    """'near Damascus', 'outside Damascus': Rural Damascus; 'near Saraqib', 'in Damascus':
    the place itself."""
    for text, admin1 in (("a massacre near Damascus", "Rural Damascus"),
                         ("a strike outside Damascus", "Rural Damascus"),
                         ("a strike in Damascus", "Damascus")):
        place = _mention("Damascus", "PPL", "SY", text.index("Damascus"), admin1="Damascus")
        assert places.located(text, place).admin1 == admin1, text
    text = "a strike near Saraqib"
    town = _mention("Saraqib", "PPL", "SY", text.index("Saraqib"), admin1="Idlib")
    assert places.located(text, town) == town


@pytest.mark.parametrize(("before", "expected"), [
    ("Shells fell in ", True),
    ("a bombing west of the capital ", True),
    ("fighting in the Syrian city ", True),
    ("Officials from the capital ", False),  # no locative before the settlement word
    ("as the capital ", False),
    ("Rebels said ", False),
])
def test_a_settlement_word_between_the_locative_and_the_name_keeps_it_a_site(
        before: str, expected: bool) -> None:
    text = before + "Homs was quiet."
    assert places.after_locative(text, len(before)) is expected


def test_west_of_the_capital_locates_in_the_area_around_it() -> None:
    text = "A bomb went off west of the capital Damascus."
    assert is_reference(text, _mention("Damascus", "PPLC", "SY", text.index("Damascus")))


def test_where_the_attackers_are_is_not_where_their_fire_fell() -> None:
    text = ("A shell fired by gunmen positioned in Kafr Sousa fell on the town of Tell Abyad. "
            "Militants based in the village of Marj fired rockets.")
    origin = _mention("Kafr Sousa", "PPL", "SY", text.index("Kafr Sousa"), admin1="Rural")
    target = _mention("Tell Abyad", "PPL", "SY", text.index("Tell Abyad"), admin1="Rural")
    village = _mention("Marj", "PPL", "SY", text.index("Marj"), admin1="Rural")
    assert places.is_base(text, origin) and places.is_base(text, village)
    assert not places.is_base(text, target)
    best = best_event_place([origin, target], text)
    assert best is not None and best.text == "Tell Abyad"
    only = best_event_place([village], text)  # no other place: the base is better than none
    assert only is not None and only.text == "Marj"
