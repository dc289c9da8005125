"""publish: one series manuscript, three outputs (EPUB 3, print PDF, HTML site)."""

__version__ = "0.1.0"
