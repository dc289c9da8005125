"""The few words the EPUB adds around the text, in the series language.

A book in German should not announce its contents or its notes in English.
Languages not listed here fall back to English.
"""
from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Labels:
    cover: str
    title_page: str
    contents: str
    landmarks: str
    notes: str
    bibliography: str
    back_to_reference: str  #: with {k} (which call) and {n} (the note's number)
    pages: str              #: the page-list: the pages of the print book
    index: str = "Index"    #: the back-of-book index
    see: str = "see"        #: an index entry that sends the reader to another
    see_also: str = "see also"
    page_ref: str = "p. {page}"     #: a print page, after a cross-reference
    note_ref: str = "n. {number}"   #: a note referred to by its number


LABELS = {
    "en": Labels("Cover", "Title Page", "Contents", "Guide", "Notes", "Bibliography",
                 "Back to reference {k} of note {n}",
                 "Print Pages"),
    "de": Labels("Umschlag", "Titelseite", "Inhalt", "Wegweiser", "Anmerkungen", "Literaturverzeichnis",
                 "Zurück zu Verweis {k} auf Anmerkung {n}",
                 "Seiten der Druckausgabe"),
    "fr": Labels("Couverture", "Page de titre", "Table des matières", "Repères", "Notes", "Bibliographie",
                 "Retour à l’appel {k} de la note {n}",
                 "Pages de l’édition imprimée"),
    "es": Labels("Cubierta", "Portada", "Índice", "Guía", "Notas", "Bibliografía",
                 "Volver a la llamada {k} de la nota {n}",
                 "Páginas de la edición impresa"),
    "it": Labels("Copertina", "Frontespizio", "Indice", "Guida", "Note", "Bibliografia",
                 "Torna al richiamo {k} della nota {n}",
                 "Pagine dell’edizione a stampa"),
    "pt": Labels("Capa", "Folha de rosto", "Sumário", "Guia", "Notas", "Bibliografia",
                 "Voltar à chamada {k} da nota {n}",
                 "Páginas da edição impressa"),
    "ru": Labels("Обложка", "Титульный лист", "Содержание", "Ориентиры", "Примечания", "Библиография",
                 "Назад к ссылке {k} на примечание {n}",
                 "Страницы печатного издания"),
}


#: the words of the index and of cross-references, by language (English where not given)
INDEX_LABELS = {
    "de": {"index": "Register", "see": "siehe", "see_also": "siehe auch", "page_ref": "S. {page}",
           "note_ref": "Anm. {number}"},
    "fr": {"see": "voir", "see_also": "voir aussi"},
    "es": {"index": "Índice alfabético", "see": "véase", "see_also": "véase también"},
    "it": {"index": "Indice analitico", "see": "vedi", "see_also": "vedi anche"},
    "pt": {"index": "Índice remissivo", "see": "ver", "see_also": "ver também"},
    "ru": {"index": "Указатель", "see": "см.", "see_also": "см. также", "page_ref": "с. {page}",
           "note_ref": "прим. {number}"},
}


def labels_for(language: str) -> Labels:
    """The labels for a BCP 47 tag such as 'de-CH' (by its primary language)."""
    primary = language.split("-")[0].lower()
    found = LABELS.get(primary, LABELS["en"])
    return replace(found, **INDEX_LABELS[primary]) if primary in LABELS and primary in INDEX_LABELS else found
