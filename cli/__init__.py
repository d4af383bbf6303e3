"""sftkl command line."""
