"""Coding texts into tables: the acceptance sentence, the Arrow interface and the columns."""

import datetime

import pyarrow
import pytest

import entente

EMBASSY = "Azerbaijan opened its embassy in Tel Aviv on March 29, 2023."

# `entente code --format csv`'s header, with each actor's eight columns folded into one struct.
EVENT_COLUMNS = [
    "doc", "sentence_index", "sentence", "sentence_start", "sentence_end", "date",
    "source", "target", "cameo", "plover", "plover_mode", "goldstein", "quad_class", "negated",
    "modality", "trigger_text", "trigger_start", "trigger_end", "rule", "confidence",
    "dictionaries", "source_path", "target_path", "source_resolution", "target_resolution",
    "location",
]
# The CSV's eight actor fields, code first.
ACTOR_FIELDS = ["code", "country", "id", "name", "sector", "text", "start", "end"]
# The location's fields, as in the CLI's JSONL.
LOCATION_FIELDS = [
    "text", "start", "end", "name", "country", "adm1", "lat", "lon", "geonames_id", "precision",
    "how",
]


def test_the_embassy_sentence_is_an_embassy_event_from_azerbaijan_to_israel_on_its_date():
    frame = entente.code([EMBASSY]).to_pandas()
    assert len(frame) == 1
    event = frame.iloc[0]
    assert event["source"]["code"] == "AZE"
    assert event["target"]["code"] == "ISR"
    assert event["date"] == "2023-03-29"
    assert event["rule"] == "diplomatic.embassy"
    assert event["trigger_text"] == EMBASSY[event["trigger_start"]:event["trigger_end"]]


def test_the_columns_are_the_csv_columns_with_actors_as_structs():
    table = pyarrow.table(entente.code([EMBASSY]))
    assert table.column_names == EVENT_COLUMNS
    assert [f.name for f in table.schema.field("source").type] == ACTOR_FIELDS
    assert [f.name for f in table.schema.field("location").type] == LOCATION_FIELDS
    assert table.schema.field("goldstein").type == pyarrow.float64()
    assert table.schema.field("negated").type == pyarrow.bool_()


def test_the_embassy_is_located_in_tel_aviv():
    location = pyarrow.table(entente.code([EMBASSY])).to_pylist()[0]["location"]
    assert (location["name"], location["country"], location["precision"]) == ("Tel Aviv", "ISR", "city")
    assert isinstance(location["lat"], float) and isinstance(location["geonames_id"], int)


def test_a_printed_frame_shows_the_event():
    printed = repr(entente.code([EMBASSY]).to_pandas())
    for shown in ("2023-03-29", "'code': 'AZE'", "'code': 'ISR'", "diplomatic.embassy"):
        assert shown in printed


def test_polars_reads_the_table_through_the_arrow_stream():
    polars = pytest.importorskip("polars")
    frame = polars.DataFrame(entente.code([EMBASSY, "Russia condemned Ukraine."]))
    assert frame["cameo"].to_list() == ["050", "111"]
    assert frame["target"].struct.field("code").to_list() == ["ISR", "UKR"]
    assert entente.code([EMBASSY]).to_polars().height == 1


def test_an_event_without_a_target_has_a_null_target_struct():
    table = pyarrow.table(entente.code(["Iran held a military parade in Tehran."]))
    rows = table.to_pylist()
    untargeted = [row for row in rows if row["target"] is None]
    assert untargeted or not rows
    for row in untargeted:
        assert row["target_resolution"] is None


def test_ids_default_to_positions_and_dates_resolve_relative_dates():
    table = entente.code(
        ["Russia condemned Ukraine on Monday.", EMBASSY],
        dates=[datetime.date(2024, 6, 5), None],
    ).to_pandas()
    assert table["doc"].tolist() == ["0", "1"]
    # 5 June 2024 was a Wednesday: "on Monday" is the Monday before.
    assert table["date"].tolist() == ["2024-06-03", "2023-03-29"]
    named = entente.code([EMBASSY], ids=["embassy"]).to_pandas()
    assert named["doc"].tolist() == ["embassy"]


def test_one_date_applies_to_every_text():
    table = entente.code(["Russia condemned Ukraine."] * 2, dates="2022-02").to_pandas()
    assert table["date"].tolist() == ["2022-02", "2022-02"]


def test_actors_and_relations_have_the_cli_columns():
    mentions = entente.actors([EMBASSY]).to_pandas()
    assert mentions.columns.tolist() == [
        "doc", "sentence_index", "text", "start", "end", "id", "name", "country", "sector",
        "code", "via", "resolution",
    ]
    assert mentions["country"].tolist() == ["AZE", "ISR"]
    relations = pyarrow.table(entente.relations(["Türkiye, a staunch ally of Azerbaijan, condemned Armenia."]))
    assert relations.column("relation").to_pylist() == ["ally"]
    assert relations.column("a").to_pylist()[0]["code"] == "TUR"


def test_explain_names_the_rule_that_fired():
    explained = entente.Coder().explain(EMBASSY, date="2023")
    assert [event["rule"] for sentence in explained for event in sentence["events"]] == [
        "diplomatic.embassy"
    ]


def test_pipe_yields_batches_in_input_order_and_numbers_documents_across_batches():
    coder = entente.Coder()
    documents = [EMBASSY, {"id": "named", "text": "Russia condemned Ukraine.", "date": "2022"}, EMBASSY]
    tables = list(coder.pipe(documents, batch_size=2))
    assert [len(t) for t in tables] == [2, 1]
    docs = [doc for t in tables for doc in t.to_pandas()["doc"]]
    assert docs == ["0", "named", "2"]
    assert tables[0].to_pandas()["date"].tolist() == ["2023-03-29", "2022"]


def test_coding_from_threads_gives_the_same_events():
    from concurrent.futures import ThreadPoolExecutor

    coder = entente.Coder()
    texts = [EMBASSY, "Russia condemned Ukraine."] * 50
    expected = coder.code(texts).to_pandas()["cameo"].tolist()
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: coder.code(texts).to_pandas()["cameo"].tolist(), range(8)))
    assert all(result == expected for result in results)


def test_the_dictionary_hash_is_the_one_events_carry():
    coder = entente.Coder()
    assert coder.code([EMBASSY]).to_pandas()["dictionaries"][0] == coder.dictionaries_hash
