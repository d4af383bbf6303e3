"""sftkl problem packs."""
