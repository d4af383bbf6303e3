"""Problem pack: ppo-policy-loss (PPO clipped surrogate, clip-higher, dual clip, token-mean)."""
