"""Entente in Python: code news text into political events, as tables.

>>> import entente
>>> events = entente.code(["Azerbaijan opened its embassy in Tel Aviv on March 29, 2023."])
>>> events.to_pandas()[["date", "cameo"]].values.tolist()
[['2023-03-29', '050']]

- :func:`code`, :func:`actors` and :func:`relations` code a list of texts with the built-in
  dictionaries (loaded once per process) and return a :class:`Table`.
- :class:`Coder` is the same coder loaded once with your own dictionaries, with :meth:`Coder.pipe`
  for streams too large to hold in memory.
- A :class:`Table` is Arrow data: ``pyarrow.table(t)``, ``polars.from_arrow(t)``, ``t.to_pandas()``.
  Its columns are those of ``entente code --format csv``, with each actor as one struct column.
- :class:`Store` reads an Entente store (``entente ingest``) with the ``duckdb`` package.
"""

from ._entente import DictionaryError, EntenteError, Table
from ._coder import Coder, actors, code, relations
from ._store import Store

__all__ = [
    "Coder",
    "DictionaryError",
    "EntenteError",
    "Store",
    "Table",
    "actors",
    "code",
    "relations",
]
