"""The learner's practice state: progress, attempts, hints, solutions, reset, watch, the mock interview."""

from sftkl.practice import texts as _texts  # noqa: F401 - registers the practice commands' texts
