"""The grader never calls a correct solution wrong, and names each mistake however it is written.

tests/corpus holds correct solutions in many styles and known mistakes in
several styles each (see tests/corpus/README.md).
"""

from __future__ import annotations

import os
import zlib

import pytest

from conftest import CORPUS
from sftkl.graders.engine import grade

CORRECT = sorted(CORPUS.glob("correct/*/*/*.py"))
MISTAKES = sorted(CORPUS.glob("mistakes/*/*/*.py"))
# wrong files whose fault is not a known mistake: they must fail, and get no name at all
WRONG = sorted(CORPUS.glob("wrong/*/*/*.py"))
# SFTKL_CORPUS_SEEDS=20 grades every file under 20 seeds instead of one: a sweep for false
# fails and misdiagnoses after changing a pack's cases or tolerances (~1 s per seed per file).
EXTRA_SEEDS = range(max(0, int(os.environ.get("SFTKL_CORPUS_SEEDS", "1")) - 1))


def _id(p):
    return "/".join(p.parts[-3:])


def _seed(p):
    # a different, fixed seed per file: the corpus as a whole sees many case sets
    return zlib.crc32(_id(p).encode()) % 100_000


@pytest.mark.parametrize("extra", [None, *EXTRA_SEEDS])
@pytest.mark.parametrize("path", CORRECT, ids=_id)
def test_correct_solution_passes(path, extra):
    report = grade(path, seed=_seed(path) if extra is None else 1000 + extra)
    failing = [(c.id, c.status, c.message.render("en") if c.message else "") for c in report.cases if not c.passed]
    assert report.error is None, report.error.render("en")
    assert not failing
    assert report.diagnoses == ()


@pytest.mark.parametrize("extra", [None, *EXTRA_SEEDS])
@pytest.mark.parametrize("path", MISTAKES, ids=_id)
def test_mistake_is_named_as_itself(path, extra):
    expected = path.stem.split("--")[0]
    report = grade(path, seed=_seed(path) if extra is None else 1000 + extra)
    assert report.verdict == "fail"
    assert [d.id for d in report.diagnoses] == [expected]


@pytest.mark.parametrize("extra", [None, *EXTRA_SEEDS])
@pytest.mark.parametrize("path", WRONG, ids=_id)
def test_wrong_file_fails_and_gets_no_name(path, extra):
    report = grade(path, seed=_seed(path) if extra is None else 1000 + extra)
    assert report.verdict == "fail"
    assert [d.id for d in report.diagnoses] == []


def test_corpus_is_not_empty():
    assert len(CORRECT) >= 30 and len(MISTAKES) >= 25
    # at least 15 no-name files per pack and track
    for pair in {p.parts[-3:-1] for p in CORRECT}:
        assert len([p for p in WRONG if p.parts[-3:-1] == pair]) >= 15, pair
