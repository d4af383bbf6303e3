"""grpo-advantages: group-relative advantages (GRPO, Dr. GRPO, RLOO) from a flat reward vector."""
