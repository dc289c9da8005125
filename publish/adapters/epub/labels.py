"""The few words the EPUB adds around the text, in the series language.

A book in German should not announce its contents or its notes in English.
Languages not listed here fall back to English.
"""
from __future__ import annotations

from dataclasses import dataclass


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


def labels_for(language: str) -> Labels:
    """The labels for a BCP 47 tag such as 'de-CH' (by its primary language)."""
    return LABELS.get(language.split("-")[0].lower(), LABELS["en"])
