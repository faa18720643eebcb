"""Entente on Spark: code a corpus on every executor, write events as Parquet, analyse with SQL.

    spark-submit --py-files entente-*.whl examples/spark/entente_spark.py CORPUS OUT

CORPUS is JSONL or Parquet with one document per row (``id``, ``text`` and optionally ``date``).
Each executor's Python worker loads the coder once and codes its partitions through
``mapInArrow``: Arrow batches in, Arrow batches out, no row-by-row Python. The events are written
to ``OUT/events`` as Parquet partitioned by ``period``, the layout of ``entente export``; Spark SQL
then computes the dyad series (``OUT/dyad_series``) and the network edges (``OUT/network``).
"""

from __future__ import annotations

import sys
from typing import Iterator, Optional

import pyarrow as pa

#: The columns written, in the types `entente export` uses (DATE, VARCHAR, DOUBLE, INTEGER). Each
#: row is one coded event as `entente code` prints it; `period` is the partition column.
EVENT_SCHEMA = pa.schema(
    [
        ("origin", pa.string()),
        ("date", pa.date32()),
        ("date_precision", pa.string()),
        ("source_code", pa.string()),
        ("source_country", pa.string()),
        ("source_name", pa.string()),
        ("target_code", pa.string()),
        ("target_country", pa.string()),
        ("target_name", pa.string()),
        ("cameo", pa.string()),
        ("cameo_root", pa.string()),
        ("quad_class", pa.int32()),
        ("goldstein", pa.float64()),
        ("plover", pa.string()),
        ("modality", pa.string()),
        ("negated", pa.bool_()),
        ("doc", pa.string()),
        ("sentence_index", pa.int32()),
        ("sentence", pa.string()),
        ("period", pa.string()),
    ]
)

_CODER = None


def _coder():
    """One coder per Python worker process: the dictionaries load once, not once per batch."""
    global _CODER
    if _CODER is None:
        import entente

        _CODER = entente.Coder()
    return _CODER


def code_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """The `mapInArrow` function: documents (id, text[, date]) in, events in EVENT_SCHEMA out."""
    coder = _coder()
    for batch in batches:
        columns = batch.schema.names
        texts = batch.column("text").to_pylist()
        ids = [str(i) for i in batch.column("id").to_pylist()]
        dates = batch.column("date").to_pylist() if "date" in columns else None
        texts = ["" if t is None else t for t in texts]
        events = pa.table(coder.code(texts, ids=ids, dates=dates))
        yield from as_export_rows(events).to_batches()


def as_export_rows(events: pa.Table) -> pa.Table:
    """The package's events table in the export layout: actors flattened to code, country, name;
    the date typed with its precision; the period the directory is named by."""
    rows = events.to_pylist()
    out = {name: [] for name in EVENT_SCHEMA.names}
    for row in rows:
        date, precision, period = _dated(row["date"])
        target = row["target"] or {}
        out["origin"].append("text")
        out["date"].append(date)
        out["date_precision"].append(precision)
        for side, actor in (("source", row["source"]), ("target", target)):
            out[f"{side}_code"].append(actor.get("code"))
            out[f"{side}_country"].append(actor.get("country"))
            out[f"{side}_name"].append(actor.get("name"))
        out["cameo"].append(row["cameo"])
        out["cameo_root"].append(row["cameo"][:2])
        out["quad_class"].append(row["quad_class"])
        out["goldstein"].append(row["goldstein"])
        out["plover"].append(row["plover"])
        out["modality"].append(row["modality"])
        out["negated"].append(row["negated"])
        out["doc"].append(row["doc"])
        out["sentence_index"].append(row["sentence_index"])
        out["sentence"].append(row["sentence"])
        out["period"].append(period)
    return pa.table(out, schema=EVENT_SCHEMA)


def _dated(date: Optional[str]):
    """(first day, precision, period) of a date printed at its precision ("2024", "2024-06", ...)."""
    import datetime

    if not date:
        return None, None, "undated"
    parts = [int(p) for p in date.split("-")]
    precision = ("year", "month", "day")[len(parts) - 1]
    first = datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    return first, precision, date[:4] if precision == "year" else date[:7]


def code_corpus(spark, corpus: str):
    """The events of a JSONL or Parquet corpus (one document per row) as a Spark DataFrame."""
    # The executors' Python workers unpickle `code_batches` by module name: ship this module.
    spark.sparkContext.addPyFile(__file__)
    reader = spark.read.parquet if corpus.endswith(".parquet") else spark.read.json
    documents = reader(corpus)
    wanted = [c for c in ("id", "text", "date") if c in documents.columns]
    documents = documents.select(*[documents[c].cast("string") for c in wanted])
    from pyspark.sql.types import StructType

    schema = StructType.fromJson(_spark_schema_json())
    return documents.mapInArrow(code_batches, schema)


def _spark_schema_json():
    """EVENT_SCHEMA as Spark's JSON schema (Spark types named as Arrow's map to them)."""
    spark_types = {"string": "string", "date32[day]": "date", "int32": "integer", "double": "double", "bool": "boolean"}
    return {
        "type": "struct",
        "fields": [
            {"name": f.name, "type": spark_types[str(f.type)], "nullable": True, "metadata": {}}
            for f in EVENT_SCHEMA
        ],
    }


#: CAMEO sectors of non-state actors: they are nodes of their own, not their country (the store's
#: dyad keys, crates/store/src/nodes.rs), so Hamas is not Palestine.
NON_STATE_SECTORS = ("REB", "SEP", "UAF", "INS", "RAD", "CRM", "PTY", "OPP", "NGO", "NGM", "BUS", "MNC")


def dyad_key_sql(side: str) -> str:
    """A side's dyad key: its country for a state actor, its code for a non-state actor or one
    without a country (`entente dyad --group country`)."""
    sectors = ", ".join(f"'{s}'" for s in NON_STATE_SECTORS)
    code, country = f"{side}_code", f"{side}_country"
    return f"CASE WHEN substr({code}, 4, 3) IN ({sectors}) THEN {code} ELSE coalesce({country}, {code}) END"


#: Counted events, as the store counts them (asserted acts, not negated, with a target), each side
#: by its dyad key, the dyad unordered (a < b).
COUNTED_EVENTS = """
WITH keyed AS (
  SELECT *, {source_key} AS source_key, {target_key} AS target_key FROM events
  WHERE modality = 'actual' AND NOT negated AND target_code IS NOT NULL
)
SELECT least(source_key, target_key) AS a, greatest(source_key, target_key) AS b,
       date, date_precision, quad_class, goldstein
FROM keyed WHERE source_key <> target_key
""".format(source_key=dyad_key_sql("source"), target_key=dyad_key_sql("target"))

#: The dyad series by month, as `entente dyad --by month` periods them: events dated to a day or
#: a month in their month; events dated only to a year in a coarse period of their year.
DYAD_SERIES_SQL = f"""
WITH counted AS ({COUNTED_EVENTS})
SELECT a, b,
       CASE date_precision WHEN 'year' THEN date_format(date, 'yyyy') ELSE date_format(date, 'yyyy-MM') END AS period,
       date_precision = 'year' AS coarse,
       count_if(quad_class = 1) AS verbal_coop, count_if(quad_class = 2) AS material_coop,
       count_if(quad_class = 3) AS verbal_conflict, count_if(quad_class = 4) AS material_conflict,
       sum(goldstein) AS goldstein_sum
FROM counted WHERE date IS NOT NULL
GROUP BY a, b, period, coarse ORDER BY a, b, period
"""

#: One edge per unordered dyad over the whole table: quad counts, Goldstein and the cooperation
#: ratio (cooperative minus conflictual events over all, in [-1, 1]); its sign is the edge's.
NETWORK_SQL = f"""
WITH counted AS ({COUNTED_EVENTS})
SELECT a, b, count(*) AS events,
       count_if(quad_class <= 2) AS cooperation, count_if(quad_class >= 3) AS conflict,
       (count_if(quad_class <= 2) - count_if(quad_class >= 3)) / count(*) AS coop_ratio,
       sum(goldstein) AS goldstein_sum
FROM counted GROUP BY a, b ORDER BY events DESC, a, b
"""


def analyse(spark, events_path: str):
    """The dyad series and network edges of an events Parquet directory, by Spark SQL."""
    spark.read.parquet(events_path).createOrReplaceTempView("events")
    return spark.sql(DYAD_SERIES_SQL), spark.sql(NETWORK_SQL)


def main(corpus: str, out: str) -> None:
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("entente").getOrCreate()
    code_corpus(spark, corpus).write.partitionBy("period").parquet(f"{out}/events")
    series, network = analyse(spark, f"{out}/events")
    series.write.parquet(f"{out}/dyad_series")
    network.write.parquet(f"{out}/network")
    spark.stop()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: entente_spark.py CORPUS OUT")
    main(sys.argv[1], sys.argv[2])
