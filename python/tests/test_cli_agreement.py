"""The package codes the seed articles into the same events as `entente code --format jsonl`."""

import pyarrow

import entente
from conftest import ARTICLES, WIRE_STORIES, run_cli, seed_documents, wire_documents


def as_cli_json(row):
    """A row of the events table in the shape of the CLI's JSONL: actors with their resolution,
    the trigger as an object."""
    event = dict(row)
    for side in ("source", "target"):
        actor = event.pop(side)
        resolution = event.pop(f"{side}_resolution")
        event[side] = None if actor is None else {**actor, "resolution": resolution}
    event["trigger"] = {
        "text": event.pop("trigger_text"),
        "start": event.pop("trigger_start"),
        "end": event.pop("trigger_end"),
    }
    return event


def python_events(documents):
    table = entente.code(
        [d["text"] for d in documents],
        ids=[d["id"] for d in documents],
        dates=[d.get("date") for d in documents],
    )
    return [as_cli_json(row) for row in pyarrow.table(table).to_pylist()]


def test_the_seed_articles_give_the_cli_events(cli):
    expected = run_cli(cli, "code", "--format", "jsonl", ARTICLES)
    assert len(expected) > 10
    assert python_events(seed_documents()) == expected


def test_the_wire_stories_give_the_cli_events(cli):
    expected = run_cli(cli, "code", "--format", "jsonl", WIRE_STORIES)
    assert expected
    assert python_events(wire_documents()) == expected


def test_pipe_gives_the_events_of_code():
    documents = seed_documents() + wire_documents()
    piped = [
        as_cli_json(row)
        for table in entente.Coder().pipe(documents, batch_size=1)
        for row in pyarrow.table(table).to_pylist()
    ]
    assert piped == python_events(documents)
