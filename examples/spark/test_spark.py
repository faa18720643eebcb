"""The Spark example in local mode (`local[2]`) agrees with the CLI: the same number of events as
`entente code`, and the same dyad series for the five busiest dyads as the CLI's events give.

Runs when pyspark and a Java runtime are present (`.ci/run` installs both). The CLI is $ENTENTE;
without it the package on the driver stands in. The AG News world + BBC politics variant needs
../shared/corpora; the seed-article variant always runs.
"""

import csv
import json
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

pytest.importorskip("pyspark")
if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
    pytest.skip("Spark needs a Java runtime", allow_module_level=True)

sys.path.insert(0, str(Path(__file__).parent))
import entente_spark  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("entente-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    yield session
    session.stop()


def seed_corpus(path: Path) -> Path:
    """The seed articles (with their sidecars' ids and dates) and the wire stories, as JSONL."""
    with path.open("w", encoding="utf-8") as out:
        for text_file in sorted((REPO / "examples/articles").glob("*.txt")):
            meta = json.loads(text_file.with_name(text_file.stem + ".meta.json").read_text())
            out.write(json.dumps({"id": meta["id"], "text": text_file.read_text(), "date": meta.get("date")}) + "\n")
        for line in (REPO / "examples/wire-stories.jsonl").read_text().splitlines():
            story = json.loads(line)
            out.write(json.dumps({k: story[k] for k in ("id", "text", "date") if k in story}) + "\n")
    return path


def shared_corpus(path: Path) -> Path:
    """AG News test's World items and BBC News' politics folder, as bench/code_throughput.sh reads them."""
    with path.open("w", encoding="utf-8") as out:
        with (SHARED / "corpora/ag_news_test/test.csv").open(newline="", encoding="utf-8") as f:
            for n, (label, title, description) in enumerate(csv.reader(f), 1):
                if label == "1":
                    text = title.strip() + "\n\n" + description.replace("\\", " ").strip()
                    out.write(json.dumps({"id": f"ag-{n}", "text": text}) + "\n")
        politics = SHARED / "corpora/bbc_news_2225/politics"
        for name in sorted(os.listdir(politics)):
            text = (politics / name).read_text(encoding="utf-8", errors="replace")
            out.write(json.dumps({"id": f"bbc-politics-{name}", "text": text}) + "\n")
    return path


def cli():
    """$ENTENTE, and whether it was built with the store (ingest, dyad, network)."""
    path = os.environ.get("ENTENTE")
    if not path:
        return None, False
    return path, subprocess.run([path, "ingest", "--help"], capture_output=True).returncode == 0


def run_cli(*arguments):
    finished = subprocess.run([cli()[0], *map(str, arguments)], capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    return [json.loads(line) for line in finished.stdout.splitlines() if line.strip()]


def coded_count(corpus: Path) -> int:
    """How many events `entente code` prints ($ENTENTE), or the package codes without it."""
    if cli()[0]:
        return len(run_cli("code", "--format", "jsonl", corpus))
    import entente

    documents = [json.loads(line) for line in corpus.read_text().splitlines()]
    return len(entente.code([d["text"] for d in documents], ids=[d["id"] for d in documents],
                            dates=[d.get("date") for d in documents]))


def cli_top_dyads(corpus: Path, store: Path):
    """`entente ingest` the corpus; the five dyads with most events (`entente network --all`) and
    each one's non-empty periods of `entente dyad A B` as {period: [quad counts]}."""
    ingested = subprocess.run([cli()[0], "ingest", "--store", str(store), str(corpus)], capture_output=True)
    assert ingested.returncode == 0, ingested.stderr
    edges = run_cli("network", "--store", store, "--all", "--format", "jsonl")
    top = sorted(edges, key=lambda e: (-e["events"], e["a"], e["b"]))[:5]
    series = {}
    for edge in top:
        rows = run_cli("dyad", "--store", store, edge["a"], edge["b"], "--format", "jsonl")
        series[tuple(sorted((edge["a"], edge["b"])))] = {
            row["period"]: [row["counts"][q] for q in QUADS] for row in rows if any(row["counts"].values())
        }
    return series


QUADS = ["verbal_coop", "material_coop", "verbal_conflict", "material_conflict"]

#: What an event is and what only the store had before: its sources and where it happened.
EVENT_KEY = ("doc", "sentence_index", "cameo", "source_code", "target_code", "num_sources",
             "location_name", "location_country", "location_feature_id", "location_precision", "location_how")


def event_key(row):
    """An event's EVENT_KEY values, from a Spark Row or a `Store.events()` dict."""
    row = row.asDict() if hasattr(row, "asDict") else row
    return tuple("" if row[column] is None else str(row[column]) for column in EVENT_KEY)


def run_and_compare(spark, corpus: Path, out: Path):
    """Codes `corpus` on Spark; checks its reports against `entente code` and, with a CLI built with
    the store, its events and top five dyad series against `entente ingest` + `entente dyad`."""
    entente_spark.code_corpus(spark, str(corpus)).write.partitionBy("period").parquet(str(out / "reports"))
    reports = spark.read.parquet(str(out / "reports"))
    assert reports.count() == coded_count(corpus)
    entente_spark.events_of(spark, reports).write.partitionBy("period").parquet(str(out / "events"))
    series, network = entente_spark.analyse(spark, str(out / "events"))
    spark_series = defaultdict(dict)
    for row in series.collect():
        spark_series[(row.a, row.b)][row.period] = [getattr(row, q) for q in QUADS]
    if not cli()[1]:
        return reports.count(), spark_series, None
    import entente

    expected = cli_top_dyads(corpus, out / "cli.duckdb")
    stored = entente.Store(out / "cli.duckdb").events().to_pylist()
    events = spark.read.parquet(str(out / "events"))
    assert events.count() == len(stored)
    # The layout of `entente export --format parquet`, and the store's sources and places.
    subprocess.run([cli()[0], "export", "--store", out / "cli.duckdb", "--format", "parquet",
                    out / "export"], check=True, capture_output=True)
    assert events.columns == spark.read.parquet(str(out / "export")).columns
    assert sorted(map(event_key, events.collect())) == sorted(map(event_key, stored))
    for dyad, periods in expected.items():
        assert spark_series[dyad] == periods, dyad
    edges = {(row.a, row.b): row.events for row in network.collect()}
    assert all(dyad in edges for dyad in expected)
    return reports.count(), spark_series, list(expected)


def test_the_seed_articles_on_spark_agree_with_the_cli(spark, tmp_path):
    count, series, top = run_and_compare(spark, seed_corpus(tmp_path / "seeds.jsonl"), tmp_path)
    assert count > 10
    assert series[("AZE", "ISR")]["2023-03"][0] >= 1
    assert top is None or ("AZE", "ISR") in top


@pytest.mark.skipif(not (SHARED / "corpora/ag_news_test").is_dir(), reason="needs ../shared/corpora")
def test_ag_news_world_and_bbc_politics_on_spark_agree_with_the_cli(spark, tmp_path):
    count, _, top = run_and_compare(spark, shared_corpus(tmp_path / "news.jsonl"), tmp_path)
    print(f"AG News world + BBC politics: {count} events; top five dyads {top}")
