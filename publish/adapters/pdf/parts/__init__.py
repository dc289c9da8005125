"""The book in parts, each its own HTML document: the front matter, each article, the back matter."""
