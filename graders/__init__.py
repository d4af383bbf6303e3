"""The judge: builds a problem's cases from a seed, compares the learner's outputs with float64
references outside the learner's reach, classifies each case and diagnoses known mistakes.

It also holds what every other package shares: the catalog of problem packs, the report
records (`model`), errors, texts and atomic file writes.
"""
