"""`entente.Store` reads what the CLI wrote, lists the same events as `entente events` and gives
the same analyses as `entente dyad|network|balance|alerts`, in-process: the binary only writes the
store and prints the figures compared against."""

import json
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
    ({"modality": "all"}, ["--modality", "all"]),
    ({"modality": "threatened", "actor": "ISR"}, ["--modality", "threatened", "--actor", "ISR"]),
    ({"place": "ISR"}, ["--in", "ISR"]),
    ({"near": (31.77, 35.21, 100)}, ["--near", "31.77,35.21,100"]),
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


@pytest.fixture
def reader(store, monkeypatch):
    """The store as a user without the binary opens it: no $ENTENTE, no `entente` on PATH, so
    anything that still ran the CLI would fail."""
    monkeypatch.delenv("ENTENTE", raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    return entente.Store(store.path)


ANALYSES = [
    ("dyad", ("AZE", "ISR"), {}, ["dyad", "AZE", "ISR"]),
    ("dyad", ("AZE", "ISR"), {"by": "year", "directed": True}, ["dyad", "AZE", "ISR", "--by", "year", "--directed"]),
    ("dyad", ("isr", "tur"), {"by": "quarter", "alpha": 0.5, "since": "2023"},
     ["dyad", "isr", "tur", "--by", "quarter", "--alpha", "0.5", "--since", "2023"]),
    ("dyad", ("AZEGOV", "PSEREBHMS"), {"group": "code", "modality": "all"},
     ["dyad", "AZEGOV", "PSEREBHMS", "--group", "code", "--modality", "all"]),
    ("network", (), {"all": True}, ["network", "--all"]),
    ("network", (), {}, ["network"]),
    ("network", (), {"since": "2023", "until": "2023-12"}, ["network", "--since", "2023", "--until", "2023-12"]),
    ("network", (), {"at": "2024", "group": "state", "neutral_band": 0.3},
     ["network", "--at", "2024", "--group", "state", "--neutral-band", "0.3"]),
    ("network", (), {"all": True, "origin": "text", "modality": "all", "min_evidence": 2},
     ["network", "--all", "--origin", "text", "--modality", "all", "--min-evidence", "2"]),
    ("alerts", (), {}, ["alerts"]),
    ("alerts", (), {"since": "2023", "by": "quarter", "baseline": 2, "min_baseline": 1, "min_events": 1},
     ["alerts", "--since", "2023", "--by", "quarter", "--baseline", "2", "--min-baseline", "1", "--min-events", "1"]),
]


@pytest.mark.parametrize("method, arguments, options, command", ANALYSES, ids=[" ".join(c) for *_, c in ANALYSES])
def test_analyses_are_the_cli_analyses(reader, store_cli, method, arguments, options, command):
    expected = run_cli(store_cli, *command, "--store", reader.path, "--format", "jsonl")
    assert expected or method == "alerts", "a comparison of empty results shows nothing"
    table = getattr(reader, method)(*arguments, **options)
    assert without_nulls(table.to_pylist()) == without_nulls(expected)


BALANCES = [
    ({"all": True}, ["--all"]),
    ({}, []),
    ({"focus": "aze", "all": True, "evidence": 2}, ["--focus", "aze", "--all", "--evidence", "2"]),
    ({"since": "2023", "limit": 1, "exact_limit": 5}, ["--since", "2023", "--limit", "1", "--exact-limit", "5"]),
]


@pytest.mark.parametrize("options, flags", BALANCES, ids=[" ".join(f) or "default" for _, f in BALANCES])
def test_balance_is_the_cli_balance(reader, store_cli, options, flags):
    finished = subprocess.run(
        [store_cli, "balance", "--store", reader.path, *flags, "--format", "json"], capture_output=True, text=True
    )
    assert finished.returncode == 0, finished.stderr
    assert reader.balance(**options) == json.loads(finished.stdout)


def test_balance_warns_of_a_focus_without_edges(reader):
    with pytest.warns(UserWarning, match="no edge"):
        reader.balance(focus="AZE", at="1999")


def test_bad_analysis_arguments_raise_value_error(reader):
    with pytest.raises(ValueError, match="no actor AZR; did you mean AZE"):
        reader.dyad("AZR", "ISR")
    with pytest.raises(ValueError, match="alpha"):
        reader.dyad("AZE", "ISR", alpha=2)
    with pytest.raises(ValueError, match="expected all, actual"):
        reader.network(modality="threat")
    with pytest.raises(ValueError, match="expected country, code or state"):
        reader.network(group="nation")
    with pytest.raises(ValueError, match="expected YYYY"):
        reader.alerts(since="recently")
    with pytest.raises(TypeError, match="unexpected keyword"):
        reader.network(neutral=0.2)


def test_ingest_without_the_binary_says_how_to_get_it(reader, tmp_path):
    with pytest.raises(entente.EntenteError, match="cargo install --path crates/cli"):
        entente.Store.create(tmp_path / "new.duckdb", [ARTICLES])


def test_sql_reads_the_documented_views(store):
    documents = store.sql("SELECT doc_id FROM documents ORDER BY doc_id").column("doc_id").to_pylist()
    assert "cpc-hajiyev-visits-israel" in documents


def test_the_store_is_read_only(store):
    with pytest.raises(entente.EntenteError, match="read-only"):
        store.sql("DELETE FROM event_store")


def test_filters_the_cli_refuses_raise_value_error(store):
    with pytest.raises(ValueError, match="no actor AZR; did you mean AZE"):
        store.events(actor="AZR")
    with pytest.raises(ValueError, match="expected all, actual"):
        store.events(modality="threat")


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
