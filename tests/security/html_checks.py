"""What a page must look like to work under the Content-Security-Policy: no inline script, no
inline style, no event-handler attribute, no javascript: URL, nothing loaded from elsewhere."""

from __future__ import annotations

from html.parser import HTMLParser

DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}  # data blocks, never executed
REQUIRED_CSP = [
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
    "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'", "form-action 'self'",
]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href"}


def _local(url: str) -> bool:
    """Same origin: a path, not "//host/..." and not "scheme:..."."""
    url = url.strip()
    return not url.startswith("//") and ":" not in url.split("/", 1)[0]


class InlineFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        line = self.getpos()[0]
        where = f"line {line} <{tag}>"
        if tag == "script":
            if "src" in values:
                if not _local(values["src"]):
                    self.problems.append(f"{where}: script from elsewhere: {values['src']}")
            elif values.get("type", "").lower() not in DATA_SCRIPT_TYPES:
                self.problems.append(f"{where}: inline script")
        if tag == "style":
            self.problems.append(f"{where}: inline <style> element")
        stylesheet = tag == "link" and "stylesheet" in values.get("rel", "").lower()
        if stylesheet and not _local(values.get("href", "")):
            self.problems.append(f"{where}: stylesheet from elsewhere: {values.get('href')}")
        if tag == "img" and not (values.get("src", "").startswith("data:") or _local(values.get("src", ""))):
            self.problems.append(f"{where}: image from elsewhere: {values.get('src')}")
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"{where}: event handler attribute {name}=")
            elif name == "style":
                self.problems.append(f"{where}: style attribute")
            elif name in URL_ATTRIBUTES and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"{where}: javascript: URL")

    handle_startendtag = handle_starttag


def inline_problems(html: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(html)
    finder.close()
    return finder.problems


def csp_problems(response, *, framed: bool = False) -> list[str]:
    """`framed`: a response the site's own pages show in a frame (a document in the staff's
    viewer) says frame-ancestors 'self' (and X-Frame-Options SAMEORIGIN) instead of 'none'."""
    policy = response.headers.get("Content-Security-Policy", "")
    if not policy:
        return ["no Content-Security-Policy header"]
    directives = {part.strip() for part in policy.split(";")}
    required = REQUIRED_CSP
    if framed:
        required = [d for d in REQUIRED_CSP if not d.startswith("frame-ancestors")]
        required.append("frame-ancestors 'self'")
        if response.headers.get("X-Frame-Options") != "SAMEORIGIN":
            return [f"X-Frame-Options {response.headers.get('X-Frame-Options')!r}, not SAMEORIGIN"]
    return [f"CSP lacks {d!r}" for d in required if d not in directives]


def page_problems(response, *, framed: bool = False) -> list[str]:
    """For an HTML response: the header and the markup."""
    problems = csp_problems(response, framed=framed)
    if response.headers.get("Content-Type", "").startswith("text/html"):
        problems += inline_problems(response.content.decode())
    return problems
