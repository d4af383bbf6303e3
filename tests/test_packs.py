"""The catalog checks itself: every pack, every track (rustlings' `dev check`, as tests).

A reference that fails, a stub that passes, a known mistake that is not named
as itself, a missing translation or a non-deterministic case builder is a
defect in the pack, and each assertion says which.
"""

from __future__ import annotations

import importlib.resources as resources
import re

import numpy as np
import pytest

from sftkl.graders.catalog import DIFFICULTIES, LANGS, catalog, select_track
from sftkl.graders.engine import build_cases, grade, read_header
from sftkl.graders.model import Arr

PAIRS = [(p.id, tr) for p in catalog().values() for tr in p.tracks]
MUTANTS = [(p.id, tr, m.id) for p in catalog().values() for tr in p.tracks for m in p.mistakes_for(tr)]
INTERFACE_MISTAKES = {
    "softmax-overflow", "softmax-wrong-axis", "shift-reversed", "no-shift", "ignore-index-missing",
    "nan-all-ignored", "sum-not-mean", "log-softmax-underflow", "per-sequence-mean", "view-noncontiguous",
    "kl-sign-flipped", "k3-ratio-inverted", "k2-missing-half", "softmax-global-max", "half-precision-overflow",
    "kl-unmasked", "agg-mode-mixed-up",
    "std-biased", "batch-normalized", "groups-strided", "nan-constant-group", "rloo-includes-self",
    "forward-recursion", "next-value-misaligned", "lambda-without-gamma", "returns-are-advantages", "padding-leak",
    "log-sigmoid-underflow", "beta-outside", "chosen-rejected-swapped", "rewards-not-detached", "reference-ignored",
    "mean-over-all-positions",  # token-logprobs
    "clip-min-max-swapped", "clip-advantage", "ratio-inverted", "dual-clip-positive", "mask-ignored", "sign-flipped",  # ppo-policy-loss
    "advantage-not-broadcast",  # grpo-loss
}


def pack_file(problem_id: str, name: str):
    p = catalog()[problem_id]
    return resources.files(f"sftkl.problems.{p.package}").joinpath(name)


def test_catalog_has_the_course_problems():
    assert {"softmax", "sft-loss", "kl-estimators", "kl-penalty"} <= set(catalog())
    assert {m.id for p in catalog().values() for m in p.mistakes} == INTERFACE_MISTAKES


@pytest.mark.parametrize("problem,track", PAIRS)
def test_reference_solution_passes(problem, track):
    report = grade(pack_file(problem, f"solution_{track}.py"), seed=11)
    failing = [(c.id, c.status, c.message) for c in report.cases if not c.passed]
    assert report.error is None and not failing, failing
    assert report.verdict == "pass"


@pytest.mark.parametrize("problem,track", PAIRS)
def test_stub_fails_and_names_its_problem(problem, track):
    path = pack_file(problem, f"stub_{track}.py")
    assert read_header(path) == (problem, track)
    report = grade(path, seed=11)
    assert report.verdict == "fail"
    assert report.passed == 0


@pytest.mark.parametrize("problem,track,mistake", MUTANTS)
def test_known_mistake_fails_and_is_diagnosed_as_itself(problem, track, mistake):
    path = pack_file(problem, f"mutants/{track}/{mistake}.py")
    assert path.is_file(), f"{problem}/{track}: add mutants/{track}/{mistake}.py"
    report = grade(path, problem=problem, track=track, seed=11)
    assert report.verdict == "fail", f"{mistake} passes every case: add a case that exposes it"
    assert [d.id for d in report.diagnoses] == [mistake]


@pytest.mark.parametrize("problem,track", PAIRS)
def test_cases_are_deterministic_unique_and_bilingual(problem, track):
    prob = catalog()[problem]
    a, b, c = build_cases(prob, track, 5), build_cases(prob, track, 5), build_cases(prob, track, 6)
    ids = [x.id for x in a]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)
    assert any(x.kind == "edge" for x in a) and any(x.kind == "random" for x in a)

    def arrays(cases):
        return [np.asarray(arg.value) for x in cases for arg in x.args if isinstance(arg, Arr)]

    assert all(np.array_equal(x, y, equal_nan=True) for x, y in zip(arrays(a), arrays(b)))
    assert not all(x.shape == y.shape and np.array_equal(x, y) for x, y in zip(arrays(a), arrays(c))), "the seed must matter"
    assert all(x.description["en"].strip() and x.description["zh"].strip() for x in a)
    # formula-only descriptions are fine in both languages, but most must really be Chinese
    assert sum(bool(re.search(r"[\u4e00-\u9fff]", x.description["zh"])) for x in a) >= len(a) / 2


@pytest.mark.parametrize("problem,track", PAIRS)
def test_pack_texts_exist_in_both_languages(problem, track):
    prob = catalog()[problem]
    assert len(prob.hints) >= 2
    for lang in LANGS:
        statement = prob.statement(lang, track)
        assert len(statement.splitlines()) > 10
        assert "<!--" not in statement, "unbalanced track block"
        assert prob.text(f"explanation.{lang}.md").strip()
    zh = prob.statement("zh", track)
    assert re.search(r"[\u4e00-\u9fff]", zh)
    assert prob.mistakes_for(track), "every track names at least one known mistake"


@pytest.mark.parametrize("problem", list(catalog()))
def test_explanation_ends_with_a_sources_list_in_both_languages(problem):
    prob = catalog()[problem]
    for lang, heading in zip(LANGS, ("## Sources", "## 来源")):
        text = prob.text(f"explanation.{lang}.md")
        headings = [line.strip() for line in text.splitlines() if line.startswith("#")]
        assert headings[-1] == heading, f"{problem}: explanation.{lang}.md must end with a '{heading}' list"
        items = prob.sources(lang)
        assert items and all(item.strip() for item in items), f"{problem}: empty Sources list ({lang})"
        last = [line for line in text.splitlines() if line.strip()][-1]
        assert last.startswith(("- ", "  ")), f"{problem}: nothing may follow the Sources list ({lang})"
    assert len(prob.sources("en")) == len(prob.sources("zh")), f"{problem}: the two Sources lists differ in length"


@pytest.mark.parametrize("problem,track", PAIRS)
def test_every_mistake_has_a_model(problem, track):
    prob = catalog()[problem]
    models = prob.module("mistakes").MODELS
    for m in prob.mistakes_for(track):
        assert models.get(m.id, {}).get(track), f"{problem}: mistakes.py has no model of {m.id} for {track}"


def test_select_track_keeps_common_text_and_the_chosen_block():
    md = "intro\n<!-- track:numpy -->\nnumpy only\n<!-- end -->\n<!-- track:torch -->\ntorch only\n<!-- end -->\noutro\n"
    assert select_track(md, "numpy") == "intro\nnumpy only\noutro\n"
    assert select_track(md, "torch") == "intro\ntorch only\noutro\n"


@pytest.mark.parametrize("problem", list(catalog()))
def test_difficulty_is_one_the_mock_and_list_know(problem):
    assert catalog()[problem].difficulty in DIFFICULTIES, f"{problem}: difficulty must be one of {DIFFICULTIES}"


@pytest.mark.parametrize("problem", list(catalog()))
def test_study_and_related_name_other_problems_that_teach_it(problem):
    """`study` points a mistake at the problem where it is best learned: that problem knows
    the same mistake (its statement and models teach it), on at least one track."""
    prob, probs = catalog()[problem], catalog()
    for rid in prob.related:
        assert rid in probs and rid != problem, f"{problem}: related names '{rid}', not another problem"
    for m in prob.mistakes:
        if m.study is None:
            continue
        assert m.study in probs and m.study != problem, f"{problem}: {m.id} study names '{m.study}'"
        assert m.id in {x.id for x in probs[m.study].mistakes}, (
            f"{problem}: {m.id} study = '{m.study}', but {m.study} has no mistake {m.id} to learn it from")


@pytest.mark.parametrize("key, line", [
    ("mistake softmax-overflow study", 'study = "no-such-problem"'),
    ("mistake softmax-overflow study", 'study = "softmax"'),  # itself
    ("related", 'related = ["sft-loss", "nope"]'),
    ("related", 'related = "sft-loss"'),  # not a list
    (None, 'related = ["sft-loss", "kl-penalty"]'),  # well formed: loads
])
def test_an_unknown_study_or_related_id_is_a_pack_error(tmp_path, monkeypatch, key, line):
    """The catalog copied with one broken link: loading it fails with one line naming the
    pack, the key and the id (what `sftkl list` would print), never a half-read catalog."""
    import shutil

    from sftkl.graders import catalog as cat
    from sftkl.graders.errors import PackError

    root = pack_file("softmax", "problem.toml").parent.parent
    shutil.copytree(root, tmp_path / "problems", ignore=shutil.ignore_patterns("__pycache__"))
    toml = tmp_path / "problems" / catalog()["softmax"].package / "problem.toml"
    text = "".join(s for s in toml.read_text("utf-8").splitlines(keepends=True) if not s.startswith("related ="))
    if line.startswith("study"):
        text = text.replace('id = "softmax-overflow"\n', f'id = "softmax-overflow"\n{line}\n', 1)
    else:
        text = text.replace("\n[title]", f"\n{line}\n\n[title]", 1)
    toml.write_text(text, "utf-8")
    monkeypatch.setattr(cat, "_packs_dir", lambda: tmp_path / "problems")
    cat.catalog.cache_clear()
    try:
        if key is None:
            assert cat.catalog()["softmax"].related == ("sft-loss", "kl-penalty")
            return
        with pytest.raises(PackError) as err:
            cat.catalog()
        message = err.value.render("en")
        assert message.startswith(f"problem pack 'softmax': {key} names '") and "\n" not in message
        assert err.value.render("zh").startswith(f"题目包 'softmax':{key} 指向 '")
    finally:
        monkeypatch.undo()
        cat.catalog.cache_clear()
        assert "gae" in cat.catalog()  # the real catalog loads again
