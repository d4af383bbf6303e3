"""sftkl grading engine."""
