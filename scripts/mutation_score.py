"""Print the mutation score per module from mutmut's last run (called by scripts/mutation)."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter, defaultdict

MODULES = (
    "chancery.cases.lifecycle",
    "chancery.cases.deadlines",
    "chancery.cases.codes",
    "chancery.organization.calendar",
    "chancery.directives.rules",
    "chancery.portal.statistics",
)


def main() -> int:
    out = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"],
        capture_output=True, text=True, check=True,
    ).stdout
    by_module: dict[str, Counter] = defaultdict(Counter)
    survivors: dict[str, list[str]] = defaultdict(list)
    for line in out.splitlines():
        name, _, status = line.strip().rpartition(": ")
        module = next((m for m in MODULES if name.startswith(m + ".")), None)
        if module is None:
            continue
        by_module[module][status] += 1
        if status != "killed":
            survivors[module].append(f"{name} ({status})")
    print(f"{'module':34} {'killed':>7} {'total':>6} {'score':>7}   other")
    for module in MODULES:
        counts = by_module.get(module, Counter())
        total = sum(counts.values())
        killed = counts["killed"]
        score = f"{100 * killed / total:.1f} %" if total else "-"
        other = ", ".join(f"{s} {n}" for s, n in sorted(counts.items()) if s != "killed")
        print(f"{module:34} {killed:>7} {total:>6} {score:>7}   {other}")
    if "-v" in sys.argv:
        for module in MODULES:
            for name in survivors.get(module, []):
                print("  ", name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
