"""What the data says: coverage gaps, the partner network, overview counts, and what if a
partner leaves."""
