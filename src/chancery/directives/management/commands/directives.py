"""`chancery directives extract FILE [--json]`: propose a directive's issuer, date and items.

`chancery directives evaluate DIR [--split dev|test|all] [--json]`: score the extractor on a
labelled corpus (see :mod:`chancery.directives.evaluation` and tests/directives/corpus/).

Reads a directive's text or a saved news article (HTML is recognised by its content) and prints
what :func:`chancery.directives.extraction.extract_directive` proposes. Nothing is stored: a
person reviews the proposal before tasks are created.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chancery.directives.evaluation import evaluate, format_report, load_corpus
from chancery.directives.extraction import extract_directive


class Command(BaseCommand):
    help = "Work with leaders' directives (extract: propose the items of a directive's text)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        extract = actions.add_parser(
            "extract", help="Propose issuer, date, addressees and items from a text or HTML file."
        )
        extract.add_argument("file", help="UTF-8 text, or the HTML of a news article.")
        extract.add_argument("--json", action="store_true", dest="as_json",
                             help="Print the proposal as JSON.")
        scoring = actions.add_parser(
            "evaluate", help="Score the extractor on a labelled corpus of directive texts.")
        scoring.add_argument("directory", help="Corpus folder: <genre>/<slug>.txt + .yaml.")
        scoring.add_argument("--split", choices=["dev", "test", "all"], default="all",
                             help="Which part of the corpus to score (default: all).")
        scoring.add_argument("--json", action="store_true", dest="as_json",
                             help="Print the figures as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "extract":
            self._extract(Path(options["file"]), as_json=options["as_json"])
        elif options["action"] == "evaluate":
            self._evaluate(Path(options["directory"]), split=options["split"],
                           as_json=options["as_json"])

    def _evaluate(self, directory: Path, *, split: str, as_json: bool) -> None:
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a folder.")
        entries = load_corpus(directory, split=split)
        if not entries:
            raise CommandError(f"No labelled texts (<genre>/<slug>.yaml) in {directory}.")
        report = evaluate(entries)
        if as_json:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(format_report(report))

    def _extract(self, path: Path, *, as_json: bool) -> None:
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path} as UTF-8 text: {error}") from error
        proposal = extract_directive(source)  # HTML is recognised from the content
        if as_json:
            self.stdout.write(json.dumps(proposal, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(_as_outline(proposal))


def _as_outline(proposal: dict) -> str:
    """A short human-readable view, for a quick look in a terminal."""
    lines = [
        f"Title:      {proposal['title'] or '-'}",
        f"Issued by:  {proposal['issued_by'] or '-'}",
        f"Issued on:  {proposal['issued_on'] or '-'}",
        f"Addressees: {'; '.join(proposal['addressees']) or '-'}",
        "Items:",
    ]
    lines += _item_lines(proposal["items"], depth=1) or ["  -"]
    lines.append("Directives outside lists:")
    lines += [f"  * {sentence}" for sentence in proposal["unenumerated_directives"]] or ["  -"]
    return "\n".join(lines)


def _item_lines(items: list[dict], depth: int) -> list[str]:
    lines: list[str] = []
    for item in items:
        first_line = item["text"].split("\n", 1)[0]
        lines.append(f"{'  ' * depth}{item['marker']} [{item['kind']}] {first_line}")
        lines += _item_lines(item["children"], depth + 1)
    return lines
