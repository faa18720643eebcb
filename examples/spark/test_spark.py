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


def cli_events(corpus: Path):
    """`entente code --format jsonl CORPUS`, or the package's events when $ENTENTE is unset."""
    cli = os.environ.get("ENTENTE")
    if cli:
        finished = subprocess.run([cli, "code", "--format", "jsonl", str(corpus)], capture_output=True, text=True)
        assert finished.returncode == 0, finished.stderr
        return [json.loads(line) for line in finished.stdout.splitlines()]
    import entente
    import pyarrow

    documents = [json.loads(line) for line in corpus.read_text().splitlines()]
    table = entente.code([d["text"] for d in documents], ids=[d["id"] for d in documents],
                         dates=[d.get("date") for d in documents])
    return pyarrow.table(table).to_pylist()


def dyad_key(actor):
    non_state = actor["code"][3:6] in entente_spark.NON_STATE_SECTORS
    return actor["code"] if non_state or not actor["country"] else actor["country"]


def series_of(events):
    """DYAD_SERIES_SQL over the CLI's events, in plain Python: {(a, b): {period: counts}}."""
    series = defaultdict(lambda: defaultdict(lambda: [0, 0, 0, 0]))
    for event in events:
        target = event["target"]
        if event["modality"] != "actual" or event["negated"] or target is None or not event["date"]:
            continue
        sides = [dyad_key(actor) for actor in (event["source"], target)]
        if sides[0] == sides[1]:
            continue
        period = event["date"][:4] if len(event["date"]) == 4 else event["date"][:7]
        series[tuple(sorted(sides))][period][event["quad_class"] - 1] += 1
    return series


def top_five(series):
    totals = {dyad: sum(sum(c) for c in periods.values()) for dyad, periods in series.items()}
    return sorted(totals, key=lambda dyad: (-totals[dyad], dyad))[:5]


def run_and_compare(spark, corpus: Path, out: Path):
    events = entente_spark.code_corpus(spark, str(corpus))
    events.write.partitionBy("period").parquet(str(out / "events"))
    expected = cli_events(corpus)
    written = spark.read.parquet(str(out / "events"))
    assert written.count() == len(expected)

    series, network = entente_spark.analyse(spark, str(out / "events"))
    spark_series = defaultdict(dict)
    for row in series.collect():
        counts = [row.verbal_coop, row.material_coop, row.verbal_conflict, row.material_conflict]
        spark_series[(row.a, row.b)][row.period] = counts
    expected_series = series_of(expected)
    top = top_five(expected_series)
    assert top, "no dated dyad to compare"
    for dyad in top:
        assert spark_series[dyad] == {p: list(c) for p, c in expected_series[dyad].items()}, dyad
    edges = {(row.a, row.b): row.events for row in network.collect()}
    assert all(edges[dyad] >= sum(map(sum, expected_series[dyad].values())) for dyad in top)
    return len(expected), top


def test_the_seed_articles_on_spark_agree_with_the_cli(spark, tmp_path):
    count, top = run_and_compare(spark, seed_corpus(tmp_path / "seeds.jsonl"), tmp_path)
    assert count > 10
    assert ("AZE", "ISR") in top


@pytest.mark.skipif(not (SHARED / "corpora/ag_news_test").is_dir(), reason="needs ../shared/corpora")
def test_ag_news_world_and_bbc_politics_on_spark_agree_with_the_cli(spark, tmp_path):
    count, top = run_and_compare(spark, shared_corpus(tmp_path / "news.jsonl"), tmp_path)
    print(f"AG News world + BBC politics: {count} events; top five dyads {top}")
