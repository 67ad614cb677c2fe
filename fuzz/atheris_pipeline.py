"""Coverage-guided fuzzing of the cleaning pipeline with atheris (libFuzzer for Python).

Each input is split into options (the first bytes) and a text (the rest, decoded as UTF-8 with
errors replaced, so every input is some text), and both ``normalize`` and ``clean_page`` run on
it.  A finding is any exception, or a broken invariant:

- the edit log replays over the input to the output of ``normalize``;
- every edit's ``before`` is the input at its span, and spans are sorted and disjoint;
- every article and furniture span lies inside the input.

Seeds are the lines of the real pages (``../shared/pages``) written to a corpus directory.
Usage (``make fuzz`` runs it for ``FUZZ_SECONDS``, 60 by default)::

    python fuzz/atheris_pipeline.py -max_total_time=60 -max_len=4096 CORPUS_DIR
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

with atheris.instrument_imports(include=["service"]):
    from service.pipeline import clean_page, normalize
    from service.pipeline.edits import replay
    from service.pipeline.options import LATIN_SPACING, SCRIPTS, Options

FLAGS = ("segment", "unicode", "reflow", "despace", "punctuation", "repair", "dedupe", "explain")


def options(fdp: atheris.FuzzedDataProvider) -> Options:
    bits = fdp.ConsumeIntInRange(0, (1 << len(FLAGS)) - 1)
    return Options(
        script=SCRIPTS[fdp.ConsumeIntInRange(0, len(SCRIPTS) - 1)],
        latin_spacing=LATIN_SPACING[fdp.ConsumeIntInRange(0, len(LATIN_SPACING) - 1)],
        **{f: not (bits >> i) & 1 for i, f in enumerate(FLAGS)},  # all on when the bits are 0
    )


def check(text: str, opts: Options) -> None:
    out = normalize(text, opts)
    assert replay(text, out["edits"]) == out["text"], "the edit log does not replay"
    end = 0
    for e in out["edits"]:
        assert end <= e["start"] <= e["end"] <= len(text), "edits unsorted or out of range"
        end = e["end"]
    page = clean_page(text, opts._replace(explain=True))
    for e in page["edits"]:
        assert text[e["start"]:e["end"]] == e["before"], "an edit's before is not the input"
    for item in page["articles"] + page["furniture"]:
        s0, s1 = item["span"]
        assert 0 <= s0 <= s1 <= len(text), "a span lies outside the input"
    assert page["stats"]["input_chars"] == len(text)


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    opts = options(fdp)
    text = fdp.ConsumeBytes(fdp.remaining_bytes()).decode("utf-8", "replace")
    check(text, opts)


def seed(corpus: Path) -> None:
    """Real lines (and runs of lines) of the pages, as seeds, each after 3 option bytes."""
    corpus.mkdir(parents=True, exist_ok=True)
    if any(corpus.iterdir()):
        return
    pages = ROOT.parent / "shared" / "pages"
    n = 0
    for path in sorted(pages.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").split("\n")
        for i in range(0, len(lines), 6):
            chunk = "\n".join(lines[i:i + 6]).encode()
            (corpus / f"seed-{n:05d}").write_bytes(b"\x00\x00\x00" + chunk[:4000])
            n += 1


def main() -> None:
    corpus = [a for a in sys.argv[1:] if not a.startswith("-")]
    if corpus:
        seed(Path(corpus[0]))
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
