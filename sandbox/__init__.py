"""The sandbox: starts, limits, talks to and cleans up the learner's process.

The judge uses one interface, `session.Run` (run a file's functions over a list of
inputs under limits; outputs or a failure per input). The rest is how:
`launch` spawns a process with light imports (inside bubblewrap where `jail` says the
machine allows it: namespaces, a read-only view without sftkl, a private /tmp, an
unprivileged uid when we are root), `child` is the program that runs in it
(standalone: it cannot import sftkl), `process` is the grading process's side of one
candidate, `pool` prestarts spares and keeps fork servers warm, `reaper` makes sure
nothing outlives a grade, `capture` bounds what the learner prints.

This package imports nothing of the rest of sftkl (a test checks it).
"""
