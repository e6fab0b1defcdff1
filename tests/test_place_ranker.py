"""The learned place ranker and toponym detector, their training, and the geoparsing
evaluation's detection figures."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from warledger.evaluation import geoparsing, train_places
from warledger.geo import detector, places, ranker, toponyms
from warledger.geo.gazetteer import Candidate
from warledger.geo.places import Context
from warledger.records import Article, PlaceMention
from warledger.text import nlp


def _cand(name: str, cc: str, pop: int, lat: float = 0.0, lng: float = 0.0) -> Candidate:
    return Candidate(name, hash(name + cc) % 10**6, lat, lng, cc, cc, "X", None, "P", "PPL",
                     pop)


def _model(features: tuple[str, ...], **weights: float) -> ranker.Model:
    n = len(features)
    return ranker.Model(features, tuple(weights.get(f, 0.0) for f in features), (0.0,) * n,
                        (1.0,) * n)


# ---- no model, no gazetteer ---------------------------------------------------------
def test_probabilities_are_a_softmax_of_the_linear_scores() -> None:
    model = ranker.Model(("a", "b"), (2.0, -1.0), (1.0, 0.0), (2.0, 1.0), bias=0.5)
    assert model.score([3.0, 1.0]) == pytest.approx(0.5 + 2.0 * (3 - 1) / 2 - 1.0)
    probs = model.probabilities([[3.0, 1.0], [1.0, 0.0], [1.0, 5.0]])
    assert sum(probs) == pytest.approx(1.0)
    assert probs[0] > probs[1] > probs[2]
    assert ranker.from_json(model.to_json()) == model


def test_shipped_models_read_the_features_the_code_builds() -> None:
    shipped = ranker.load()
    assert shipped is not None
    assert shipped.ranker.features == places.FEATURES and shipped.ranker.trees
    assert shipped.detector.features == detector.FEATURES
    detector_model = shipped.detector
    assert len(detector_model.weights) == len(detector_model.mean) == len(detector_model.scale) \
        == len(detector_model.features)
    width = len(places.FEATURES)
    for tree in shipped.ranker.trees:
        assert all(0 <= f < width for f in tree.feature)
        assert all(-len(tree.value) <= c < len(tree.feature) for c in [*tree.left, *tree.right])


def _stump_forest() -> ranker.Forest:
    """Two trees over features (a, b): a <= 0.5 ? (b <= 1 ? 1 : 2) : 3, plus a leaf 0.5."""
    split = ranker.Tree(np.array([0, 1]), np.array([0.5, 1.0]), np.array([1, -1]),
                        np.array([-3, -2]), np.array([1.0, 2.0, 3.0]))
    leaf = ranker.Tree(np.array([], dtype=np.int64), np.array([]), np.array([], dtype=np.int64),
                       np.array([], dtype=np.int64), np.array([0.5]))
    return ranker.Forest(("a", "b"), (split, leaf))


def test_a_forest_sums_its_trees_leaves_down_every_split() -> None:
    forest = _stump_forest()
    scores = forest.scores([[0.0, 0.0], [0.0, 2.0], [1.0, 0.0], [0.5, 1.0]])
    assert scores.tolist() == [1.5, 2.5, 3.5, 1.5]
    probs = forest.probabilities([[0.0, 0.0], [1.0, 0.0]])
    assert sum(probs) == pytest.approx(1.0) and probs[1] > probs[0]
    again = ranker.forest_from_json(forest.to_json())
    assert again.scores([[0.0, 2.0]]).tolist() == [2.5]


def test_lightgbms_nested_tree_dump_becomes_the_same_tree() -> None:
    dump = {"split_index": 0, "split_feature": 0, "threshold": 0.5,
            "left_child": {"split_index": 1, "split_feature": 1, "threshold": 1.0,
                           "left_child": {"leaf_index": 0, "leaf_value": 1.0},
                           "right_child": {"leaf_index": 1, "leaf_value": 2.0}},
            "right_child": {"leaf_index": 2, "leaf_value": 3.0}}
    tree = train_places._tree(dump)
    forest = ranker.Forest(("a", "b"), (tree,))
    assert forest.scores([[0.0, 0.0], [0.0, 2.0], [1.0, 0.0]]).tolist() == [1.0, 2.0, 3.0]
    single = train_places._tree({"leaf_value": 0.25})
    assert ranker.Forest(("a", "b"), (single,)).scores([[9.0, 9.0]]).tolist() == [0.25]


def test_rank_follows_the_documents_country_and_its_other_places() -> None:
    key = ("springfield", "", "")
    cands = [(_cand("Springfield", "US", 150_000, 39.8, -89.6), 1.0),
             (_cand("Springfield", "AU", 9_000, -33.8, 150.9), 1.0)]
    context = Context({"AU": 3.0}, {}, {key: {}}, points={("x", "", ""): (-33.9, 151.2)})
    rows = places.candidate_features(key, cands, context)
    assert len(rows[0]) == len(places.FEATURES)
    near = places.FEATURES.index("nearest_km")
    assert rows[1][near] < rows[0][near]  # the Australian one lies near the other place
    by_country = _model(places.FEATURES, country_share=1.0)
    by_population = _model(places.FEATURES, population=1.0)
    assert places.rank({key: cands}, context, by_country)[key][0].country_code == "AU"
    cand, probability = places.rank({key: cands}, context, by_population)[key]
    assert cand.country_code == "US" and 0.5 < probability <= 1.0


def test_a_candidate_where_the_other_names_could_all_be_is_reached_by_them() -> None:
    """'Alexandria' beside 'Pineville' and 'Rapides': the Alexandria in the state where
    both other names have a place is reached by them, the one elsewhere is not, whichever
    of their own candidates the first pass chose; a name with places in several areas
    counts for its share."""
    def town(name: str, state: str, lat: float, lng: float) -> Candidate:
        return Candidate(name, hash(name + state) % 10**6, lat, lng, "US", "United States",
                         state, None, "P", "PPL", 5_000)

    key, pine, rap = ("alexandria", "", ""), ("pineville", "", ""), ("rapides", "", "")
    cands = [(town("Alexandria", "Virginia", 38.8, -77.0), 1.0),
             (town("Alexandria", "Louisiana", 31.3, -92.4), 1.0)]
    context = Context({"US": 3.0}, {}, {key: {}})
    context.areas = {key: {("US", "virginia"), ("US", "louisiana")},
                     pine: {("US", "louisiana"), ("US", "kentucky")}, rap: {("US", "louisiana")}}
    context.spots = {key: [(38.8, -77.0), (31.3, -92.4)],
                     pine: [(31.3, -92.4), (36.8, -83.7)], rap: [(31.2, -92.5)]}
    rows = places.candidate_features(key, cands, context)
    area, near = places.FEATURES.index("area_reach"), places.FEATURES.index("near_reach")
    assert [r[area] for r in rows] == [0.0, 0.75]  # Pineville might be in Kentucky
    assert [r[near] for r in rows] == [0.0, 0.75]
    lone = Context({}, {}, {key: {}})
    assert [r[near] for r in places.candidate_features(key, cands, lone)] == [0.0, 0.0]


def _group(good: list[bool], rows: list[list[float]], fold: int = 0) -> train_places.Group:
    gold = geoparsing.Gold(0, 1, "x", 0.0, 0.0)
    return train_places.Group("lgl", fold, np.array(rows, dtype=float), np.array(good), 0,
                              gold, [])


def test_the_trees_learn_which_feature_marks_the_good_candidate() -> None:
    pytest.importorskip("lightgbm")
    features = places.FEATURES
    rng = np.random.default_rng(0)
    groups = []
    for n in range(150):
        rows = rng.normal(size=(3, len(features)))
        rows[n % 3, 1] += 4.0  # the good candidate has a larger similarity
        groups.append(_group([i == n % 3 for i in range(3)], rows.tolist()))
    model = train_places.fit(groups[:100], 50)
    assert train_places.accuracy(train_places.choices(model, groups[100:])) >= 0.9
    worse = np.array(groups[100].rows)
    better = worse.copy()
    better[:, 1] += 1.0  # a closer name never scores lower (MONOTONE)
    assert (model.scores(better) >= model.scores(worse)).all()


def test_the_detectors_logistic_model_and_folds() -> None:
    rng = np.random.default_rng(1)
    spans = []
    for n in range(200):
        row = rng.normal(size=len(detector.FEATURES))
        row[0] += 2.0 if n % 2 else -2.0
        spans.append(train_places.Span("lgl", n % 5, 0, row.tolist(), bool(n % 2)))
    model = train_places.fit_logistic(spans, 0.001)
    right = sum((model.score(s.row) >= 0) == s.gold for s in spans)
    assert right / len(spans) > 0.9 and model.weights[0] > 0
    folds = train_places._folds(23)
    assert folds == train_places._folds(23) and set(folds) == set(range(train_places.FOLDS))


def test_geoparsing_scores_detection_apart_from_resolution(monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    text = "Rain in Paris and in Lyon, not in Ripley."
    doc = geoparsing.GoldDoc("1", text, [
        geoparsing.Gold(8, 13, "Paris", 48.85, 2.35, 2988507),
        geoparsing.Gold(21, 25, "Lyon", 45.75, 4.85, 2996944)])

    def mention(start: int, end: int, gid: int, lat: float, lng: float) -> PlaceMention:
        return PlaceMention("1", text[start:end], start, end, text[start:end], gid, lat, lng,
                            "FR", "France", None, None, "P", 1.0, "PPL")

    found = [mention(8, 13, 2988507, 48.85, 2.35), mention(34, 40, 1, 54.0, -1.0)]
    monkeypatch.setattr(geoparsing, "predict", lambda d: found)
    scores = geoparsing.score_corpus([doc], None, "lgl")
    assert scores["lgl_recall"] == 0.5 and scores["lgl_precision"] == 0.5
    assert scores["lgl_acc161"] == 1.0 and scores["lgl_exact_geonameid"] == 1.0


# ---- gazetteer and model ------------------------------------------------------------
@pytest.mark.model
@pytest.mark.parametrize(("span", "inner"), [
    ("Henderson County Jail", "Henderson County"),
    ("Northeast Georgia", "Georgia"),
    ("Vancouver International Airport", "Vancouver"),
    ("Port of Los Angeles", "Los Angeles"),
    ("Saraqeb Idlib", "Saraqeb"),  # names run together, the first spelled another way
    ("Deir al-Zor Syrias", "Deir al-Zor"),
])
def test_a_name_the_gazetteer_lacks_is_narrowed_to_the_place_inside_it(span: str,
                                                                       inner: str) -> None:
    text = f"Deputies went to the {span} on Monday."
    start = text.index(span)
    top = toponyms.narrow(toponyms.Toponym(start, start + len(span), span), text)
    assert top is not None and text[top.start : top.end] == top.name == inner


@pytest.mark.model
def test_a_spelling_variant_narrowed_out_must_lie_in_the_area_named_after_it() -> None:
    text = "Gunmen attacked a post in Saraqeb Zamorin, Idlib, on Monday."
    span = "Saraqeb Zamorin"
    start = text.index(span)
    inside = toponyms.Toponym(start, start + len(span), span, within="idlib")
    elsewhere = toponyms.Toponym(start, start + len(span), span, within="aleppo")
    top = toponyms.narrow(inside, text)
    assert top is not None and top.name == "Saraqeb"
    assert toponyms.narrow(elsewhere, text) is None


@pytest.mark.model
@pytest.mark.parametrize("span", ["Webb Center", "Grand Avenue", "Glacier Ridge",
                                  "White House"])
def test_a_building_or_street_named_after_a_place_is_not_the_place(span: str) -> None:
    text = f"They met at {span} on Monday."
    start = text.index(span)
    assert toponyms.narrow(toponyms.Toponym(start, start + len(span), span), text) is None


@pytest.mark.model
def test_the_detector_finds_a_place_the_model_tags_as_a_person() -> None:
    from warledger.text import nlp

    text = ("Alexandria police said the fire started on Monday. Firefighters from Pineville "
            "and Alexandria, Louisiana, put it out.")
    art = Article(article_id="t", text=text, nlp_text=text, body=text)
    doc = nlp.parse(text)
    tops, _, context = places.resolution_inputs(art, doc)
    spans = detector.candidate_spans(text, doc, tops)
    for top, run in spans:
        assert text[top.start : top.end] == top.name
        assert len(detector.span_features(top, run, context, set())) == len(detector.FEATURES)
    found = {(p.start, p.text): p for p in places.find_places(art, doc)}
    assert (0, "Alexandria") in found and found[(0, "Alexandria")].admin1 == "Louisiana"


def _area(name: str, cc: str, admin1: str, pop: int) -> Candidate:
    return Candidate(name, hash(name + cc + admin1) % 10**6, 0.0, 0.0, cc, cc, admin1, name,
                     "A", "ADM2", pop)


def test_a_keywords_area_is_the_exact_name_inside_the_area_named_after_it() -> None:
    """'Varno district, Lakria': a district of that name in Lakria beats a namesake
    district elsewhere and a bigger area abroad whose name is only close."""
    by_population = _model(places.FEATURES, population=1.0)
    close = (_area("Varnow", "NL", "Zeeland", 200_000), 0.9)
    here = (_area("Varno", "AF", "Lakria", 0), 1.0)
    elsewhere = (_area("Varno", "AF", "Sorab", 50_000), 1.0)
    key = ("varno", "ADM2", "")
    context = Context({}, {}, {key: {}})
    assert places.rank({key: [close, here]}, context, by_population)[key][0] is here[0]
    within = ("varno", "ADM2", "lakria")
    cands = [close, elsewhere, here]
    assert places.rank({within: cands}, context, by_population)[within][0] is here[0]
    group = train_places.Group("lgl", 0, np.array(places.candidate_features(within, cands,
                                                                            context)),
                               np.array([False, False, True]), 0,
                               geoparsing.Gold(0, 1, "x", 0.0, 0.0), [c for c, _ in cands])
    w = np.array(by_population.weights)
    assert train_places.pick(group, group.rows @ w) == 2  # the trainer chooses as `rank` does


def test_a_spelling_variant_in_a_province_the_report_never_names_stays_unresolved() -> None:
    """'the town of Qurra in Lakria province': GeoNames lacks it, and a town spelled
    nearly so in another province of the same country is not it."""
    key = ("qurra", "", "")
    variant = Candidate("Qurraya", 1, 0.0, 0.0, "SY", "Syria", "Sorab", None, "P", "PPL", 900)
    context = Context({"SY": 3.0}, {"lakria": 2.0, "sorab": 1.0},
                      {key: {"SY": 1.0, "sorab": 1.0}},
                      area_country={"lakria": "SY", "sorab": "SY"})
    model = _model(places.FEATURES, population=1.0)
    assert key not in places.rank({key: [(variant, 0.86)]}, context, model)
    assert places.rank({key: [(variant, 1.0)]}, context, model)[key][0] is variant
    elsewhere = Context({"SY": 3.0}, {"sorab": 1.0}, {key: {"SY": 1.0, "sorab": 1.0}},
                        area_country={"sorab": "SY"})
    assert places.rank({key: [(variant, 0.86)]}, elsewhere, model)[key][0] is variant
    city = replace(variant, population=250_000)  # a city spelled another way is the city
    assert places.rank({key: [(city, 0.86)]}, context, model)[key][0] is city


def test_a_province_named_bare_is_its_own_town_and_named_so_the_province() -> None:
    """'a school in Lakria' is the town Lakria; 'Lakria province' the area around it."""
    by_population = _model(places.FEATURES, population=1.0)
    area = Candidate("Lakria", 1, 0.0, 0.0, "SY", "Syria", "Lakria", None, "A", "ADM1",
                     900_000)
    town = Candidate("Lakria", 2, 0.1, 0.1, "SY", "Syria", "Lakria", None, "P", "PPL", 300_000)
    namesake = Candidate("Lakria", 3, 9.0, 9.0, "SY", "Syria", "Sorab", None, "P", "PPL",
                         500_000)
    cands = [(area, 1.0), (namesake, 1.0), (town, 1.0)]
    bare, province = ("lakria", "", ""), ("lakria", "ADM1", "")
    context = Context({}, {}, {bare: {}, province: {}})
    assert places.rank({bare: cands}, context, by_population)[bare][0] is town
    assert places.rank({province: cands}, context, by_population)[province][0] is area
    assert places.rank({bare: cands[:2]}, context, by_population)[bare][0] is area
    rows = np.array(places.candidate_features(bare, cands, context))
    group = train_places.Group("lgl", 0, rows, np.array([False, False, True]), 0,
                               geoparsing.Gold(0, 1, "x", 0.0, 0.0), [c for c, _ in cands])
    assert train_places.pick(group, rows @ np.array(by_population.weights)) == 2


def test_a_small_place_abroad_that_nothing_supports_stays_unresolved() -> None:
    """'near the city of Palmyra' in a report on Syria: a town of 7,000 in the US whose
    name alone points at it is no place of the report, nor a county abroad named bare; a
    big city abroad still is."""
    key = ("palmyra", "P", "")
    context = Context({"SY": 3.0}, {}, {key: {}})
    model = _model(places.FEATURES, population=1.0)
    village = _cand("Palmyra", "US", 7_000)
    assert key not in places.rank({key: [(village, 1.0)]}, context, model)
    city = _cand("Palmyra", "US", 2_000_000)
    assert places.rank({key: [(village, 1.0), (city, 1.0)]}, context, model)[key][0] is city
    supported = Context({"SY": 3.0, "US": 1.0}, {}, {key: {}})
    assert places.rank({key: [(village, 1.0)]}, supported, model)[key][0] is village
    county = Candidate("Christian County", 7, 36.9, -87.4, "US", "United States", "Kentucky",
                       "Christian County", "A", "ADM2", 54_977)
    bare, named = ("christian", "", ""), ("christian", "ADM2", "")
    assert bare not in places.rank({bare: [(county, 1.0)]}, Context(
        {"SY": 3.0}, {}, {bare: {}}), model)  # 'a majority Christian area of Homs'
    assert places.rank({named: [(county, 1.0)]}, Context(
        {"SY": 3.0}, {}, {named: {}}), model)[named][0] is county  # 'Christian County'


@pytest.mark.model
@pytest.mark.parametrize("word", ["Countryside", "Province", "District", "Village"])
def test_a_word_for_a_kind_of_place_is_no_place_alone(word: str) -> None:
    """'... in Aleppo Hama Damascus and its Countryside': no Countryside, Virginia."""
    assert toponyms._excluded(word, "")
    text = f"Shells fell on Damascus and its {word}. Rockets hit its {word} again."
    doc = nlp.parse(text)
    assert not [t for t, _ in detector.candidate_spans(text, doc, []) if t.name == word]
