"""`entente.Store` reads what the CLI wrote and lists the same events as `entente events`."""

import subprocess

import pytest

import entente
from conftest import ARTICLES, WIRE_STORIES, run_cli


@pytest.fixture(scope="module")
def store_cli(cli):
    """The CLI when it was built with the store (the default build); skips otherwise."""
    probe = subprocess.run([cli, "ingest", "--help"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("$ENTENTE was built without the store (--no-default-features)")
    return cli


@pytest.fixture(scope="module")
def store(store_cli, tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "seeds.duckdb"
    store = entente.Store.create(path, [ARTICLES, WIRE_STORIES], entente=store_cli)
    assert len(store.events()) > 10
    return store


FILTERS = [
    ({}, []),
    ({"actor": "AZE"}, ["--actor", "AZE"]),
    ({"actor": "isr"}, ["--actor", "isr"]),
    ({"dyad": ("AZE", "ISR")}, ["--dyad", "AZE:ISR"]),
    ({"since": "2024", "until": "2024-06"}, ["--since", "2024", "--until", "2024-06"]),
    ({"root": 4}, ["--root", "4"]),
    ({"code": "05"}, ["--code", "05"]),
    ({"quad": 1}, ["--quad", "1"]),
    ({"plover": "consult"}, ["--plover", "consult"]),
    ({"text": "embassy Israel"}, ["--text", "embassy Israel"]),
    ({"origin": "text", "limit": 5}, ["--origin", "text", "--limit", "5"]),
]


@pytest.mark.parametrize("filters, flags", FILTERS, ids=[str(f) for f, _ in FILTERS])
def test_events_are_the_cli_events(store, store_cli, filters, flags):
    expected = run_cli(store_cli, "events", "--store", store.path, "--format", "jsonl", *flags)
    listed = store.events(**filters).to_pylist()
    assert listed == expected


def without_nulls(value):
    """A JSON value with null fields dropped: Arrow gives every row of a table every field."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


ANALYSES = [
    ("dyad", ("AZE", "ISR"), {}, ["dyad", "AZE", "ISR"]),
    ("dyad", ("AZE", "ISR"), {"by": "year", "directed": True}, ["dyad", "AZE", "ISR", "--by", "year", "--directed"]),
    ("network", (), {"all": True}, ["network", "--all"]),
    ("network", (), {"since": "2023", "until": "2023-12"}, ["network", "--since", "2023", "--until", "2023-12"]),
    ("alerts", (), {}, ["alerts"]),
]


@pytest.mark.parametrize("method, arguments, options, command", ANALYSES, ids=[" ".join(c) for *_, c in ANALYSES])
def test_analyses_are_the_cli_analyses(store, store_cli, method, arguments, options, command):
    expected = run_cli(store_cli, *command, "--store", store.path, "--format", "jsonl")
    table = getattr(store, method)(*arguments, **options)
    assert without_nulls(table.to_pylist()) == without_nulls(expected)


def test_balance_is_the_cli_balance(store, store_cli):
    import json

    finished = subprocess.run(
        [store_cli, "balance", "--store", store.path, "--all", "--format", "json"], capture_output=True, text=True
    )
    assert store.balance(all=True) == json.loads(finished.stdout)
    assert store.balance(focus="aze", all=True)["parameters"]["focus"] == "AZE"


def test_sql_reads_the_documented_views(store):
    documents = store.sql("SELECT doc_id FROM documents ORDER BY doc_id").column("doc_id").to_pylist()
    assert "cpc-hajiyev-visits-israel" in documents


def test_the_store_is_read_only(store):
    with pytest.raises(entente.EntenteError, match="read-only"):
        store.sql("DELETE FROM event_store")


def test_bad_filters_raise_value_error(store):
    with pytest.raises(ValueError, match="expected a country or actor code"):
        store.events(actor="A-Z")
    with pytest.raises(ValueError, match="expected YYYY"):
        store.events(since="last year")
    with pytest.raises(ValueError, match="CAMEO root"):
        store.events(root=21)


def test_a_missing_store_is_reported():
    with pytest.raises(FileNotFoundError, match="no Entente store"):
        entente.Store("/nonexistent/entente.duckdb")
