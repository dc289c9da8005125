"""The words the print book adds around the text (contents, imprint, colophon, index, references), in the series
language."""
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
    "index": {"en": "Index", "de": "Register", "fr": "Index", "es": "Índice alfabético", "it": "Indice analitico",
              "pt": "Índice remissivo", "ru": "Указатель"},
    "see": {"en": "see", "de": "siehe", "fr": "voir", "es": "véase", "it": "vedi", "pt": "ver", "ru": "см."},
    "see_also": {"en": "see also", "de": "siehe auch", "fr": "voir aussi", "es": "véase también",
                 "it": "vedi anche", "pt": "ver também", "ru": "см. также"},
    "page_ref": {"en": "p. {page}", "de": "S. {page}", "ru": "с. {page}"},
    "note_ref": {"en": "n. {number}", "de": "Anm. {number}", "ru": "прим. {number}"},
}


def word(key: str, language: str) -> str:
    return WORDS[key].get(language.split("-")[0].lower(), WORDS[key]["en"])
