"""Laying out the parts of the book: WeasyPrint fenced in, notes kept with their calls, pages read back."""
