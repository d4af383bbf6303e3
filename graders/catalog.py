"""Load problem packs from `sftkl.problems`: typed, versioned records read from problem.toml.

Loading the catalog reads TOML and Markdown only; the numpy parts of a pack
(cases, reference, mistake models) are imported on demand by the engine.
"""

from __future__ import annotations

import importlib
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Mapping

from sftkl.graders.errors import PackError, ProblemNotFound, TrackNotFound
from sftkl.sandbox.limits import Limits

FORMAT_VERSION = 1
LANGS = ("en", "zh")
TRACKS = ("numpy", "torch")
DIFFICULTIES = ("easy", "medium", "hard")
# The recommended order of the course's topics: `sftkl list` groups the problems by topic
# in this order. A pack says its own topic (`topic` in problem.toml); a topic not listed
# here still gets its own group, after these.
TOPICS = ("foundations", "sft", "kl", "preference", "policy-gradient")
OTHER_TOPIC = "other"


@dataclass(frozen=True)
class Track:
    name: str
    functions: tuple[str, ...]
    signature: str
    forbidden: tuple[str, ...] = ()
    # A function that returns a tuple names its elements here (`returns = ["loss", ...]` in
    # problem.toml): each element is judged on its own, and those in `detached` must not
    # require grad. Empty for a single result.
    returns: tuple[str, ...] = ()
    detached: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mistake:
    id: str
    tracks: tuple[str, ...]
    title: Mapping[str, str]
    explanation: Mapping[str, str]
    fix: Mapping[str, str]
    # The problem where this mistake is best learned (`study = "<problem-id>"` in its
    # [[mistakes]] entry), when that is another problem: the mock report and the grade's
    # diagnosis point there. None: learned here.
    study: str | None = None


@dataclass(frozen=True)
class Problem:
    id: str
    package: str  # folder / module name under sftkl.problems
    order: int
    title: Mapping[str, str]
    summary: Mapping[str, str]
    difficulty: str
    tags: tuple[str, ...]
    file: str  # the file name `practice` writes
    tracks: Mapping[str, Track]
    limits: Limits
    edge_weight: float
    hints: tuple[Mapping[str, str], ...]
    mistakes: tuple[Mistake, ...]
    version: str
    topic: str = OTHER_TOPIC  # a TOPICS entry, or a pack's own topic (normalized, see topic_of)
    related: tuple[str, ...] = ()  # other problems that teach the same ideas (`related = [...]`)

    def track(self, name: str | None) -> Track:
        if name is None:
            return next(iter(self.tracks.values()))
        if name not in self.tracks:
            raise TrackNotFound(
                "err.track_not_found", problem=self.id, track=name, tracks=", ".join(self.tracks)
            )
        return self.tracks[name]

    def text(self, name: str) -> str:
        """A text file of the pack (statement.en.md, stub_numpy.py, ...)."""
        return (_packs_dir() / self.package / name).read_text("utf-8")

    def statement(self, lang: str, track: str) -> str:
        return select_track(self.text(f"statement.{lang}.md"), track)

    def sources(self, lang: str) -> tuple[str, ...]:
        """The items of the Sources list that ends the explanation (`## Sources` / `## 来源`)."""
        return sources_list(self.text(f"explanation.{lang}.md"))

    def stub(self, track: str) -> str:
        return self.text(f"stub_{track}.py")

    def module(self, name: str) -> ModuleType:
        """Import a code part of the pack (cases, reference, mistakes): needs numpy."""
        return importlib.import_module(f"sftkl.problems.{self.package}.{name}")

    def mistakes_for(self, track: str) -> tuple[Mistake, ...]:
        return tuple(m for m in self.mistakes if track in m.tracks)


def select_track(markdown: str, track: str) -> str:
    """Keep the text outside track blocks and the blocks of `track`.

    Blocks are `<!-- track:NAME -->` ... `<!-- end -->`, each marker alone on its line.
    """
    out: list[str] = []
    current: str | None = None
    for line in markdown.splitlines():
        s = line.strip()
        if s.startswith("<!-- track:") and s.endswith("-->"):
            current = s[len("<!-- track:") : -len("-->")].strip()
            continue
        if s == "<!-- end -->" and current is not None:
            current = None
            continue
        if current is None or current == track:
            out.append(line)
    text = "\n".join(out)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip() + "\n"


SOURCES_HEADINGS = ("## Sources", "## 来源")


def sources_list(markdown: str) -> tuple[str, ...]:
    """The top-level bullets under the last Sources heading, each joined onto one line."""
    lines = markdown.splitlines()
    start = max((i for i, line in enumerate(lines) if line.strip() in SOURCES_HEADINGS), default=None)
    if start is None:
        return ()
    items: list[str] = []
    for line in lines[start + 1 :]:
        if line.startswith("- "):
            items.append(line[2:].strip())
        elif line.strip() and items and line[:1].isspace():
            more = line.strip()
            cjk = not items[-1][-1:].isascii() or not more[:1].isascii()
            items[-1] += ("" if cjk else " ") + more
        elif line.strip():
            break
    return tuple(items)


def topic_id(raw: str) -> str:
    """A topic as problem.toml may spell it ("policy gradient", "SFT") in canonical form."""
    return "-".join(raw.strip().lower().replace("_", " ").replace("-", " ").split())


def topic_of(raw: dict) -> str:
    """A pack's topic: its `topic` field, else the first of its tags that names a topic, else "other"."""
    if isinstance(raw.get("topic"), str) and raw["topic"].strip():
        return topic_id(raw["topic"])
    for tag in raw.get("tags", ()):
        if isinstance(tag, str) and topic_id(tag) in TOPICS:
            return topic_id(tag)
    return OTHER_TOPIC


def by_topic(problems) -> list[tuple[str, list[Problem]]]:
    """The problems grouped by topic: the TOPICS in their order, then any other topic in
    the order its first problem comes; within a group, the catalog's order."""
    groups: dict[str, list[Problem]] = {}
    for p in problems:
        groups.setdefault(p.topic, []).append(p)
    rank = {topic: i for i, topic in enumerate(TOPICS)}
    first = {topic: n for n, topic in enumerate(groups)}
    order = sorted(groups, key=lambda topic: (rank.get(topic, len(TOPICS)), first[topic]))
    return [(topic, groups[topic]) for topic in order]


def _packs_dir() -> Path:
    """The folder of the `sftkl.problems` package (packs are plain files in it; no zip installs)."""
    import sftkl.problems

    return Path(sftkl.problems.__file__).resolve().parent


def _bilingual(raw: object, where: str) -> Mapping[str, str]:
    if not isinstance(raw, dict) or any(not isinstance(raw.get(lang), str) or not raw[lang].strip() for lang in LANGS):
        raise PackError("err.pack_bilingual", where=where)
    return {lang: raw[lang].strip() for lang in LANGS}


def _load(package: str) -> Problem:
    raw = tomllib.loads((_packs_dir() / package / "problem.toml").read_text("utf-8"))
    pid = raw.get("id", package)
    if raw.get("format_version") != FORMAT_VERSION:
        raise PackError("err.pack_version", problem=pid, found=raw.get("format_version"), want=FORMAT_VERSION)
    tracks = {}
    for name, t in raw["tracks"].items():
        if name not in TRACKS:
            raise PackError("err.pack_track", problem=pid, track=name)
        tracks[name] = Track(name, tuple(t["functions"]), t["signature"], tuple(t.get("forbidden", ())),
                             tuple(t.get("returns", ())), tuple(t.get("detached", ())))
    mistakes = tuple(
        Mistake(
            m["id"],
            tuple(m["tracks"]),
            _bilingual(m.get("title"), f"{pid}: mistake {m['id']} title"),
            _bilingual(m.get("explanation"), f"{pid}: mistake {m['id']} explanation"),
            _bilingual(m.get("fix"), f"{pid}: mistake {m['id']} fix"),
            _problem_id(m.get("study"), pid, f"mistake {m['id']} study") if "study" in m else None,
        )
        for m in raw.get("mistakes", ())
    )
    related = raw.get("related", [])
    if not isinstance(related, list):
        raise PackError("err.pack_link", problem=pid, field="related", target=repr(related))
    related = tuple(dict.fromkeys(_problem_id(r, pid, "related") for r in related))
    return Problem(
        id=pid,
        package=package,
        order=int(raw.get("order", 100)),
        title=_bilingual(raw.get("title"), f"{pid}: title"),
        summary=_bilingual(raw.get("summary"), f"{pid}: summary"),
        difficulty=raw.get("difficulty", "medium"),
        tags=tuple(raw.get("tags", ())),
        file=raw["file"],
        tracks=tracks,
        limits=Limits(**raw.get("limits", {})),
        edge_weight=float(raw.get("grading", {}).get("edge_weight", 1.0)),
        hints=tuple(_bilingual(h, f"{pid}: hint {i + 1}") for i, h in enumerate(raw.get("hints", ()))),
        mistakes=mistakes,
        version=str(raw.get("version", "1")),
        topic=topic_of(raw),
        related=related,
    )


def _problem_id(value: object, pid: str, key: str) -> str:
    """A problem id a pack names in `study` or `related` (checked against the catalog in check_links)."""
    if not isinstance(value, str) or not value.strip():
        raise PackError("err.pack_link", problem=pid, field=key, target=repr(value))
    return value.strip()


def check_links(problems: Mapping[str, Problem]) -> None:
    """Every `study` and `related` id names another problem of the catalog, else a PackError."""
    for p in problems.values():
        links = [("related", r) for r in p.related] + [(f"mistake {m.id} study", m.study) for m in p.mistakes if m.study]
        for key, target in links:
            if target not in problems or target == p.id:
                raise PackError("err.pack_link", problem=p.id, field=key, target=target)


@lru_cache(maxsize=1)
def catalog() -> Mapping[str, Problem]:
    """Every problem pack, keyed by id, in course order."""
    root = _packs_dir()
    found = [_load(e.name) for e in root.iterdir() if e.is_dir() and e.joinpath("problem.toml").is_file()]
    found.sort(key=lambda p: (p.order, p.id))
    problems = {p.id: p for p in found}
    check_links(problems)
    return problems


def get_problem(pid: str) -> Problem:
    probs = catalog()
    if pid in probs:
        return probs[pid]
    # Be forgiving about the separator: sft_loss, SFT-Loss.
    norm = pid.strip().lower().replace("_", "-")
    if norm in probs:
        return probs[norm]
    import difflib

    close = difflib.get_close_matches(norm, list(probs), n=1)
    raise ProblemNotFound(
        "err.problem_not_found", problem=pid, suggestion=close[0] if close else "", known=", ".join(probs)
    )
