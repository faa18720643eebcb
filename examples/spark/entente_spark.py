"""Entente on Spark: code a corpus on every executor, write events as Parquet, analyse with SQL.

    spark-submit --py-files entente-*.whl examples/spark/entente_spark.py CORPUS OUT

CORPUS is JSONL or Parquet with one document per row (``id``, ``text`` and optionally ``date``).
Each executor's Python worker loads the coder once and codes its partitions through
``mapInArrow``: Arrow batches in, Arrow batches out, no row-by-row Python. Every coded report (a row
of ``entente code``) is written to ``OUT/reports``. The events are then made from them as
``entente ingest`` makes them (each trigger's primary reading; reports of the same act within a day
merged into one event; only asserted acts counted) and written to ``OUT/events`` in the layout of
``entente export``, hive-partitioned by ``period``. Spark SQL computes the dyad series
(``OUT/dyad_series``) and the network edges (``OUT/network``) from those events.
"""

from __future__ import annotations

import sys
from typing import Iterator, Optional

import pyarrow as pa

#: Where an event happened, as the store keeps it (`location_*` of `entente export`): the coder's
#: `location` struct, its GeoNames id as text.
LOCATION_FIELDS = [("name", pa.string()), ("country", pa.string()), ("adm1", pa.string()),
                   ("lat", pa.float64()), ("lon", pa.float64()), ("feature_id", pa.string()),
                   ("precision", pa.string()), ("how", pa.string())]

#: Every coded report, in the types `entente export` uses (DATE, VARCHAR, DOUBLE, INTEGER, BIGINT):
#: one row of `entente code` each, with what making events needs (`position` is the document's
#: place in the corpus, `report_index` the report's in the document: the order `entente ingest`
#: reads them in). `period` is the partition column.
REPORT_SCHEMA = pa.schema(
    [
        ("origin", pa.string()),
        ("date", pa.date32()),
        ("date_precision", pa.string()),
        ("source_id", pa.string()),
        ("source_code", pa.string()),
        ("source_country", pa.string()),
        ("source_name", pa.string()),
        ("source_start", pa.int32()),
        ("target_id", pa.string()),
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
        ("trigger_start", pa.int32()),
        ("trigger_end", pa.int32()),
        ("rule", pa.string()),
        ("confidence", pa.float64()),
        ("doc", pa.string()),
        ("sentence_index", pa.int32()),
        ("sentence", pa.string()),
        ("outlet", pa.string()),
        ("url", pa.string()),
        *[(f"location_{field}", kind) for field, kind in LOCATION_FIELDS],
        ("position", pa.int64()),
        ("report_index", pa.int32()),
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
    """The `mapInArrow` function: documents (id, text, date, position) in, reports out."""
    coder = _coder()
    for batch in batches:
        texts = ["" if t is None else t for t in batch.column("text").to_pylist()]
        ids = [str(i) for i in batch.column("id").to_pylist()]
        dates = batch.column("date").to_pylist()
        positions = dict(zip(ids, batch.column("position").to_pylist()))
        sources = dict(zip(ids, zip(batch.column("outlet").to_pylist(), batch.column("url").to_pylist())))
        events = pa.table(coder.code(texts, ids=ids, dates=dates))
        yield from as_report_rows(events, positions, sources).to_batches()


def as_report_rows(events: pa.Table, positions, sources) -> pa.Table:
    """The package's events table as REPORT_SCHEMA rows: actors and location flattened, the date
    typed with its precision, the document's outlet and URL (`sources`), the period the directory
    is named by."""
    out = {name: [] for name in REPORT_SCHEMA.names}
    report_index, previous_doc = 0, None
    for row in events.to_pylist():
        report_index = report_index + 1 if row["doc"] == previous_doc else 0
        previous_doc = row["doc"]
        date, precision, period = _dated(row["date"])
        out["origin"].append("text")
        out["date"].append(date)
        out["date_precision"].append(precision)
        for side, actor in (("source", row["source"]), ("target", row["target"] or {})):
            for field in ("id", "code", "country", "name"):
                out[f"{side}_{field}"].append(actor.get(field))
        out["source_start"].append(row["source"]["start"])
        out["cameo_root"].append(row["cameo"][:2])
        for column in ("cameo", "quad_class", "goldstein", "plover", "modality", "negated",
                       "trigger_start", "trigger_end", "rule", "confidence", "doc",
                       "sentence_index", "sentence"):
            out[column].append(row[column])
        outlet, url = sources[row["doc"]]
        out["outlet"].append(outlet)
        out["url"].append(url)
        location = row["location"] or {}
        for field, _ in LOCATION_FIELDS:
            value = location.get("geonames_id" if field == "feature_id" else field)
            out[f"location_{field}"].append(None if value is None else str(value) if field == "feature_id" else value)
        out["position"].append(positions[row["doc"]])
        out["report_index"].append(report_index)
        out["period"].append(period)
    return pa.table(out, schema=REPORT_SCHEMA)


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
    """The reports of a JSONL or Parquet corpus (one document per row) as a Spark DataFrame."""
    from pyspark.sql import functions as F

    # The executors' Python workers unpickle `code_batches` by module name: ship this module.
    spark.sparkContext.addPyFile(__file__)
    reader = spark.read.parquet if corpus.endswith(".parquet") else spark.read.json
    documents = reader(corpus)
    def optional(column):
        present = column in documents.columns
        return (documents[column] if present else F.lit(None)).cast("string").alias(column)

    documents = documents.select(
        documents["id"].cast("string").alias("id"),
        documents["text"].cast("string").alias("text"),
        optional("date"),
        # Where a document came from, as `entente ingest` reads a JSONL line's: its outlet counts
        # the event's sources (`num_sources`).
        optional("outlet"),
        optional("url"),
        # Increasing in corpus order (partition, then row): the order `entente ingest` reads in.
        F.monotonically_increasing_id().alias("position"),
    )
    return documents.mapInArrow(code_batches, _spark_schema(REPORT_SCHEMA))


def _spark_schema(schema: pa.Schema):
    """An Arrow schema as Spark's, nullable throughout."""
    from pyspark.sql.types import StructType

    spark_types = {"string": "string", "date32[day]": "date", "int32": "integer", "int64": "long",
                   "double": "double", "bool": "boolean"}
    fields = [{"name": f.name, "type": spark_types[str(f.type)], "nullable": True, "metadata": {}} for f in schema]
    return StructType.fromJson({"type": "struct", "fields": fields})


#: Each report's reading, as the store sets it (crates/store/src/readings.rs): per sentence,
#: trigger, unordered pair of actors, negation and modality, the primary reading is the most
#: confident, then the one whose source comes first, then a rule's own code before a derived one
#: ('+' in the rule id), then the lower CAMEO code.
READINGS_SQL = """
SELECT *, NOT negated AND row_number() OVER pair_reading = 1 AS primary_reading
FROM reports
WINDOW pair_reading AS (
  PARTITION BY position, sentence_index, trigger_start, trigger_end, negated, modality,
               least(source_id, coalesce(target_id, '')), greatest(source_id, coalesce(target_id, ''))
  ORDER BY confidence DESC, source_start, contains(rule, '+'), cameo, report_index)
"""

#: Who did what to whom: the reports of one event share these (crates/store/src/dedup.rs).
EVENT_KEY = ["source_code", "target_key_code", "cameo", "modality"]


def assign_events(reports):
    """`applyInPandas` over the reports of one event key, in reading order: each joins the nearest
    event already made whose date is within a day (day-precision dates) or the same (coarser or
    missing dates), or makes a new one; as the store's `Deduplicator` does."""
    reports = reports.sort_values(["position", "report_index"])
    made = []  # (event number, day number or None, date, precision)
    numbers = []
    for date, precision in zip(reports["date"], reports["date_precision"]):
        day = date.toordinal() if precision == "day" and date is not None else None
        best = None
        for number, made_day, made_date, made_precision in made:
            if day is not None and made_day is not None:
                distance = abs(day - made_day)
                close = distance <= 1
            else:
                distance, close = 0, (made_date, made_precision) == (date, precision)
            if close and (best is None or (distance, number) < best):
                best = (distance, number)
        if best is None:
            made.append((len(made), day, date, precision))
            numbers.append(len(made) - 1)
        else:
            numbers.append(best[1])
    return reports.assign(event_number=numbers)


#: The events: one row per merged event, with its first report's date, actors and sentence (the
#: report that made it: later reports only join events), kept
#: when some report reads it as a primary reading and it is an asserted act (modality actual).
#: The columns are those of `entente export --format parquet`, in its order: what only imported
#: events have (`external_id`, `num_mentions`, `avg_tone`) is null, as the store has it for text.
EVENTS_SQL = """
WITH events AS (
  SELECT source_code, target_key_code, cameo, modality, event_number,
         count(*) AS num_reports, count(DISTINCT doc) AS num_articles,
         count(DISTINCT coalesce('outlet:' || outlet, 'doc:' || doc)) AS num_sources,
         bool_or(primary_reading) AS counted,
         min_by(struct(date, date_precision, source_code, source_country, source_name,
                       target_code, target_country, target_name, cameo_root, quad_class, goldstein,
                       plover, doc, sentence_index, sentence, outlet, url, location_name,
                       location_country, location_adm1, location_lat, location_lon,
                       location_feature_id, location_precision, location_how, period, position,
                       report_index),
                struct(position, report_index)) AS first
  FROM assigned GROUP BY source_code, target_key_code, cameo, modality, event_number
)
SELECT CAST(row_number() OVER (ORDER BY first.position, first.report_index) AS BIGINT) AS event_id,
       'text' AS origin, CAST(NULL AS STRING) AS external_id, first.date AS date,
       first.date_precision AS date_precision,
       source_code, first.source_country AS source_country, first.source_name AS source_name,
       first.target_code AS target_code, first.target_country AS target_country,
       first.target_name AS target_name, cameo, first.cameo_root AS cameo_root,
       first.quad_class AS quad_class, first.goldstein AS goldstein, first.plover AS plover,
       modality, CAST(num_reports AS INTEGER) AS num_reports,
       CAST(num_sources AS INTEGER) AS num_sources, CAST(NULL AS INTEGER) AS num_mentions,
       CAST(num_articles AS INTEGER) AS num_articles, CAST(NULL AS DOUBLE) AS avg_tone,
       first.outlet AS outlet, first.url AS url, first.doc AS doc,
       first.sentence_index AS sentence_index, first.sentence AS sentence,
       first.location_name AS location_name, first.location_country AS location_country,
       first.location_adm1 AS location_adm1, first.location_lat AS location_lat,
       first.location_lon AS location_lon, first.location_feature_id AS location_feature_id,
       first.location_precision AS location_precision, first.location_how AS location_how,
       CASE WHEN first.location_precision = 'country' THEN 1
            WHEN first.location_precision = 'adm1' AND first.location_country = 'USA' THEN 2
            WHEN first.location_precision = 'city' AND first.location_country = 'USA' THEN 3
            WHEN first.location_precision = 'city' THEN 4
            WHEN first.location_precision = 'adm1' THEN 5 END AS ActionGeo_Type,
       first.location_name AS ActionGeo_FullName, first.location_country AS ActionGeo_CountryCode,
       first.location_adm1 AS ActionGeo_ADM1Code, first.location_lat AS ActionGeo_Lat,
       first.location_lon AS ActionGeo_Long, first.location_feature_id AS ActionGeo_FeatureID,
       first.period AS period
FROM events WHERE counted AND modality = 'actual'
"""


def events_of(spark, reports):
    """The events `entente ingest` would store from these reports, as a DataFrame."""
    from pyspark.sql import functions as F

    reports.createOrReplaceTempView("reports")
    read = spark.sql(READINGS_SQL).where("NOT negated")
    read = read.withColumn("target_key_code", F.coalesce("target_code", F.lit("")))
    from pyspark.sql.types import LongType, StructField, StructType

    schema = StructType(read.schema.fields + [StructField("event_number", LongType())])
    read.groupBy(*EVENT_KEY).applyInPandas(assign_events, schema).createOrReplaceTempView("assigned")
    return spark.sql(EVENTS_SQL)


#: CAMEO sectors of non-state actors: they are nodes of their own, not their country (the store's
#: dyad keys, crates/queries/src/nodes.rs), so Hamas is not Palestine.
NON_STATE_SECTORS = ("REB", "SEP", "UAF", "INS", "RAD", "CRM", "PTY", "OPP", "NGO", "NGM", "BUS", "MNC")


def dyad_key_sql(side: str) -> str:
    """A side's dyad key: its country for a state actor, its code for a non-state actor or one
    without a country (`entente dyad --group country`)."""
    sectors = ", ".join(f"'{s}'" for s in NON_STATE_SECTORS)
    code, country = f"{side}_code", f"{side}_country"
    return f"CASE WHEN substr({code}, 4, 3) IN ({sectors}) THEN {code} ELSE coalesce({country}, {code}) END"


#: The events with a target, each side by its dyad key, the dyad unordered (a < b).
COUNTED_EVENTS = """
WITH keyed AS (
  SELECT *, {source_key} AS source_key, {target_key} AS target_key FROM events
  WHERE target_code IS NOT NULL
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
    code_corpus(spark, corpus).write.partitionBy("period").parquet(f"{out}/reports")
    reports = spark.read.parquet(f"{out}/reports")
    events_of(spark, reports).write.partitionBy("period").parquet(f"{out}/events")
    series, network = analyse(spark, f"{out}/events")
    series.write.parquet(f"{out}/dyad_series")
    network.write.parquet(f"{out}/network")
    spark.stop()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: entente_spark.py CORPUS OUT")
    main(sys.argv[1], sys.argv[2])
