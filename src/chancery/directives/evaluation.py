"""Score the directive extractor against a labelled corpus of real texts.

Pure Python (no database): :func:`load_corpus` reads ``<genre>/<slug>.txt`` + ``<slug>.yaml``
pairs, :func:`score_file` compares one label with one proposal of
:func:`chancery.directives.extraction.extract_directive`, and :func:`evaluate` adds the counts up
per genre and overall. ``chancery directives evaluate DIR`` prints the result.

Matching rules (kept simple so a reader can check a figure by hand):

* **Items**: the label's tree and the proposal's tree are flattened. A proposed item matches a
  labelled one when the normalised markers are equal ("1." = "1 ." = "1)"; "Thứ nhất," = "thứ
  nhất") and the first five words of the text agree after folding whitespace, case and the
  punctuation at word edges (a label's ``start`` shorter than five words is compared on its own
  length). Each labelled item matches at most one proposed item. Precision, recall and F1 are
  micro-averaged over all items.
* **Prose directives** (``unenumerated_directives``): matched on the first five words in the same
  way, with no marker.
* **Issuer**: right when the proposal, folded, equals, contains or is contained in the label's
  ``issuer`` or one of ``issuer_also``; when the label says ``null``, right only for no proposal.
* **Date**: the ISO date must be equal (``null`` = ``None``).

Empty sets score 1.0: no labelled items and no proposed items is a perfect answer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "GENRES",
    "SPLITS",
    "CorpusEntry",
    "Counts",
    "FileScore",
    "Report",
    "evaluate",
    "format_report",
    "load_corpus",
    "score_file",
]

GENRES = ("vpcp_letter", "dispatch", "directive", "conclusion", "ministry_letter", "news",
          "not_directive")
SPLITS = ("dev", "test")
START_WORDS = 5

_EDGE_PUNCTUATION = "\"'“”‘’«»()[]{}.,;:!?…-–—/*"


# --------------------------------------------------------------------------------------------
# Folding
# --------------------------------------------------------------------------------------------


def fold(text: str | None) -> str:
    """NFC, case-folded, whitespace collapsed to single spaces."""
    text = unicodedata.normalize("NFC", text or "")
    return " ".join(text.casefold().split())


def normalise_marker(marker: str | None) -> str:
    """"1." / "1 ." / "1)" / "1-" -> "1"; "Thứ nhất," -> "thứ nhất"; a bare bullet stays itself."""
    folded = fold(marker)
    stripped = folded.rstrip(".):,;-–— ").strip()
    stripped = re.sub(r"\s+", " ", stripped)
    return stripped or folded.replace(" ", "")


def first_words(text: str | None, count: int = START_WORDS) -> tuple[str, ...]:
    """The first ``count`` words, folded, with punctuation trimmed from their edges."""
    words = []
    for word in fold(text).split(" "):
        word = word.strip(_EDGE_PUNCTUATION)
        if word:
            words.append(word)
        if len(words) == count:
            break
    return tuple(words)


def _starts_agree(label_start: str, predicted_text: str) -> bool:
    wanted = first_words(label_start)
    if not wanted:
        return False
    return first_words(predicted_text, len(wanted)) == wanted


# --------------------------------------------------------------------------------------------
# Counts
# --------------------------------------------------------------------------------------------


@dataclass
class Counts:
    """True positives, false positives and false negatives of one set comparison."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}


def _flatten(items: Iterable[dict]) -> list[dict]:
    flat: list[dict] = []
    for item in items or []:
        flat.append(item)
        flat.extend(_flatten(item.get("children") or []))
    return flat


def _match(gold: list[tuple[str, str]], predicted: list[tuple[str, str]]) -> Counts:
    """Greedy one-to-one matching of (marker, start) labels to (marker, text) proposals."""
    unused = list(range(len(predicted)))
    tp = 0
    for marker, start in gold:
        for position, index in enumerate(unused):
            p_marker, p_text = predicted[index]
            if marker == p_marker and _starts_agree(start, p_text):
                tp += 1
                del unused[position]
                break
    return Counts(tp=tp, fp=len(predicted) - tp, fn=len(gold) - tp)


def item_counts(label_items: Iterable[dict], predicted_items: Iterable[dict]) -> Counts:
    gold = [(normalise_marker(item.get("marker")), item.get("start") or "")
            for item in _flatten(label_items)]
    predicted = [(normalise_marker(item.get("marker")), item.get("text") or "")
                 for item in _flatten(predicted_items)]
    return _match(gold, predicted)


def prose_counts(label_prose: Iterable[str], predicted: Iterable[str]) -> Counts:
    return _match([("", start) for start in label_prose or []],
                  [("", sentence) for sentence in predicted or []])


def issuer_correct(label: dict, predicted: str | None) -> bool:
    wanted = [fold(name) for name in [label.get("issuer"), *(label.get("issuer_also") or [])]
              if name]
    if not wanted:
        return not predicted
    got = fold(predicted)
    if not got:
        return False
    return any(got == name or got in name or name in got for name in wanted)


def date_correct(label: dict, predicted: str | None) -> bool:
    wanted = label.get("date")
    if isinstance(wanted, date):
        wanted = wanted.isoformat()
    return (wanted or None) == (predicted or None)


# --------------------------------------------------------------------------------------------
# Files and corpus
# --------------------------------------------------------------------------------------------


@dataclass
class CorpusEntry:
    """One text and its labels."""

    slug: str
    genre: str
    split: str
    text_path: Path
    label: dict[str, Any]

    @property
    def text(self) -> str:
        return self.text_path.read_text(encoding="utf-8")


def load_corpus(root: Path, *, split: str = "all") -> list[CorpusEntry]:
    """Every ``<genre>/<slug>.yaml`` under ``root`` with its ``.txt``, sorted by path."""
    entries = []
    for label_path in sorted(Path(root).glob("*/*.yaml")):
        label = yaml.safe_load(label_path.read_text(encoding="utf-8")) or {}
        entry = CorpusEntry(slug=label_path.stem, genre=str(label.get("genre")),
                            split=str(label.get("split")),
                            text_path=label_path.with_suffix(".txt"), label=label)
        if split in ("all", entry.split):
            entries.append(entry)
    return entries


@dataclass
class FileScore:
    """How one proposal compares with its label."""

    slug: str
    genre: str
    items: Counts
    prose: Counts
    issuer_ok: bool
    date_ok: bool
    predicted_issuer: str | None = None
    predicted_date: str | None = None

    @property
    def score(self) -> float:
        """One number to rank files by: the mean of item F1, prose F1, issuer and date."""
        return (self.items.f1 + self.prose.f1 + self.issuer_ok + self.date_ok) / 4

    def as_dict(self) -> dict[str, Any]:
        return {"slug": self.slug, "genre": self.genre, "score": round(self.score, 4),
                "items": self.items.as_dict(), "prose": self.prose.as_dict(),
                "issuer_ok": self.issuer_ok, "predicted_issuer": self.predicted_issuer,
                "date_ok": self.date_ok, "predicted_date": self.predicted_date}


def score_file(label: dict, prediction: dict, *, slug: str = "", genre: str = "") -> FileScore:
    """Compare one label (the YAML's fields) with one ``extract_directive`` proposal."""
    return FileScore(
        slug=slug, genre=genre or str(label.get("genre") or ""),
        items=item_counts(label.get("items") or [], prediction.get("items") or []),
        prose=prose_counts(label.get("prose") or [],
                           prediction.get("unenumerated_directives") or []),
        issuer_ok=issuer_correct(label, prediction.get("issued_by")),
        date_ok=date_correct(label, prediction.get("issued_on")),
        predicted_issuer=prediction.get("issued_by"),
        predicted_date=prediction.get("issued_on"),
    )


@dataclass
class Summary:
    """Counts added up over a group of files."""

    files: int = 0
    items: Counts = field(default_factory=Counts)
    prose: Counts = field(default_factory=Counts)
    issuer_right: int = 0
    date_right: int = 0

    def add(self, score: FileScore) -> None:
        self.files += 1
        self.items += score.items
        self.prose += score.prose
        self.issuer_right += score.issuer_ok
        self.date_right += score.date_ok

    @property
    def issuer_accuracy(self) -> float:
        return self.issuer_right / self.files if self.files else 1.0

    @property
    def date_accuracy(self) -> float:
        return self.date_right / self.files if self.files else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {"files": self.files, "items": self.items.as_dict(),
                "prose": self.prose.as_dict(),
                "issuer_accuracy": round(self.issuer_accuracy, 4),
                "date_accuracy": round(self.date_accuracy, 4)}


@dataclass
class Report:
    """Per-genre and overall figures, and every file's score."""

    overall: Summary
    genres: dict[str, Summary]
    files: list[FileScore]

    def worst(self, count: int = 5) -> list[FileScore]:
        return sorted(self.files, key=lambda score: (score.score, score.slug))[:count]

    def as_dict(self) -> dict[str, Any]:
        return {"overall": self.overall.as_dict(),
                "genres": {genre: summary.as_dict() for genre, summary in self.genres.items()},
                "worst": [score.as_dict() for score in self.worst()]}


def evaluate(entries: Iterable[CorpusEntry],
             extract: Callable[[str], dict] | None = None) -> Report:
    """Run ``extract`` (the extractor by default) on each entry and add the scores up."""
    if extract is None:
        from chancery.directives.extraction import extract_directive as extract
    overall = Summary()
    genres: dict[str, Summary] = {}
    files = []
    for entry in entries:
        score = score_file(entry.label, extract(entry.text), slug=entry.slug, genre=entry.genre)
        files.append(score)
        overall.add(score)
        genres.setdefault(entry.genre, Summary()).add(score)
    ordered = {genre: genres[genre] for genre in sorted(genres, key=_genre_order)}
    return Report(overall=overall, genres=ordered, files=files)


def _genre_order(genre: str) -> tuple[int, str]:
    return (GENRES.index(genre) if genre in GENRES else len(GENRES), genre)


def format_report(report: Report, *, worst: int = 5) -> str:
    """A fixed-width table: one row per genre and one overall, then the worst files."""
    header = (f"{'genre':<16}{'files':>6}  {'items P':>7} {'R':>5} {'F1':>5}  "
              f"{'prose P':>7} {'R':>5} {'F1':>5}  {'issuer':>6} {'date':>5}")
    lines = [header, "-" * len(header)]
    rows = [*report.genres.items(), ("overall", report.overall)]
    for name, summary in rows:
        lines.append(
            f"{name:<16}{summary.files:>6}  "
            f"{summary.items.precision:>7.2f} {summary.items.recall:>5.2f} "
            f"{summary.items.f1:>5.2f}  "
            f"{summary.prose.precision:>7.2f} {summary.prose.recall:>5.2f} "
            f"{summary.prose.f1:>5.2f}  "
            f"{summary.issuer_accuracy:>6.2f} {summary.date_accuracy:>5.2f}")
    lines += ["", f"Worst {worst} files:"]
    for score in report.worst(worst):
        lines.append(
            f"  {score.score:.2f}  {score.genre}/{score.slug}: items F1 {score.items.f1:.2f} "
            f"({score.items.tp}/{score.items.tp + score.items.fn} found, {score.items.fp} extra), "
            f"prose F1 {score.prose.f1:.2f}, issuer {'ok' if score.issuer_ok else 'wrong'} "
            f"({score.predicted_issuer or '-'}), date {'ok' if score.date_ok else 'wrong'} "
            f"({score.predicted_date or '-'})")
    return "\n".join(lines)
