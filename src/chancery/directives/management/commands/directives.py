"""`chancery directives extract FILE [--json]`: propose a directive's issuer, date and items.

Reads a directive's text or a saved news article (HTML is recognised by its content) and prints
what :func:`chancery.directives.extraction.extract_directive` proposes. Nothing is stored: a
person reviews the proposal before tasks are created.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

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

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "extract":
            self._extract(Path(options["file"]), as_json=options["as_json"])

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
