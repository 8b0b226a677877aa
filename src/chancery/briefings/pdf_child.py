"""The child process of pdf.html_to_pdf: HTML on stdin, PDF on stdout, nothing else imported.

    python -m chancery.briefings.pdf_child CPU_SECONDS
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    try:
        import resource

        cpu = int(argv[0])
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    except (ImportError, IndexError, ValueError, OSError):  # no resource limits (Windows): the timeout stays
        pass
    from weasyprint import HTML

    from chancery.core.pdf import offline_url_fetcher

    html = sys.stdin.buffer.read().decode("utf-8")
    # No base URL and a fetcher that fetches nothing: the template has no external resource.
    sys.stdout.buffer.write(HTML(string=html, url_fetcher=offline_url_fetcher()).write_pdf())
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
