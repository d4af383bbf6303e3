"""`sftkl completion bash|zsh|fish`: a static completion script, generated from the command tree.

The script holds the commands, their options and the problem ids as they are when it
is printed (walked from the click group typer builds, and read from the catalog), so
completing runs no Python at all: typer's own completion calls the program on every
Tab, which costs sftkl's start-up each time. Re-run it after upgrading sftkl.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import typer

from sftkl.cli.common import LangOpt, handles_errors
from sftkl.graders.errors import UsageError

SHELLS = ("bash", "zsh", "fish")


@dataclass
class Node:
    """One command (its path from the root, '' for sftkl itself): what may follow it."""

    path: str
    subs: list[str] = field(default_factory=list)
    opts: list[str] = field(default_factory=list)
    valued: dict[str, str] = field(default_factory=dict)  # option -> kind of its value
    arg: str = ""  # kind of its positional argument, "" when it takes none


def _kind(param) -> str:
    """What a parameter's value is: a word list (problem, track, lang, difficulty, shell),
    a file or directory, or any value (nothing to complete)."""
    name = param.name or ""
    if name in ("problem", "problems"):
        return "problem"
    if name in ("track", "lang", "difficulty", "shell"):
        return name
    if hasattr(param.type, "file_okay"):  # click's Path (typer carries its own copy of click)
        return "dir" if name in ("directory", "dir") or not param.type.file_okay else "file"
    return "value"


def tree(app: typer.Typer) -> list[Node]:
    """Every visible command of `app`, depth first.

    By interface, not by class: typer may carry its own copy of click (typer._click)."""
    nodes: list[Node] = []

    def walk(cmd, path: str) -> None:
        node = Node(path)
        nodes.append(node)
        for param in cmd.params:
            if param.param_type_name == "option":
                if getattr(param, "hidden", False):
                    continue
                names = [*param.opts, *param.secondary_opts]
                node.opts += names
                if not param.is_flag and not param.count:
                    node.valued.update({n: _kind(param) for n in names})
            elif param.param_type_name == "argument":
                node.arg = node.arg or _kind(param)
        node.opts.append("--help")
        if hasattr(cmd, "commands"):
            for name, sub in sorted(cmd.commands.items()):
                if not sub.hidden:
                    node.subs.append(name)
                    walk(sub, f"{path} {name}".strip())

    walk(typer.main.get_command(app), "")
    return nodes


def words() -> dict[str, list[str]]:
    """The word lists of the value kinds, from the catalog."""
    from sftkl.graders.catalog import catalog

    problems = list(catalog().values())
    tracks = sorted({tr for p in problems for tr in p.tracks})
    levels = ["easy", "medium", "hard"]
    difficulties = levels + sorted({p.difficulty for p in problems} - set(levels))
    return {"problem": [p.id for p in problems], "track": tracks, "lang": ["en", "zh"],
            "difficulty": difficulties, "shell": list(SHELLS)}


def _q(word: str) -> str:
    import shlex

    return shlex.quote(word)


def _data_functions(nodes: list[Node], lists: dict[str, list[str]]) -> str:
    """Shell functions (plain `case`, the same in bash and zsh) that answer from the tree."""
    out = ["_sftkl_subs() {", '    case "$1" in']
    out += [f'        {_q(n.path)}) echo {_q(" ".join(n.subs))} ;;' for n in nodes if n.subs]
    out += ["    esac", "}", "_sftkl_opts() {", '    case "$1" in']
    out += [f'        {_q(n.path)}) echo {_q(" ".join(n.opts))} ;;' for n in nodes]
    out += ["    esac", "}", "# the kind of an option's value; nothing for a flag", "_sftkl_optkind() {", '    case "$1|$2" in']
    for n in nodes:
        by_kind: dict[str, list[str]] = {}
        for opt, kind in n.valued.items():
            by_kind.setdefault(kind, []).append(_q(f"{n.path}|{opt}"))
        out += [f"        {'|'.join(keys)}) echo {kind} ;;" for kind, keys in by_kind.items()]
    out += ["    esac", "}", "_sftkl_argkind() {", '    case "$1" in']
    out += [f"        {_q(n.path)}) echo {n.arg} ;;" for n in nodes if n.arg]
    out += ["    esac", "}", "_sftkl_words() {", '    case "$1" in']
    out += [f"        {kind}) echo {_q(' '.join(ws))} ;;" for kind, ws in lists.items()]
    out += ["    esac", "}"]
    return "\n".join(out)


# Walks the words before the cursor: subcommands extend the path, an option that takes a
# value skips that value, any other word is a positional argument (npos counts them).
_WALK = """\
    local cmdpath="" w skip=0 npos=0 i
    for ((i = {first}; i < {last}; i++)); do
        w="${{{arr}[i]}}"
        if ((skip)); then skip=0; continue; fi
        case "$w" in
            -*=*) ;;
            -*) [[ -n "$(_sftkl_optkind "$cmdpath" "$w")" ]] && skip=1 ;;
            *)
                if [[ " $(_sftkl_subs "$cmdpath") " == *" $w "* ]]; then
                    cmdpath="${{cmdpath:+$cmdpath }}$w"; npos=0
                else
                    npos=$((npos + 1))
                fi ;;
        esac
    done"""

_BASH = """\
_sftkl_add() {
    case "$1" in
        file) COMPREPLY+=($(compgen -f -- "$2")); compopt -o filenames 2>/dev/null ;;
        dir) COMPREPLY+=($(compgen -d -- "$2")); compopt -o filenames 2>/dev/null ;;
        value) ;;
        *) COMPREPLY+=($(compgen -W "$(_sftkl_words "$1")" -- "$2")) ;;
    esac
}
_sftkl() {
    COMPREPLY=()
    local cur="${COMP_WORDS[COMP_CWORD]}" prev="" kind
    ((COMP_CWORD > 0)) && prev="${COMP_WORDS[COMP_CWORD - 1]}"
%s
    # bash splits `--track=nu` into `--track`, `=`, `nu`
    if [[ "$cur" == "=" ]]; then
        kind="$(_sftkl_optkind "$cmdpath" "$prev")"; [[ -n "$kind" ]] && _sftkl_add "$kind" ""; return 0
    fi
    if [[ "$prev" == "=" ]] && ((COMP_CWORD >= 2)); then
        kind="$(_sftkl_optkind "$cmdpath" "${COMP_WORDS[COMP_CWORD - 2]}")"; [[ -n "$kind" ]] && _sftkl_add "$kind" "$cur"; return 0
    fi
    if [[ "$prev" == -* ]]; then
        kind="$(_sftkl_optkind "$cmdpath" "$prev")"
        if [[ -n "$kind" ]]; then _sftkl_add "$kind" "$cur"; return 0; fi
    fi
    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$(_sftkl_opts "$cmdpath")" -- "$cur")); return 0
    fi
    COMPREPLY=($(compgen -W "$(_sftkl_subs "$cmdpath")" -- "$cur"))
    kind="$(_sftkl_argkind "$cmdpath")"
    if [[ -n "$kind" ]] && ((npos == 0)); then _sftkl_add "$kind" "$cur"; fi
    return 0
}
complete -F _sftkl sftkl
""" % _WALK.format(first=1, last="COMP_CWORD", arr="COMP_WORDS")

_ZSH = """\
_sftkl_add() {
    case "$1" in
        file) _files ;;
        dir) _files -/ ;;
        value) ;;
        *) compadd -- ${=$(_sftkl_words "$1")} ;;
    esac
}
_sftkl() {
    local cur="${words[CURRENT]}" prev="${words[CURRENT - 1]}" kind
%s
    if [[ "$cur" == -*=* ]]; then
        kind="$(_sftkl_optkind "$cmdpath" "${cur%%%%=*}")"
        if [[ -n "$kind" ]]; then compset -P '*='; _sftkl_add "$kind"; fi
        return 0
    fi
    if [[ "$prev" == -* ]]; then
        kind="$(_sftkl_optkind "$cmdpath" "$prev")"
        if [[ -n "$kind" ]]; then _sftkl_add "$kind"; return 0; fi
    fi
    if [[ "$cur" == -* ]]; then compadd -- ${=$(_sftkl_opts "$cmdpath")}; return 0; fi
    compadd -- ${=$(_sftkl_subs "$cmdpath")}
    kind="$(_sftkl_argkind "$cmdpath")"
    if [[ -n "$kind" ]] && ((npos == 0)); then _sftkl_add "$kind"; fi
    return 0
}
compdef _sftkl sftkl
""" % _WALK.format(first=2, last="CURRENT", arr="words")


def bash(nodes: list[Node], lists: dict[str, list[str]]) -> str:
    return _data_functions(nodes, lists) + "\n" + _BASH


def zsh(nodes: list[Node], lists: dict[str, list[str]]) -> str:
    return "#compdef sftkl\n" + _data_functions(nodes, lists) + "\n" + _ZSH


def fish(nodes: list[Node], lists: dict[str, list[str]]) -> str:
    """fish completes options and their values itself; a helper finds the command path."""
    subpairs = " ".join(_q(f"{n.path}|{s}") for n in nodes for s in n.subs)
    valued = " ".join(_q(f"{n.path}|{o}") for n in nodes for o in n.valued)
    out = [
        f"set -g __sftkl_subs {subpairs}",
        f"set -g __sftkl_valued {valued}",
        "function __sftkl_walk --description 'sftkl: the command path and the count of positional words'",
        "    set -l toks (commandline -opc)",
        "    set -l p ''",
        "    set -l skip 0",
        "    set -l npos 0",
        "    for w in $toks[2..-1]",
        "        if test $skip = 1",
        "            set skip 0",
        "            continue",
        "        end",
        "        switch $w",
        "            case '-*=*'",
        "            case '-*'",
        '                contains -- "$p|$w" $__sftkl_valued; and set skip 1',
        "            case '*'",
        '                if contains -- "$p|$w" $__sftkl_subs',
        '                    set p (string trim -- "$p $w"); set npos 0',
        "                else",
        "                    set npos (math $npos + 1)",
        "                end",
        "        end",
        "    end",
        "    echo $p",
        "    echo $npos",
        "end",
        "function __sftkl_at --argument-names want",
        "    set -l r (__sftkl_walk)",
        '    test "$r[1]" = "$want"',
        "end",
        "function __sftkl_arg_at --argument-names want",
        "    set -l r (__sftkl_walk)",
        '    test "$r[1]" = "$want"; and test "$r[2]" = 0',
        "end",
        "complete -c sftkl -f",
    ]

    def values(kind: str) -> str:
        if kind == "file":
            return "-r -F"
        if kind == "dir":
            return "-r -x -a '(__fish_complete_directories)'"
        if kind == "value":
            return "-x"
        return f"-x -a {_q(' '.join(lists[kind]))}"

    for n in nodes:
        at = _q(f"__sftkl_at {_q(n.path)}")
        if n.subs:
            out.append(f"complete -c sftkl -n {at} -a {_q(' '.join(n.subs))}")
        for opt in n.opts:
            flag = f"-l {opt[2:]}" if opt.startswith("--") else f"-s {opt[1:]}"
            kind = n.valued.get(opt)
            out.append(f"complete -c sftkl -n {at} {flag}" + (f" {values(kind)}" if kind else ""))
        if n.arg:
            arg_at = _q(f"__sftkl_arg_at {_q(n.path)}")
            if n.arg == "file":
                out.append(f"complete -c sftkl -n {arg_at} -F")
            elif n.arg == "dir":
                out.append(f"complete -c sftkl -n {arg_at} -a '(__fish_complete_directories)'")
            elif n.arg != "value":
                out.append(f"complete -c sftkl -n {arg_at} -a {_q(' '.join(lists[n.arg]))}")
    return "\n".join(out) + "\n"


def script(shell: str, app: typer.Typer) -> str:
    if shell not in SHELLS:
        raise UsageError("err.completion_shell", shell=shell)
    head = (f"# sftkl completion for {shell}, printed by `sftkl completion {shell}`: "
            "commands, options and problem ids as they were then; print it again after upgrading sftkl.\n")
    return head + {"bash": bash, "zsh": zsh, "fish": fish}[shell](tree(app), words())


def register(app: typer.Typer) -> None:
    """Add `completion` to the sftkl app."""

    @app.command("completion")
    @handles_errors
    def completion_cmd(
        shell: str = typer.Argument(..., help="bash, zsh or fish. 使用的 shell。"),
        lang: Optional[str] = LangOpt,
    ) -> None:
        """Print a shell completion script: eval "$(sftkl completion bash)". 输出 shell 补全脚本。"""
        typer.echo(script(shell, app), nl=False)
