"""Clean a corpus on Ray Data: JSONL or Parquet pages in, Parquet with one row per article out.

Needs the ``ray`` extra (``pip install 'qingxi[ray]'``).  The pipeline is a pure function of the
page, so it maps over a Dataset as is: each Ray worker imports :mod:`service.pipeline` once (the
OpenCC converters load at import) and cleans a batch of pages per ``map_batches`` call.

From Python::

    import ray
    from service.ray_job import clean_dataset

    ds = ray.data.read_json("pages.jsonl")            # columns: id, text[, options]
    articles = clean_dataset(ds, {"script": "zh-Hans"})
    articles.write_parquet("articles/")

or, reading and writing files in one call (starting a local cluster if none is running),
``clean_files("pages.jsonl", "articles/")`` — which is what ``qingxi ray IN OUT`` runs.

Each output row is one article of one page (:data:`SCHEMA`): the page's ``id``, the article's
index on the page, its fields as ``POST /v1/clean`` returns them, ``span_start``/``span_end`` in
the page, and the page's detected and output script.  A page that cannot be cleaned (``text``
missing or not a string, bad options) gives one row with ``article`` null and ``error`` set, so
failures are counted, not lost.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Mapping

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pads
import ray

from .batching import RecordError, load_options
from .pipeline import clean_page
from .pipeline.options import DEFAULTS, Options

#: One row per article.  ``id`` is a string whatever the input's id type (Parquet needs one
#: type per column; an integer id comes out as its decimal string).
SCHEMA = pa.schema([
    ("id", pa.string()),
    ("article", pa.int32()),
    ("kind", pa.string()),
    ("kicker", pa.string()),
    ("title", pa.string()),
    ("subtitle", pa.string()),
    ("dateline", pa.string()),
    ("byline", pa.string()),
    ("paragraphs", pa.list_(pa.string())),
    ("captions", pa.list_(pa.string())),
    ("continued", pa.string()),
    ("text", pa.string()),
    ("span_start", pa.int64()),
    ("span_end", pa.int64()),
    ("script_detected", pa.string()),
    ("script_output", pa.string()),
    ("error", pa.string()),
])

_ARTICLE_FIELDS = ("kind", "kicker", "title", "subtitle", "dateline", "byline", "paragraphs",
                   "captions", "continued", "text")


def _id(value: Any) -> str | None:
    return None if value is None else str(value)


def clean_batch(batch: pa.Table, options: Mapping[str, Any] | None = None,
                text_column: str = "text", id_column: str = "id") -> pa.Table:
    """One ``map_batches`` call: a table of pages to a table of articles (:data:`SCHEMA`).

    An ``options`` column (a struct, as JSON Lines records carry it) overrides ``options`` for
    its row.  Works without Ray too (it is a function of Arrow tables).
    """
    base = load_options(None, options)
    n = batch.num_rows
    texts = batch.column(text_column).to_pylist() if text_column in batch.column_names else [None] * n
    ids = batch.column(id_column).to_pylist() if id_column in batch.column_names else [None] * n
    per_row = (batch.column("options").to_pylist() if "options" in batch.column_names
               else [None] * n)
    rows: dict[str, list] = {name: [] for name in SCHEMA.names}

    def add(**values: Any) -> None:
        for name in SCHEMA.names:
            rows[name].append(values.get(name))

    for rid, text, opts in zip(ids, texts, per_row):
        rid = _id(rid)
        if not isinstance(text, str):
            add(id=rid, error=f"{text_column!r} missing or not a string")
            continue
        try:
            row_opts = load_options({k: v for k, v in opts.items() if v is not None},
                                    options) if opts else base
        except RecordError as exc:
            add(id=rid, error=exc.problem["detail"])
            continue
        try:
            result = clean_page(text, row_opts)
        except Exception as exc:  # noqa: BLE001 - one page must not fail the job
            add(id=rid, error=f"{type(exc).__name__}: {exc}")
            continue
        script = result["script"]
        for i, art in enumerate(result["articles"]):
            add(id=rid, article=i, span_start=art["span"][0], span_end=art["span"][1],
                script_detected=script["detected"], script_output=script["output"],
                **{k: art[k] for k in _ARTICLE_FIELDS})
    return pa.table(rows, schema=SCHEMA)


def clean_dataset(ds: "ray.data.Dataset", options: Mapping[str, Any] | None = None, *,
                  text_column: str = "text", id_column: str = "id",
                  batch_size: int = 16) -> "ray.data.Dataset":
    """A Dataset of pages (``id``, ``text``, optional ``options``) to a Dataset of articles.

    ``options`` are the API options (``{"script": "zh-Hant", "dedupe": False}``), checked here,
    on the driver, before any work is scheduled.  ``batch_size`` pages go to each call: enough to
    amortise the per-call cost, small enough to spread a small corpus over every CPU.
    """
    opts = dict(options or {})
    load_options(None, opts)  # fail fast on a typo, not in every task
    return ds.map_batches(
        clean_batch, batch_format="pyarrow", batch_size=batch_size,
        fn_kwargs={"options": opts, "text_column": text_column, "id_column": id_column})


def _read(ds_input: str, input_format: str) -> "ray.data.Dataset":
    fmt = input_format
    if fmt == "auto":
        p = Path(ds_input)
        parquet = p.suffix == ".parquet" or (p.is_dir() and any(p.glob("*.parquet")))
        fmt = "parquet" if parquet else "jsonl"
    if fmt == "parquet":
        return ray.data.read_parquet(ds_input)
    return ray.data.read_json(ds_input, lines=True)


def clean_files(input: str, output: str, *, options: Mapping[str, Any] | None = None,
                input_format: str = "auto", address: str | None = None,
                num_cpus: int | None = None, batch_size: int = 16) -> dict:
    """Read ``input`` (JSONL or Parquet: a file, a directory, anything Ray reads), clean it, write
    Parquet to the ``output`` directory; returns ``{"articles", "pages", "failed", "output"}``.

    Connects to ``address`` (or ``RAY_ADDRESS``) if given, else starts a local Ray with
    ``num_cpus`` CPUs (default: all), unless Ray is already initialised in this process.
    """
    if not ray.is_initialized():
        kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
        if address:
            kwargs["address"] = address
        elif num_cpus:
            kwargs["num_cpus"] = num_cpus
        ray.init(**kwargs)
    ds = _read(input, input_format)
    clean_dataset(ds, options, batch_size=batch_size).write_parquet(output)
    table = pads.dataset(output, format="parquet").to_table(columns=["error"])
    failed = int(pc.sum(table.column("error").is_valid()).as_py() or 0)
    return {
        "output": str(output),
        "pages": ds.count(),
        "articles": table.num_rows - failed,
        "failed": failed,
    }


def _main() -> None:  # pragma: no cover - `python -m service.ray_job IN OUT`
    import sys

    print(json.dumps(clean_files(sys.argv[1], sys.argv[2])))


if __name__ == "__main__":  # pragma: no cover
    _main()
