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


def problem_tracks() -> dict[str, list[str]]:
    """Each problem id and its tracks, from the catalog: `--track` offers only these once
    the command line names the problem."""
    from sftkl.graders.catalog import catalog

    return {p.id: sorted(p.tracks) for p in catalog().values()}


def _q(word: str) -> str:
    import shlex

    return shlex.quote(word)


def _data_functions(nodes: list[Node], lists: dict[str, list[str]], tracks: dict[str, list[str]]) -> str:
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
    out += ["    esac", "}", "# the tracks of a problem id; nothing for an id the catalog does not know", "_sftkl_tracks() {",
            '    case "$1" in']
    out += [f"        {_q(pid)}) echo {_q(' '.join(ts))} ;;" for pid, ts in tracks.items()]
    out += ["    esac", "}", _TRACKWORDS]
    return "\n".join(out)


# The values of --track: those every problem named before the cursor has ($1: the ids, space
# separated; mock takes --problem several times). An id the catalog does not know says
# nothing; with no problem known, or none in common, all tracks. Plain expansions only
# (zsh does not split words unquoted), so bash and zsh share it.
_TRACKWORDS = """\
_sftkl_trackwords() {
    local all out="" tr p ts rest todo
    all="$(_sftkl_words track)"; todo="$all "
    while [[ -n "${todo// /}" ]]; do
        tr="${todo%% *}"; todo="${todo#* }"
        rest="$1 "
        while [[ -n "${rest// /}" ]]; do
            p="${rest%% *}"; rest="${rest#* }"
            [[ -n "$p" ]] || continue
            ts="$(_sftkl_tracks "$p")"
            [[ -z "$ts" || " $ts " == *" $tr "* ]] || continue 2
        done
        out="${out:+$out }$tr"
    done
    echo "${out:-$all}"
}"""


# Walks the words before the cursor: subcommands extend the path, an option that takes a
# value skips that value, any other word is a positional argument (npos counts them). The
# problems named on the way (the first positional of a command that takes a problem, the value
# of --problem/-p, also as --problem=ID) gather in probs, for the values of --track.
_WALK = """\
    local cmdpath="" w skip=0 npos=0 i probs="" k
    for ((i = {first}; i < {last}; i++)); do
        w="${{{arr}[i]}}"
        if ((skip)); then
            [[ "$w" == "=" ]] && continue  # bash splits --problem=ID into --problem, =, ID
            ((skip == 2)) && probs="$probs $w"
            skip=0; continue
        fi
        case "$w" in
            -*=*) [[ "$(_sftkl_optkind "$cmdpath" "${{w%%=*}}")" == problem ]] && probs="$probs ${{w#*=}}" ;;
            -*)
                k="$(_sftkl_optkind "$cmdpath" "$w")"
                if [[ "$k" == problem ]]; then skip=2; elif [[ -n "$k" ]]; then skip=1; fi ;;
            *)
                if [[ " $(_sftkl_subs "$cmdpath") " == *" $w "* ]]; then
                    cmdpath="${{cmdpath:+$cmdpath }}$w"; npos=0
                else
                    if ((npos == 0)) && [[ "$(_sftkl_argkind "$cmdpath")" == problem ]]; then probs="$probs $w"; fi
                    npos=$((npos + 1))
                fi ;;
        esac
    done"""

_BASH = """\
# $1: the kind of value, $2: the word being completed, $3: the problems named before it
_sftkl_add() {
    case "$1" in
        file) COMPREPLY+=($(compgen -f -- "$2")); compopt -o filenames 2>/dev/null ;;
        dir) COMPREPLY+=($(compgen -d -- "$2")); compopt -o filenames 2>/dev/null ;;
        value) ;;
        track) COMPREPLY+=($(compgen -W "$(_sftkl_trackwords "$3")" -- "$2")) ;;
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
        kind="$(_sftkl_optkind "$cmdpath" "$prev")"; [[ -n "$kind" ]] && _sftkl_add "$kind" "" "$probs"; return 0
    fi
    if [[ "$prev" == "=" ]] && ((COMP_CWORD >= 2)); then
        kind="$(_sftkl_optkind "$cmdpath" "${COMP_WORDS[COMP_CWORD - 2]}")"; [[ -n "$kind" ]] && _sftkl_add "$kind" "$cur" "$probs"; return 0
    fi
    if [[ "$prev" == -* ]]; then
        kind="$(_sftkl_optkind "$cmdpath" "$prev")"
        if [[ -n "$kind" ]]; then _sftkl_add "$kind" "$cur" "$probs"; return 0; fi
    fi
    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$(_sftkl_opts "$cmdpath")" -- "$cur")); return 0
    fi
    COMPREPLY=($(compgen -W "$(_sftkl_subs "$cmdpath")" -- "$cur"))
    kind="$(_sftkl_argkind "$cmdpath")"
    if [[ -n "$kind" ]] && ((npos == 0)); then _sftkl_add "$kind" "$cur" "$probs"; fi
    return 0
}
complete -F _sftkl sftkl
""" % _WALK.format(first=1, last="COMP_CWORD", arr="COMP_WORDS")

_ZSH = """\
# $1: the kind of value, $2: the problems named before the cursor
_sftkl_add() {
    case "$1" in
        file) _files ;;
        dir) _files -/ ;;
        value) ;;
        track) compadd -- ${=$(_sftkl_trackwords "$2")} ;;
        *) compadd -- ${=$(_sftkl_words "$1")} ;;
    esac
}
_sftkl() {
    local cur="${words[CURRENT]}" prev="${words[CURRENT - 1]}" kind
%s
    if [[ "$cur" == -*=* ]]; then
        kind="$(_sftkl_optkind "$cmdpath" "${cur%%%%=*}")"
        if [[ -n "$kind" ]]; then compset -P '*='; _sftkl_add "$kind" "$probs"; fi
        return 0
    fi
    if [[ "$prev" == -* ]]; then
        kind="$(_sftkl_optkind "$cmdpath" "$prev")"
        if [[ -n "$kind" ]]; then _sftkl_add "$kind" "$probs"; return 0; fi
    fi
    if [[ "$cur" == -* ]]; then compadd -- ${=$(_sftkl_opts "$cmdpath")}; return 0; fi
    compadd -- ${=$(_sftkl_subs "$cmdpath")}
    kind="$(_sftkl_argkind "$cmdpath")"
    if [[ -n "$kind" ]] && ((npos == 0)); then _sftkl_add "$kind" "$probs"; fi
    return 0
}
compdef _sftkl sftkl
""" % _WALK.format(first=2, last="CURRENT", arr="words")


def bash(nodes: list[Node], lists: dict[str, list[str]], tracks: dict[str, list[str]]) -> str:
    return _data_functions(nodes, lists, tracks) + "\n" + _BASH


def zsh(nodes: list[Node], lists: dict[str, list[str]], tracks: dict[str, list[str]]) -> str:
    return "#compdef sftkl\n" + _data_functions(nodes, lists, tracks) + "\n" + _ZSH


def fish(nodes: list[Node], lists: dict[str, list[str]], tracks: dict[str, list[str]]) -> str:
    """fish completes options and their values itself; a helper finds the command path and
    the problems named (for the values of --track)."""
    subpairs = " ".join(_q(f"{n.path}|{s}") for n in nodes for s in n.subs)
    valued = " ".join(_q(f"{n.path}|{o}") for n in nodes for o in n.valued)
    problem_opts = " ".join(_q(f"{n.path}|{o}") for n in nodes for o, k in n.valued.items() if k == "problem")
    problem_args = " ".join(_q(n.path) for n in nodes if n.arg == "problem")
    out = [
        f"set -g __sftkl_subs {subpairs}",
        f"set -g __sftkl_valued {valued}",
        f"set -g __sftkl_problem_opts {problem_opts}",
        f"set -g __sftkl_problem_args {problem_args}",
        "function __sftkl_walk --description 'sftkl: the command path, the count of positional words, the problems named'",
        "    set -l toks (commandline -opc)",
        "    set -l p ''",
        "    set -l skip 0",
        "    set -l npos 0",
        "    set -l probs",
        "    for w in $toks[2..-1]",
        "        if test $skip != 0",
        "            test $skip = 2; and set -a probs $w",
        "            set skip 0",
        "            continue",
        "        end",
        "        switch $w",
        "            case '-*=*'",
        "                set -l kv (string split -m 1 = -- $w)",
        '                contains -- "$p|$kv[1]" $__sftkl_problem_opts; and set -a probs $kv[2]',
        "            case '-*'",
        '                if contains -- "$p|$w" $__sftkl_problem_opts',
        "                    set skip 2",
        '                else if contains -- "$p|$w" $__sftkl_valued',
        "                    set skip 1",
        "                end",
        "            case '*'",
        '                if contains -- "$p|$w" $__sftkl_subs',
        '                    set p (string trim -- "$p $w"); set npos 0',
        "                else",
        '                    test $npos = 0; and contains -- "$p" $__sftkl_problem_args; and set -a probs $w',
        "                    set npos (math $npos + 1)",
        "                end",
        "        end",
        "    end",
        "    echo $p",
        "    echo $npos",
        "    printf '%s\\n' $probs",
        "end",
        "function __sftkl_at --argument-names want",
        "    set -l r (__sftkl_walk)",
        '    test "$r[1]" = "$want"',
        "end",
        "function __sftkl_arg_at --argument-names want",
        "    set -l r (__sftkl_walk)",
        '    test "$r[1]" = "$want"; and test "$r[2]" = 0',
        "end",
        "function __sftkl_tracks_of --argument-names id --description 'sftkl: the tracks of a problem id, none when unknown'",
        "    switch \"$id\"",
    ]
    for pid, ts in tracks.items():
        out += [f"        case {_q(pid)}", f"            printf '%s\\n' {' '.join(_q(t) for t in ts)}"]
    all_tracks = " ".join(_q(t) for t in lists["track"])
    out += [
        "    end",
        "end",
        "function __sftkl_track_words --description 'sftkl: the tracks every problem named has; all when none is known'",
        "    set -l probs (__sftkl_walk)",
        "    set -e probs[1..2]",
        "    set -l out",
        f"    for tr in {all_tracks}",
        "        set -l ok 1",
        "        for id in $probs",
        "            set -l ts (__sftkl_tracks_of $id)",
        "            test (count $ts) = 0; or contains -- $tr $ts; or set ok 0",
        "        end",
        "        test $ok = 1; and set -a out $tr",
        "    end",
        f"    test (count $out) != 0; or set out {all_tracks}",
        "    printf '%s\\n' $out",
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
        if kind == "track":
            return "-x -a '(__sftkl_track_words)'"
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
    return head + {"bash": bash, "zsh": zsh, "fish": fish}[shell](tree(app), words(), problem_tracks())


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
