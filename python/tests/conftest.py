"""Shared fixtures: the repository's seed articles and the CLI binary named by $ENTENTE."""

import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTICLES = REPO / "examples" / "articles"
WIRE_STORIES = REPO / "examples" / "wire-stories.jsonl"


def seed_documents():
    """The seed articles as the CLI reads them: each .txt with the id and date of its .meta.json."""
    documents = []
    for text_file in sorted(ARTICLES.glob("*.txt")):
        meta_file = text_file.with_name(text_file.stem + ".meta.json")
        meta = json.loads(meta_file.read_text(encoding="utf-8")) if meta_file.exists() else {}
        documents.append(
            {
                "id": meta.get("id", text_file.name),
                "text": text_file.read_text(encoding="utf-8"),
                "date": meta.get("date"),
            }
        )
    return documents


def wire_documents():
    with WIRE_STORIES.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="session")
def cli():
    """The `entente` binary named by $ENTENTE; the test skips without it."""
    path = os.environ.get("ENTENTE")
    if not path or not os.access(path, os.X_OK):
        pytest.skip("set ENTENTE to an entente binary to compare with the CLI")
    return path


def run_cli(cli, *arguments, env=None):
    finished = subprocess.run(
        [cli, *map(str, arguments)],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )
    assert finished.returncode == 0, finished.stderr
    return [json.loads(line) for line in finished.stdout.splitlines() if line.strip()]
