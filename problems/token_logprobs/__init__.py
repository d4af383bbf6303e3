"""Problem pack: token-logprobs (per-token and per-sequence log-probabilities of the labels)."""
