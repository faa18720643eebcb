"""The coder's Python face: input checks, batching and progress around the Rust pipeline."""

from __future__ import annotations

import datetime
import functools
import json
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, List, Optional, Sequence, Tuple, Union

from ._entente import Coder as _Pipeline
from ._entente import Table

DateLike = Union[str, datetime.date, None]
Document = Union[str, Mapping[str, Any]]


class Coder:
    """The coder with its dictionaries loaded once.

    ``dictionaries`` is a folder of dictionary files added to (or replacing entries of) the
    built-ins, as the CLI's ``--dictionaries DIR``. A bad file raises :class:`DictionaryError`
    with its ``file`` and ``line``.

    >>> coder = Coder()
    >>> len(coder.code(["Russia condemned Ukraine."]))
    1

    The GIL is released while coding, and coding itself runs on every core.
    """

    def __init__(self, dictionaries: Union[str, os.PathLike, None] = None) -> None:
        self._pipeline = _Pipeline(None if dictionaries is None else os.fspath(dictionaries))

    @property
    def dictionaries_hash(self) -> str:
        """The hash of the dictionary set; every event's ``dictionaries`` column carries it."""
        return self._pipeline.dictionaries_hash

    def code(
        self,
        texts: Sequence[str],
        *,
        dates: Union[DateLike, Sequence[DateLike]] = None,
        ids: Optional[Sequence[Union[str, int]]] = None,
    ) -> Table:
        """Events of ``texts``, one row per event, in input order.

        ``dates`` is one publication date for all texts or one per text (``YYYY``, ``YYYY-MM``,
        ``YYYY-MM-DD``, a :class:`datetime.date` or ``None``); relative dates and office holders
        resolve against it. ``ids`` name the documents in the ``doc`` column (default ``"0"``,
        ``"1"``, ...).

        >>> Coder().code(["Azerbaijan opened its embassy in Tel Aviv."], ids=["a"]).to_pandas()["doc"][0]
        'a'
        """
        return self._pipeline.events(*_columns(texts, dates, ids))

    def actors(self, texts, *, dates=None, ids=None) -> Table:
        """Actor mentions of ``texts``, one row per mention (the columns of ``entente actors``)."""
        return self._pipeline.mentions(*_columns(texts, dates, ids))

    def relations(self, texts, *, dates=None, ids=None) -> Table:
        """Stated relations of ``texts`` ("X, a close ally of Y"), as ``entente relations``."""
        return self._pipeline.relations(*_columns(texts, dates, ids))

    def pipe(
        self,
        documents: Iterable[Document],
        *,
        batch_size: int = 512,
        progress: Optional[bool] = None,
    ) -> Iterator[Table]:
        """Codes a stream of documents, yielding one events table per batch of ``batch_size``.

        A document is a text, or a mapping with ``text`` and optional ``id`` and ``date`` (a row
        of the CLI's JSONL input). Documents without an id are numbered from 0 across the stream.
        At most three batches are in memory at once (the table you handle, the batch being coded
        meanwhile, and the next one read), so memory stays bounded however long the stream. ``progress`` shows a tqdm bar (default:
        when tqdm is installed and stderr is a terminal).

        >>> tables = Coder().pipe(["Russia condemned Ukraine."] * 3, batch_size=2)
        >>> [len(t) for t in tables]
        [2, 1]
        """
        if not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(f"batch_size must be a positive integer, not {batch_size!r}")
        if isinstance(documents, (str, bytes)):
            raise TypeError("documents must be an iterable of texts or mappings, not a single str")
        bar = _progress_bar(documents, progress)
        batches = _batches(documents, batch_size)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="entente-pipe") as coding:
            pending = None
            for texts, ids, dates in batches:
                submitted = coding.submit(_code_batch, self._pipeline, texts, ids, dates)
                if pending is not None:
                    yield _finished(pending, bar)
                pending = submitted
            if pending is not None:
                yield _finished(pending, bar)
        if bar is not None:
            bar.close()

    def explain(self, text: str, *, date: DateLike = None) -> List[dict]:
        """How ``text`` was coded, sentence by sentence: tokens, mentions, every rule whose words
        matched and why it fired or not, and the events (``entente explain --format json``).

        >>> [e["events"][0]["cameo"] for e in Coder().explain("Russia condemned Ukraine.")]
        ['111']
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        return json.loads(self._pipeline.explain_json(text, _date_string("date", date)))


def _code_batch(pipeline: _Pipeline, texts, ids, dates) -> Tuple[Table, int]:
    return pipeline.events(texts, ids, dates), len(texts)


def _finished(pending, bar) -> Table:
    table, documents = pending.result()
    if bar is not None:
        bar.update(documents)
    return table


def _progress_bar(documents, progress: Optional[bool]):
    try:
        from tqdm.auto import tqdm
    except ImportError:
        if progress:
            raise ImportError("progress=True needs tqdm: pip install tqdm") from None
        return None
    show = progress if progress is not None else sys.stderr.isatty()
    if not show:
        return None
    total = len(documents) if hasattr(documents, "__len__") else None
    return tqdm(total=total, unit="doc", desc="entente")


def _batches(documents: Iterable[Document], batch_size: int) -> Iterator[Tuple[list, list, list]]:
    """Columns (texts, ids, dates) of successive batches, numbering id-less documents."""
    texts, ids, dates = [], [], []
    for position, document in enumerate(documents):
        if isinstance(document, str):
            text, doc_id, date = document, position, None
        elif isinstance(document, Mapping):
            text = document.get("text")
            doc_id = document.get("id", position)
            date = document.get("date")
        else:
            raise TypeError(
                f"document {position} is a {type(document).__name__}; "
                "expected a str or a mapping with 'text'"
            )
        if not isinstance(text, str):
            raise TypeError(f"document {position}: 'text' must be a str, not {type(text).__name__}")
        texts.append(text)
        ids.append(_id_string(f"document {position} id", doc_id))
        dates.append(_date_string(f"document {position} date", date))
        if len(texts) == batch_size:
            yield texts, ids, dates
            texts, ids, dates = [], [], []
    if texts:
        yield texts, ids, dates


def _columns(texts, dates, ids) -> Tuple[List[str], List[str], List[Optional[str]]]:
    """Checks the arguments of ``code`` and returns them as three equal-length lists."""
    if isinstance(texts, (str, bytes)):
        raise TypeError("texts must be a list of str, not a single str: wrap it as [text]")
    try:
        texts = list(texts)
    except TypeError:
        raise TypeError(f"texts must be a list of str, not {type(texts).__name__}") from None
    for index, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"texts[{index}] is a {type(text).__name__}, expected str")
    count = len(texts)
    if ids is None:
        id_strings = [str(index) for index in range(count)]
    else:
        id_list = _same_length("ids", ids, count)
        id_strings = [_id_string(f"ids[{index}]", value) for index, value in enumerate(id_list)]
    if dates is None or isinstance(dates, (str, datetime.date)):
        one = _date_string("dates", dates)
        date_strings = [one] * count
    else:
        date_list = _same_length("dates", dates, count)
        date_strings = [_date_string(f"dates[{index}]", d) for index, d in enumerate(date_list)]
    return texts, id_strings, date_strings


def _same_length(name: str, values, count: int) -> list:
    try:
        values = list(values)
    except TypeError:
        raise TypeError(f"{name} must be a list, not {type(values).__name__}") from None
    if len(values) != count:
        raise ValueError(f"{name} has {len(values)} items but texts has {count}")
    return values


def _id_string(name: str, value) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise TypeError(f"{name} must be a str or int, not {type(value).__name__}")
    return str(value)


def _date_string(name: str, value: DateLike) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    raise TypeError(f"{name} must be a str, a datetime.date or None, not {type(value).__name__}")


@functools.lru_cache(maxsize=4)
def _shared_coder(dictionaries: Optional[str]) -> Coder:
    """One coder per dictionaries folder per process: loading takes a fraction of a second."""
    return Coder(dictionaries)


def _coder_for(dictionaries) -> Coder:
    return _shared_coder(None if dictionaries is None else os.fspath(dictionaries))


def code(texts, *, dates=None, ids=None, dictionaries=None) -> Table:
    """Events of ``texts`` with the built-in dictionaries (plus ``dictionaries``, a folder).

    >>> t = code(["Azerbaijan opened its embassy in Tel Aviv on March 29, 2023."])
    >>> row = t.to_pandas().iloc[0]
    >>> (row["source"]["code"], row["target"]["code"], row["date"])
    ('AZE', 'ISR', '2023-03-29')
    """
    return _coder_for(dictionaries).code(texts, dates=dates, ids=ids)


def actors(texts, *, dates=None, ids=None, dictionaries=None) -> Table:
    """Actor mentions of ``texts``, one row per mention (the columns of ``entente actors``)."""
    return _coder_for(dictionaries).actors(texts, dates=dates, ids=ids)


def relations(texts, *, dates=None, ids=None, dictionaries=None) -> Table:
    """Stated relations of ``texts``, one row per relation (the columns of ``entente relations``)."""
    return _coder_for(dictionaries).relations(texts, dates=dates, ids=ids)
