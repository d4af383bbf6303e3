"""gae: Generalized Advantage Estimation over right-padded [B, T] rows (PPO)."""
