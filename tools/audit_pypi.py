"""Known vulnerabilities of the installed dependencies, from PyPI's own advisory data.

``pip-audit`` asks PyPI for each package *version* (``/pypi/<name>/<version>/json``); where
only the project endpoint (``/pypi/<name>/json``) answers, this script reads that: its
``vulnerabilities`` are those of the latest release (PyPI fills them from the OSV database),
so they apply exactly when the installed version is the latest.  A package whose installed
version is not the latest is listed as not fully audited, with both versions.

Exit status 1 when any installed package has a known vulnerability (or a package could not be
looked up at all).  Usage: ``python tools/audit_pypi.py [requirements.txt]`` (default: ``pip
freeze`` of this interpreter, the project itself excluded).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def installed(path: str | None) -> list[tuple[str, str]]:
    if path:
        lines = open(path, encoding="utf-8").read().splitlines()
    else:
        lines = subprocess.run([sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
                               capture_output=True, text=True, check=True).stdout.splitlines()
    out = []
    for line in lines:
        m = re.match(r"^([A-Za-z0-9._-]+)==([^\s;]+)", line.strip())
        if m and m.group(1).lower() != "qingxi":
            out.append((m.group(1), m.group(2)))
    return out


def lookup(name: str) -> dict | None:
    url = f"https://pypi.org/pypi/{name}/json"
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return json.load(r)
    except (urllib.error.URLError, TimeoutError, ValueError):
        return None


def main() -> int:
    pkgs = installed(sys.argv[1] if len(sys.argv) > 1 else None)
    with ThreadPoolExecutor(8) as pool:
        data = list(pool.map(lambda p: lookup(p[0]), pkgs))
    vulnerable, stale, missing = [], [], []
    for (name, version), d in zip(pkgs, data):
        if d is None:
            missing.append(name)
            continue
        latest = d["info"]["version"]
        vulns = d.get("vulnerabilities") or []
        if version != latest:
            stale.append((name, version, latest))
            # a vulnerability of the latest release that names the installed one as affected
            vulns = [v for v in vulns if version in (v.get("affected_versions") or [])]
        for v in vulns:
            vulnerable.append((name, version, v.get("id"), ", ".join(v.get("aliases") or []),
                               ", ".join(v.get("fixed_in") or [])))
    audited = len(pkgs) - len(stale) - len(missing)
    print(f"{len(pkgs)} installed packages; {audited} at PyPI's latest release, audited against "
          f"PyPI's advisory data; {len(stale)} older than the latest; {len(missing)} not found")
    for name, version, latest in stale:
        print(f"  not the latest release (advisories of {latest} only): {name} {version}")
    for name in missing:
        print(f"  not found on PyPI: {name}")
    for name, version, vid, aliases, fixed in vulnerable:
        print(f"VULNERABLE {name} {version}: {vid} ({aliases}) fixed in {fixed or '?'}")
    if not vulnerable:
        print("no known vulnerability in the audited packages")
    return 1 if vulnerable or missing else 0


if __name__ == "__main__":
    sys.exit(main())
