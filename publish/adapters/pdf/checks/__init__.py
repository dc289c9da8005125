"""What the laid-out book is checked for before it is written: notes whole and in place, words inside
the text block, images sharp enough, what WeasyPrint logged."""
