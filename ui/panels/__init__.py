"""Per-page blocks: ``ui/panels/<page>.py`` belongs to ``pages/<page>.py``."""
