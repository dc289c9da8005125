"""The words the print book adds around the text (contents, imprint, colophon), in the series language."""
from __future__ import annotations

#: Headings the book writes itself, by language (primary subtag); English when the language is not listed.
WORDS = {
    "contents": {"en": "Contents", "de": "Inhalt", "fr": "Table des matières", "es": "Índice", "it": "Indice",
                 "pt": "Sumário", "nl": "Inhoud", "ru": "Содержание", "pl": "Spis treści", "sv": "Innehåll"},
    "bibliography": {"en": "Bibliography", "de": "Literaturverzeichnis", "fr": "Bibliographie",
                     "es": "Bibliografía", "it": "Bibliografia", "pt": "Bibliografia", "nl": "Bibliografie",
                     "ru": "Библиография", "pl": "Bibliografia", "sv": "Litteraturförteckning"},
    "imprint": {"en": "Imprint", "de": "Impressum", "fr": "Mentions légales", "es": "Créditos"},
    "published_by": {"en": "Published by", "de": "Verlag:", "fr": "Publié par", "es": "Publicado por"},
    "also": {"en": "Also in this series", "de": "Ebenfalls in dieser Reihe", "fr": "Dans la même collection",
             "es": "En esta misma colección"},
    "colophon": {"en": "Colophon", "de": "Kolophon", "fr": "Colophon", "es": "Colofón"},
    "set_in": {"en": "This book is set in {fonts}.", "de": "Gesetzt aus der {fonts}.",
               "fr": "Composé en {fonts}.", "es": "Compuesto en {fonts}."},
}


def word(key: str, language: str) -> str:
    return WORDS[key].get(language.split("-")[0].lower(), WORDS[key]["en"])
