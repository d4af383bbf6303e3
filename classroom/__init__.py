"""The instructor's side: batch grading, exports (CSV, JSON, JUnit, Gradescope) and autograder bundles."""

from sftkl.classroom import texts as _texts  # noqa: F401 - registers the instructor commands' texts
