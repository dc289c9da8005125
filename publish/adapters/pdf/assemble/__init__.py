"""Putting the book together: the parts joined into one PDF, their folios laid over their pages."""
