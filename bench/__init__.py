"""Speed measurements, printed as tables by `make bench` (never timed tests)."""
