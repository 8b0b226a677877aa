"""Files that passed their checks on a form that was refused, kept in the person's session so
they need not be chosen again.

The online application, the documents a citizen sends on the office's request and the counter's
registration keep them the same way: one place, so a fix to one (a file left open, a replaced
file not deleted) is a fix to all three."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING

from chancery.cases import selectors
from chancery.cases.services import Upload, discard_held_uploads, held_as_uploads, hold_uploads

if TYPE_CHECKING:
    from django.http import HttpRequest

    from chancery.cases.models import HeldUpload
    from chancery.procedures.models import ProcedureVersion


class HeldFiles:
    """The kept files of one form: `session_key` names the session entry of a kind of form,
    `scope` the form within it (a procedure version, a case)."""

    def __init__(self, request: HttpRequest, version: ProcedureVersion, *, session_key: str,
                 scope: str) -> None:
        self.request, self.version = request, version
        self.session_key, self.scope = session_key, scope

    def tokens(self) -> dict[str, str]:
        """Requirement code -> token of each file kept for this form."""
        return dict(self.request.session.get(self.session_key, {}).get(self.scope, {}))

    def _store(self, tokens: Mapping[str, str]) -> None:
        entries = {k: v for k, v in self.request.session.get(self.session_key, {}).items() if k != self.scope}
        if tokens:
            entries[self.scope] = dict(tokens)
        self.request.session[self.session_key] = entries

    def files(self, tokens: Mapping[str, str] | None = None) -> dict[str, HeldUpload]:
        """The kept files still fresh, by requirement code."""
        return selectors.held_uploads(self.version, dict(self.tokens() if tokens is None else tokens))

    def keep(self, held: Mapping[str, HeldUpload], checked: Mapping[str, Upload]) -> dict[str, str]:
        """Keep the files that passed their checks this time (each replaces a file kept before
        for the same document); the tokens of everything now kept."""
        tokens = {code: h.token for code, h in held.items() if code not in checked}
        if checked:
            discard_held_uploads((h for code, h in held.items() if code in checked),
                                 why="replaced", request=self.request)
            tokens.update(hold_uploads(self.version, dict(checked), request=self.request))
            self._store(tokens)
        return tokens

    @contextmanager
    def uploads(
        self, held: Mapping[str, HeldUpload], checked: Mapping[str, Upload],
        shown: Collection[str] | None = None,
    ) -> Iterator[dict[str, Upload]]:
        """The files to save: those chosen now, and the kept ones not chosen again (of the
        documents `shown`, when given); the kept ones are closed afterwards."""
        kept = held_as_uploads(h for code, h in held.items()
                               if code not in checked and (shown is None or code in shown))
        try:
            yield {**kept, **dict(checked)}
        finally:
            for upload, _checked in kept.values():
                upload.close()

    def used(self, held: Mapping[str, HeldUpload]) -> None:
        """The form was saved: its kept files are deleted and forgotten."""
        discard_held_uploads(held.values(), why="used", request=self.request)
        self._store({})
