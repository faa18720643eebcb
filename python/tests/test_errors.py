"""Bad input raises a clear Python exception; it never crashes the interpreter."""

import pytest

import entente


@pytest.mark.parametrize(
    "texts, error, words",
    [
        ("one text", TypeError, "not a single str"),
        ([b"bytes"], TypeError, "texts[0] is a bytes"),
        (["fine", 3], TypeError, "texts[1] is a int"),
        (42, TypeError, "not int"),
    ],
)
def test_texts_that_are_not_a_list_of_str_raise_type_error(texts, error, words):
    with pytest.raises(error, match=pytest.importorskip("re").escape(words)):
        entente.code(texts)


def test_ids_and_dates_must_match_the_texts():
    with pytest.raises(ValueError, match="ids has 1 items but texts has 2"):
        entente.code(["a", "b"], ids=["x"])
    with pytest.raises(ValueError, match=r"dates\[1\]: unreadable date \"soon\""):
        entente.code(["a", "b"], dates=["2024", "soon"])
    with pytest.raises(TypeError, match=r"dates\[0\] must be a str"):
        entente.code(["a"], dates=[2024])


def test_a_missing_dictionaries_folder_raises_dictionary_error():
    with pytest.raises(entente.DictionaryError, match="not a directory"):
        entente.Coder(dictionaries="/nonexistent/entente-dictionaries")


def test_a_bad_dictionary_file_names_its_file_and_line(tmp_path):
    bad = tmp_path / "bad.rules"
    bad.write_text("# a comment\nnot a rule at all\n", encoding="utf-8")
    with pytest.raises(entente.DictionaryError) as raised:
        entente.Coder(dictionaries=tmp_path)
    assert raised.value.file.endswith("bad.rules")
    assert raised.value.line == 2
    assert "bad.rules:2" in str(raised.value)
    assert isinstance(raised.value, entente.EntenteError)


def test_pipe_rejects_bad_documents_and_batch_sizes():
    coder = entente.Coder()
    with pytest.raises(ValueError, match="batch_size"):
        list(coder.pipe(["a"], batch_size=0))
    with pytest.raises(TypeError, match="document 1 is a int"):
        list(coder.pipe(["a", 1]))
    with pytest.raises(TypeError, match="'text' must be a str"):
        list(coder.pipe([{"id": "x"}]))


def test_hostile_text_is_coded_without_crashing():
    texts = ["", "\x00\x01", "Russia " * 5000, "🇦🇿" * 1000, "\ud7ff" + "a" * 10, "." * 10000]
    table = entente.code(texts)
    assert len(table) >= 0


def test_a_store_of_another_schema_version_says_what_to_do(tmp_path):
    import duckdb

    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    with pytest.raises(entente.EntenteError, match="no entente data yet"):
        entente.Store(empty).sql("SELECT 1")

    old = tmp_path / "old.duckdb"
    connection = duckdb.connect(str(old))
    connection.execute("CREATE TABLE schema_version (version INTEGER, applied_at TIMESTAMP)")
    connection.execute("INSERT INTO schema_version VALUES (3, now())")
    connection.close()
    with pytest.raises(entente.EntenteError, match="schema version 3, older than .*entente ingest"):
        entente.Store(old).events()


def test_a_bad_place_a_user_adds_names_its_file_and_line(tmp_path):
    header = "geonames_id\tkind\tname\tcountry\tadm1\tlat\tlon\tpopulation\tnames\n"
    (tmp_path / "camps.places.tsv").write_text(
        header + "\tcity\tNowhere Camp\tLBY\t\tnorth\t23.3\t5000\t\n", encoding="utf-8"
    )
    with pytest.raises(entente.DictionaryError) as raised:
        entente.Coder(dictionaries=tmp_path)
    assert raised.value.file.endswith("camps.places.tsv")
    assert raised.value.line == 2
    assert "north" in str(raised.value)
