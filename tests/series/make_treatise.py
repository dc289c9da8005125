"""Write the generated parts of tests/series/treatise: articles/04-public-credit.md and articles/figures/plate.png.

Both are committed; run this again only to change them (the output is the same on every run):

    python tests/series/make_treatise.py

The chapter's prose is put together from the word lists below with a seeded random generator: about
14,000 words (some 30 printed pages) in eight sections of twelve paragraphs, with 40 notes of varied length (short
references, notes of a few sentences, and four long notes of several paragraphs), two of them cited twice
and two written inline. Every note's text is different from every other's.
"""
from __future__ import annotations

import random
import re
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent / "treatise" / "articles"

SECTIONS = [
    ("I", "OF THE ORIGIN OF THE PUBLIC DEBT"),
    ("II", "OF THE FUNDING SYSTEM"),
    ("III", "OF THE SINKING FUND"),
    ("IV", "OF THE SUSPENSION OF CASH PAYMENTS"),
    ("V", "OF THE RESUMPTION"),
    ("VI", "OF THE INCIDENCE OF TAXES UPON THE DEBT"),
    ("VII", "OF THE CONVERSION OF STOCK"),
    ("VIII", "OF THE LIMITS OF PUBLIC CREDIT"),
]

SUBJECTS = [
    "the public debt", "the funded debt", "the floating debt", "the revenue", "the sinking fund",
    "the rate of interest", "the price of the funds", "the circulation", "the Bank", "the country banks",
    "the exchanges", "the price of gold", "the land-tax", "the excise", "the customs", "the income-tax",
    "the stock-holder", "the landowner", "the farmer", "the manufacturer", "the merchant", "the labourer",
    "the minister", "the Treasury", "the House of Commons", "the money-market", "the capital of the country",
    "the annual produce", "the national wealth", "the charge of the debt", "the unfunded debt",
    "the price of corn", "the foreign trade", "the balance of payments", "the paper currency",
]

VERBS = [
    "depended upon", "was governed by", "tended to raise", "could not long exceed", "was measured by",
    "fell with", "rose with", "was increased by", "was diminished by", "bore heavily upon", "relieved",
    "was thought to secure", "was blamed for", "was in truth the effect of", "was defended as a check upon",
    "could not be separated from", "was made to depend upon", "was enlarged at the expense of",
    "was rarely distinguished from", "followed at some distance", "outran",
]

ADVERBS = ["", "", "", "in the end ", "for a time ", "in most years ", "at first ", "in every war ",
           "by common consent ", "as a rule "]

CLAUSES = [
    ", and it follows that {s} {v} {o}",
    ", unless {s} {v} {o}",
    ", as the returns of {y} show",
    ", in the years between {y} and {y2}",
    ", though {s} {v} {o}",
    "; and yet {s} {v} {o}",
    ", for {s} {v} {o}",
    ", as the writers of {y} were the first to observe",
    ", to the amount of £{m}",
    ", or so it was said in the debates of {y}",
    "",
    "",
]

OPENERS = ["", "", "", "It must be remembered that ", "It is certain that ", "No one will deny that ",
           "It was commonly believed that ", "The evidence shows that ", "In the opinion of the ministers, ",
           "Whatever may be said of the details, ", "It has been argued that ", "We may grant that "]

AUTHORS = [
    ("T. Tooke", "*A History of Prices*"), ("W. Newmarch", "*On the Loans Raised by Mr. Pitt*"),
    ("G. R. Porter", "*The Progress of the Nation*"), ("J. R. McCulloch", "*A Treatise on Taxation*"),
    ("R. Hamilton", "*An Inquiry concerning the National Debt*"), ("H. Thornton", "*Paper Credit*"),
    ("D. Ricardo", "*Proposals for an Economical and Secure Currency*"), ("J. Sinclair",
    "*History of the Public Revenue*"), ("W. Cobbett", "*Paper against Gold*"), ("T. Attwood",
    "*The Scotch Banks and Scotch Currency*"), ("J. Fielden", "*The Curse of the Factory System*"),
    ("W. Bagehot", "*Lombard Street*"), ("R. Giffen", "*Essays in Finance*"), ("H. Fawcett",
    "*Manual of Political Economy*"), ("J. E. Cairnes", "*Essays in Political Economy*"),
]

REPORTS = ["Report of the Bullion Committee", "Report on the Resumption of Cash Payments",
           "Accounts relating to the Public Income and Expenditure", "Report on Banks of Issue",
           "Finance Accounts of the United Kingdom", "Report of the Commissioners for the Reduction of the Debt"]


class Writer:
    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.seen: set[str] = set()

    def year(self) -> int:
        return self.r.randint(1793, 1869)

    def sentence(self) -> str:
        r = self.r
        s, o, s2, o2 = r.sample(SUBJECTS, 4)
        y = self.year()
        clause = r.choice(CLAUSES).format(s=s2, v=r.choice(VERBS), o=o2, y=y,
                                          y2=y + r.randint(2, 12), m=f"{r.randint(2, 900) * 1000:,}")
        text = f"{r.choice(OPENERS)}{s} {r.choice(ADVERBS)}{r.choice(VERBS)} {o}{clause}."
        return text[0].upper() + text[1:]

    def unique_sentence(self) -> str:
        while True:
            text = self.sentence()
            if text not in self.seen:
                self.seen.add(text)
                return text

    def paragraph(self, low: int, high: int) -> list[str]:
        return [self.unique_sentence() for _ in range(self.r.randint(low, high))]

    def reference(self) -> str:
        r = self.r
        while True:
            if r.random() < 0.75:
                author, title = r.choice(AUTHORS)
                volume = f"vol. {r.choice(['i', 'ii', 'iii'])}, " if r.random() < 0.4 else ""
                text = f"{author}, {title}, {volume}{r.randint(3, 480)}."
            else:
                text = f"*{r.choice(REPORTS)}* ({self.year()}), {r.randint(2, 260)}."
            if text not in self.seen:
                self.seen.add(text)
                return text


def wrap(text: str, indent: str = "", first: str = "") -> str:
    """Wrap at 72 columns like pandoc's Markdown writer; ``first`` opens the first line (a note's label)."""
    text = re.sub(r" (?=[£\d])", "\0", text)       # a number stays on the line of the word before it
    lines = textwrap.wrap(text, 72, initial_indent=first or indent, subsequent_indent=indent, break_long_words=False,
                          break_on_hyphens=False)
    for line in lines[1 if first else 0:]:  # nothing may start a block in the middle of a paragraph
        assert not re.match(r"\s*(\d+[.)]\s|[-+*]\s|[>#|:~]|\[\^)", line), line
    return "\n".join(lines).replace("\0", " ")


def note_texts(w: Writer) -> list[list[str]]:
    """40 notes, each a list of paragraphs: short references, a few sentences, and four long notes."""
    notes: list[list[str]] = []
    long_at = {9, 19, 28, 36}
    medium_at = {3, 6, 13, 16, 22, 25, 31, 34, 38, 39}
    for index in range(1, 41):
        if index in long_at:
            notes.append([" ".join(w.paragraph(5, 8)) for _ in range(w.r.randint(2, 4))])
        elif index in medium_at:
            notes.append([w.reference() + " " + " ".join(w.paragraph(2, 4))])
        elif index % 7 == 0:
            notes.append([f"Ibid., {w.r.randint(2, 99)}; compare " + w.reference()])
        else:
            notes.append([w.reference()])
    return notes


def chapter() -> str:
    w = Writer(1867)
    notes = note_texts(w)
    inline = {12, 27}                  # written ^[...] at their call
    twice = {5: 2, 17: 6}              # note 5 cited again two sections later, note 17 six later
    paragraphs_per_section = 12
    total = len(SECTIONS) * paragraphs_per_section
    calls_at = {round(i * (total - 2) / 40) + 1: i + 1 for i in range(40)}   # paragraph index -> note
    second_calls: dict[int, int] = {}
    out = ["---", "title: Of the Public Credit", "subtitle: Its Rise, Its Uses and Its Limits", "---", "",
           "[]{#chapter04.xhtml}", ""]
    page, words, paragraph_index = 1, 0, 0
    for number, heading in SECTIONS:
        out += [f"## {number}. {heading} {{#section-{number.lower()}}}", ""]
        for _ in range(paragraphs_per_section):
            sentences = w.paragraph(4, 6)
            note = calls_at.get(paragraph_index)
            again = second_calls.pop(paragraph_index, None)
            if note:
                spot = w.r.randint(1, len(sentences)) - 1
                if note in inline:
                    sentences[spot] = sentences[spot] + "^[" + " ".join(notes[note - 1]) + "]"
                else:
                    sentences[spot] = sentences[spot] + f"[^{note}]"
                if note in twice:
                    second_calls[paragraph_index + twice[note] * paragraphs_per_section // 2] = note
            if again:
                sentences[-1] = sentences[-1] + f"[^{again}]"
            words += sum(len(s.split()) for s in sentences)
            if words > page * 420:
                page += 1
                sentences.insert(len(sentences) // 2, f"[]{{#page_{page}}}")
            out += [wrap(" ".join(sentences)), ""]
            paragraph_index += 1
    assert not second_calls
    for index, paragraphs in enumerate(notes, start=1):
        if index in inline:
            continue
        first, *rest = paragraphs
        body = wrap(first, "    ", first=f"[^{index}]: ")
        for more in rest:
            body += "\n\n" + wrap(more, "    ")
        out += [body, ""]
    return "\n".join(out).rstrip("\n") + "\n"


def plate(path: Path) -> None:
    """A 1200x800 greyscale 'engraving' of mills along a canal: hatched sky, buildings, chimneys, water."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (1200, 800), 236)
    draw = ImageDraw.Draw(image)
    for y in range(0, 420, 6):                          # the sky, hatched more densely towards the top
        if y % (6 + y // 70 * 6) == 0:
            draw.line([(0, y), (1200, y)], fill=170 + y // 6)
    r = random.Random(1849)
    x = 20
    while x < 1180:                                      # the mills
        width, height = r.randint(90, 200), r.randint(140, 300)
        top = 560 - height
        draw.rectangle([x, top, x + width, 560], fill=r.randint(60, 110), outline=20)
        for wy in range(top + 20, 540, 34):
            for wx in range(x + 12, x + width - 16, 26):
                draw.rectangle([wx, wy, wx + 12, wy + 18], fill=200)
        if r.random() < 0.6:                             # a chimney with its smoke
            cx = x + width // 2
            draw.rectangle([cx - 9, top - 160, cx + 9, top], fill=40)
            for puff in range(6):
                px, py = cx + puff * 28, top - 180 - puff * 22
                draw.ellipse([px - 18 - puff * 4, py - 12, px + 18 + puff * 4, py + 12], fill=150 + puff * 10)
        x += width + r.randint(8, 30)
    draw.rectangle([0, 560, 1200, 800], fill=120)        # the canal
    for y in range(570, 800, 9):
        draw.line([(0, y), (1200, y + r.randint(-3, 3))], fill=90)
    draw.rectangle([0, 0, 1199, 799], outline=0, width=6)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, optimize=True)


def main() -> None:
    (HERE / "04-public-credit.md").write_text(chapter(), encoding="utf-8")
    plate(HERE / "figures" / "plate.png")


if __name__ == "__main__":
    main()
