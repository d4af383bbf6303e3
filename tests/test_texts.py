"""Every user-facing text exists in English and Chinese, with the same placeholders."""

from __future__ import annotations

import re

import pytest

import sftkl.classroom  # noqa: F401 - each package registers its own texts
import sftkl.cli.texts  # noqa: F401
import sftkl.notebook  # noqa: F401
import sftkl.practice  # noqa: F401
from conftest import ROOT
from sftkl.graders.texts import TEXTS, placeholders, resolve_lang, t


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_text_has_both_languages_with_same_placeholders(key):
    en, zh = TEXTS[key]
    assert en.strip() and zh.strip()
    assert placeholders(en) == placeholders(zh)
    assert re.search(r"[\u4e00-\u9fff]", zh) or key in {"ui.header"}, f"{key}: the zh text has no Chinese"


def test_every_key_used_in_code_exists():
    used = set()
    for path in [p for pkg in ("graders", "sandbox", "practice", "classroom", "cli", "notebook") for p in (ROOT / pkg).glob("*.py")]:
        src = path.read_text("utf-8")
        used |= set(re.findall(r"""(?:Msg\.of|Error|\bt)\(\s*(?:lang,\s*)?["']((?:err|load|case|ui|note)\.[a-z_0-9]+)["']""", src))
        used |= set(re.findall(r'"key": "((?:load)\.[a-z_]+)"', src))
    missing = sorted(k for k in used if k not in TEXTS)
    assert not missing
    assert len(used) > 30


@pytest.mark.parametrize(
    "env, expected",
    [({"SFTKL_LANG": "zh"}, "zh"), ({"SFTKL_LANG": "", "LANG": "zh_CN.UTF-8"}, "zh"), ({"SFTKL_LANG": "", "LANG": "de_DE.UTF-8"}, "en"), ({"SFTKL_LANG": "", "LANG": ""}, "en")],
)
def test_language_comes_from_env_then_locale(monkeypatch, env, expected):
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert resolve_lang(None) == expected


def test_explicit_lang_wins_over_env(monkeypatch):
    monkeypatch.setenv("SFTKL_LANG", "zh")
    assert resolve_lang("en") == "en"


def test_suggestion_is_formatted_in_each_language():
    assert "did you mean 'sft-loss'" in t("en", "err.problem_not_found", problem="sft-los", suggestion="sft-loss", known="x")
    assert "你是不是想输入 'sft-loss'" in t("zh", "err.problem_not_found", problem="sft-los", suggestion="sft-loss", known="x")
