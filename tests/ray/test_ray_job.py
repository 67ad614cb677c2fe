"""Ray Data job on a local two-CPU cluster, over a small corpus made from the real pages."""

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import ray

from service import cli
from service.pipeline import clean_page
from service.pipeline.options import Options
from service.ray_job import SCHEMA, clean_batch, clean_dataset, clean_files

PAGES = sorted(Path(__file__).resolve().parents[3].joinpath("shared", "pages").glob("*.txt"))


@pytest.fixture(scope="module")
def cluster():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             object_store_memory=200 * 1024 * 1024)
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Every page twice, plus one record that cannot be cleaned."""
    d = tmp_path_factory.mktemp("corpus")
    records = [{"id": f"{p.stem}-{n}", "text": p.read_text(encoding="utf-8")}
               for n in range(2) for p in PAGES]
    with open(d / "pages.jsonl", "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        fh.write(json.dumps({"id": "broken", "text": None}) + "\n")
    pq.write_table(pa.Table.from_pylist(records), d / "pages.parquet")
    return d, records


def _by_page(table: pa.Table) -> dict:
    out: dict = {}
    for row in table.sort_by([("id", "ascending"), ("article", "ascending")]).to_pylist():
        out.setdefault(row["id"], []).append(row)
    return out


def _expect_same(rows, text, opts=Options()):
    """The rows of one page hold exactly the articles clean_page returns for it."""
    result = clean_page(text, opts)
    assert [r["article"] for r in rows] == list(range(len(result["articles"])))
    for row, art in zip(rows, result["articles"]):
        assert row["text"] == art["text"]
        assert row["paragraphs"] == art["paragraphs"]
        assert [row["span_start"], row["span_end"]] == art["span"]
        assert row["script_detected"] == result["script"]["detected"]
        assert row["error"] is None


def test_clean_batch_without_ray_one_row_per_article():
    text = PAGES[4].read_text(encoding="utf-8")
    table = clean_batch(pa.table({"id": [7], "text": [text]}))
    assert table.schema == SCHEMA
    rows = table.to_pylist()
    assert {r["id"] for r in rows} == {"7"}
    _expect_same(rows, text)


def test_clean_batch_row_options_and_bad_rows():
    text = PAGES[0].read_text(encoding="utf-8")
    table = clean_batch(pa.table({
        "id": ["t", "bad-option", "no-text"],
        "text": [text, text, None],
        "options": [{"script": "zh-Hant"}, {"script": "klingon"}, None],
    }))
    pages = _by_page(table)
    _expect_same(pages["t"], text, Options(script="zh-Hant"))
    assert pages["t"][0]["script_output"] == "zh-Hant"
    assert pages["bad-option"][0]["article"] is None
    assert "script" in pages["bad-option"][0]["error"]
    assert pages["no-text"][0]["error"] == "'text' missing or not a string"


def test_clean_dataset_on_local_cluster(cluster, corpus):
    d, records = corpus
    out = clean_dataset(ray.data.read_json(str(d / "pages.jsonl"), lines=True),
                        {"script": "zh-Hant"}, batch_size=3).to_arrow_refs()
    table = pa.concat_tables(ray.get(out))
    pages = _by_page(table)
    assert set(pages) == {r["id"] for r in records} | {"broken"}
    for r in records:
        _expect_same(pages[r["id"]], r["text"], Options(script="zh-Hant"))
    assert pages["broken"][0]["error"]


def test_clean_dataset_refuses_bad_options_before_scheduling(cluster, corpus):
    d, _ = corpus
    with pytest.raises(Exception, match="scrpt"):
        clean_dataset(ray.data.read_parquet(str(d / "pages.parquet")), {"scrpt": "zh-Hans"})


def test_clean_files_parquet_to_parquet(cluster, corpus, tmp_path):
    d, records = corpus
    summary = clean_files(str(d / "pages.parquet"), str(tmp_path / "out"))
    table = pq.read_table(tmp_path / "out")
    assert summary == {"output": str(tmp_path / "out"), "pages": len(records),
                       "articles": table.num_rows, "failed": 0}
    pages = _by_page(table)
    for r in records:
        _expect_same(pages[r["id"]], r["text"])


def test_qingxi_ray_command(cluster, corpus, tmp_path, capsys):
    d, records = corpus
    rc = cli.main(["ray", str(d / "pages.jsonl"), str(tmp_path / "out"), "--no-dedupe"])
    summary = json.loads(capsys.readouterr().out)
    assert rc == 1  # the broken record
    assert summary["failed"] == 1 and summary["pages"] == len(records) + 1
    pages = _by_page(pq.read_table(tmp_path / "out"))
    _expect_same(pages[records[0]["id"]], records[0]["text"], Options(dedupe=False))
