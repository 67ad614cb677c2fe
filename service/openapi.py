"""Write ``openapi.yaml`` from the code (``make openapi``), or check it is up to date.

    python -m service.openapi            # (re)write openapi.yaml at the repository root
    python -m service.openapi --check    # exit 1 and show the diff if it differs

The document comes from the marshmallow schemas and the views' decorators through flask-smorest
and apispec; nobody edits the YAML by hand.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

PATH = Path(__file__).resolve().parent.parent / "openapi.yaml"


def generate() -> str:
    """The OpenAPI document of the app, as YAML text."""
    from service import create_app

    # the document must not depend on how this machine is configured
    app = create_app({"QINGXI_API_KEYS": "", "QINGXI_LOG_LEVEL": "WARNING"})
    return app.extensions["qingxi"]["spec"].yaml()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the file is stale")
    parser.add_argument("--path", type=Path, default=PATH)
    args = parser.parse_args(argv)
    text = generate()
    if args.check:
        old = args.path.read_text(encoding="utf-8") if args.path.exists() else ""
        if old != text:
            sys.stdout.writelines(difflib.unified_diff(
                old.splitlines(True), text.splitlines(True), str(args.path), "generated"))
            print(f"{args.path} is stale: run `make openapi`", file=sys.stderr)
            return 1
        return 0
    args.path.write_text(text, encoding="utf-8")
    print(f"wrote {args.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
