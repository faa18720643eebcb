"""Reading an Entente store from Python with the ``duckdb`` package.

The wheel links no DuckDB: the store is one DuckDB file, and the ``duckdb`` package Python users
already have reads it (DuckDB reads the files of older versions; the store's is DuckDB 1.2's). Every
query opens its own read-only connection and closes it, so the store is never held open between
calls and ``entente ingest`` (or :meth:`Store.ingest`) can write to it meanwhile.

The analyses (:meth:`Store.dyad`, :meth:`Store.network`, :meth:`Store.balance`,
:meth:`Store.alerts`) run in the interpreter: the extension module holds the CLI's own queries and
analysis code, and runs those queries on this ``duckdb`` connection, so the numbers are the CLI's
by construction and no ``entente`` binary is needed.

Writing (:meth:`Store.ingest`) runs the ``entente`` command-line program, because only it takes the
store's write lock (``<store>.lock``) and links the DuckDB that writes the file.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import subprocess
import warnings
from typing import Any, Callable, Dict, Iterable, List, Optional, Union

import duckdb

from . import _entente
from ._entente import EntenteError

DateLike = Union[str, datetime.date, None]

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ACTOR = re.compile(r"^[A-Za-z0-9]+$")


class Store:
    """An Entente store (``entente ingest``), read-only.

    ``entente`` names the ``entente`` program :meth:`ingest` runs (else ``$ENTENTE``, else
    ``entente`` on ``PATH``); reading, listing and the analyses need no program.

    >>> store = Store("entente.duckdb")                      # doctest: +SKIP
    >>> store.events(actor="AZE", since="2023").to_pandas()  # doctest: +SKIP
    >>> store.dyad("AZE", "ISR", by="quarter")               # doctest: +SKIP
    >>> store.sql("SELECT cameo, count(*) FROM events GROUP BY ALL")  # doctest: +SKIP
    """

    def __init__(self, path: Union[str, os.PathLike], *, entente: Optional[str] = None) -> None:
        self.path = os.fspath(path)
        self.entente = entente
        if not os.path.isfile(self.path):
            raise FileNotFoundError(f"{self.path}: no Entente store here (create one with entente ingest)")

    def _connect(self) -> duckdb.DuckDBPyConnection:
        try:
            connection = duckdb.connect(self.path, read_only=True)
        except duckdb.Error as e:
            raise EntenteError(f"{self.path}: cannot open the store read-only: {e}") from e
        # The store's schema version first, as the CLI checks it: an old or too new store says
        # what to do instead of failing on a missing column.
        try:
            found = connection.execute(_entente.schema_version_query()).fetchall()[0][0]
        except duckdb.CatalogException:
            found = None
        problem = _entente.schema_problem(self.path, found)
        if problem is not None:
            connection.close()
            raise EntenteError(problem)
        return connection

    def sql(self, query: str):
        """Runs one read-only query on the store's views (``events``, ``reports``, ``documents``,
        ``sentences``, ``mentions``, ``relations``, ``dyad_day``; see docs/STORE.md) and returns a
        ``pyarrow.Table``. Writes fail: the connection is read-only."""
        if not isinstance(query, str):
            raise TypeError(f"query must be a str, not {type(query).__name__}")
        connection = self._connect()
        try:
            return _arrow_table(connection.sql(query))
        except duckdb.Error as e:
            raise EntenteError(f"query failed: {e}") from e
        finally:
            connection.close()

    def events(
        self,
        *,
        actor: Optional[str] = None,
        dyad: Optional[tuple] = None,
        since: DateLike = None,
        until: DateLike = None,
        code: Optional[str] = None,
        root: Union[int, str, None] = None,
        quad: Optional[int] = None,
        plover: Optional[str] = None,
        origin: Optional[str] = None,
        text: Optional[str] = None,
        place: Optional[str] = None,
        near: Optional[tuple] = None,
        modality: str = "actual",
        limit: Optional[int] = None,
    ):
        """Stored events (deduplicated), oldest first, with the filters of ``entente events``;
        returns a ``pyarrow.Table`` with the columns of ``entente events --format jsonl``. The
        query is the CLI's own (the extension builds it), run on this package's ``duckdb``.

        ``actor`` matches source or target by country (``AZE``) or actor-code prefix (``AZEGOV``),
        and must name an actor the store holds (a ``ValueError`` names the closest one otherwise);
        ``dyad=("AZE", "ISR")`` is directed; ``since``/``until`` are inclusive dates at any
        precision; ``code`` is a CAMEO prefix, ``root`` a CAMEO root 1-20, ``quad`` 1-4;
        ``text`` is words that must all occur in one of the event's evidence sentences;
        ``place`` a country (``"TUR"``) or first-level division (``"TR.34"``) the event happened
        in, ``near=(lat, lon, km)`` a circle it happened in.

        ``modality`` is the CLI's ``--modality``: by default the counted events (asserted acts);
        ``"intended"``, ``"threatened"``, ``"demanded"``, ``"hypothetical"`` list those readings
        instead, ``"all"`` every one.

        >>> store.events(dyad=("AZE", "ISR"), since="2023").to_pandas()   # doctest: +SKIP
        >>> store.events(modality="threatened")                          # doctest: +SKIP
        """
        if dyad is not None:
            if isinstance(dyad, str) or len(dyad) != 2:
                raise ValueError("dyad must be a pair (source, target), such as ('AZE', 'ISR')")
            dyad = tuple(dyad)
        if limit is not None and (not isinstance(limit, int) or limit < 0):
            raise ValueError(f"limit must be a non-negative int, not {limit!r}")
        if near is not None:
            if isinstance(near, str) or len(near) != 3:
                raise ValueError("near must be (latitude, longitude, km), such as (41.01, 28.95, 50)")
            near = tuple(float(n) for n in near)
        filters = dict(actor=actor, dyad=dyad, code=code, root=None if root is None else str(root),
                       quad=quad, plover=plover, origin=origin, text=text, place=place, near=near,
                       modality=modality, limit=limit)
        connection = self._connect()
        try:
            query, params = _entente.events_query(_runner(connection), **_dates(since=since, until=until),
                                                  **filters)
            return _arrow_table(connection.sql(query, params=params))
        except duckdb.Error as e:
            raise EntenteError(f"{self.path}: query failed: {e}") from e
        finally:
            connection.close()

    def dyad(self, a: str, b: str, *, by: str = "month", since: DateLike = None, until: DateLike = None,
             directed: bool = False, **options) -> "pyarrow.Table":
        """A dyad's timeline per period (``week``, ``month``, ``quarter``, ``year``): quad counts,
        Goldstein, cooperation ratio and its smoothing, milestones; the rows of
        ``entente dyad A B --format jsonl``. ``options`` are the command's other flags:
        ``alpha=0.3``, ``group="country"`` (or ``"code"``, ``"state"``), ``origin="text"``,
        ``modality="actual"`` (or ``"all"``, ``"threatened"``, ...).

        >>> store.dyad("AZE", "ISR", by="year").to_pandas()   # doctest: +SKIP
        """
        arguments = (_actor_pattern("a", a), _actor_pattern("b", b))
        dates = _dates(since=since, until=until)
        return _rows_table(self._analysis(_entente.dyad_jsonl, *arguments, by=by, directed=directed,
                                          **dates, **options))

    def network(self, *, since: DateLike = None, until: DateLike = None, at: DateLike = None,
                all: bool = False, **options) -> "pyarrow.Table":
        """The signed network's edges (sign, cooperation ratio, counts, weights) of a window, as
        ``entente network --format jsonl``: by default the 12 months up to the latest event;
        ``all=True`` for the whole store, ``at="2024"`` for one period. ``options``:
        ``neutral_band=0.1``, ``min_evidence=1``, ``relation_weight=1.0``, ``group``, ``origin``,
        ``modality``.

        >>> store.network(all=True).to_pandas()   # doctest: +SKIP
        """
        dates = _dates(since=since, until=until, at=at)
        return _rows_table(self._analysis(_entente.network_jsonl, all=all, **dates, **options))

    def balance(self, *, focus: Optional[str] = None, since: DateLike = None, until: DateLike = None,
                at: DateLike = None, all: bool = False, **options) -> Dict[str, Any]:
        """Structural balance (triad census, unbalanced triangles with evidence, walk-based index,
        blocs) as the dict ``entente balance --format json`` prints; ``focus`` keeps the triangles
        of one actor (a warning says when it has no edge in the window). The window is
        :meth:`network`'s; ``options``: ``limit=20``, ``evidence=5``, ``exact_limit=20`` and
        :meth:`network`'s.

        >>> store.balance(focus="AZE", all=True)["unbalanced_triads"]   # doctest: +SKIP
        """
        if focus is not None:
            focus = _actor_pattern("focus", focus)
        dates = _dates(since=since, until=until, at=at)
        report, focus_in_network = self._analysis(_entente.balance_json, focus=focus, all=all,
                                                  **dates, **options)
        if not focus_in_network:
            warnings.warn(f"{focus} has no edge in this window", stacklevel=2)
        return json.loads(report)

    def alerts(self, *, since: DateLike = None, **options) -> "pyarrow.Table":
        """Sign flips and breaks of each dyad's cooperation ratio against its trailing baseline, as
        ``entente alerts --format jsonl``: ``by="month"``, ``baseline=6``, ``min_baseline=2``,
        ``threshold=0.5``, ``neutral_band=0.1``, ``min_events=2``, ``evidence=3``, and ``group``,
        ``origin``, ``modality``.

        >>> store.alerts(since="2024-01").to_pandas()   # doctest: +SKIP
        """
        return _rows_table(self._analysis(_entente.alerts_jsonl, **_dates(since=since), **options))

    def _analysis(self, analysis: Callable, *arguments, **options):
        """Runs one of the extension's analyses on a read-only connection of its own: the analysis
        calls back ``run(sql, params)`` for every query it needs."""
        connection = self._connect()
        try:
            out = analysis(_runner(connection), *arguments, **options)
        except duckdb.Error as e:
            raise EntenteError(f"{self.path}: query failed: {e}") from e
        finally:
            connection.close()
        if isinstance(out, str):
            return [json.loads(line) for line in out.splitlines() if line.strip()]
        return out

    def ingest(self, paths: Iterable[Union[str, os.PathLike]]) -> str:
        """Codes the files or folders in ``paths`` into the store (creating it if need be), as
        ``entente ingest`` does, under the store's write lock. Returns the CLI's summary.

        This one method runs the ``entente`` command-line program (the ``entente`` argument of the
        store, else ``$ENTENTE``, else ``entente`` on ``PATH``): writing takes the store's lock
        and needs the DuckDB the wheel leaves out. Without the program it raises
        :class:`EntenteError` saying how to get it.
        """
        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        program = self.entente or os.environ.get("ENTENTE") or shutil.which("entente")
        if not program or not shutil.which(program):
            raise EntenteError(
                "Store.ingest runs the entente command-line program, which was not found "
                f"({program or 'entente on PATH'}); install it (cargo install --path crates/cli) "
                "and pass Store(path, entente=PATH) or set ENTENTE"
            )
        command_line = [program, "ingest", "--store", self.path, *(os.fspath(p) for p in paths)]
        finished = subprocess.run(command_line, capture_output=True, text=True)
        if finished.returncode != 0:
            raise EntenteError(f"entente ingest failed: {finished.stderr.strip()}")
        return finished.stderr

    @classmethod
    def create(cls, path: Union[str, os.PathLike], paths, *, entente: Optional[str] = None) -> "Store":
        """A new store at ``path`` holding the events of ``paths`` (see :meth:`ingest`)."""
        store = cls.__new__(cls)
        store.path, store.entente = os.fspath(path), entente
        store.ingest(paths)
        return store


def _runner(connection: duckdb.DuckDBPyConnection) -> Callable[[str, List[Any]], List[tuple]]:
    """``run(sql, params)``: how the extension runs one of its queries on ``connection``."""

    def run(sql: str, params: List[Any]) -> List[tuple]:
        return connection.execute(sql, params).fetchall()

    return run


def _dates(**dates: DateLike) -> Dict[str, str]:
    """Dates given as ``datetime.date`` or text, as the analyses take them (ISO text); checked."""
    out = {}
    for name, value in dates.items():
        if value is not None:
            year, month, day = _parts(name, value)
            out[name] = f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")
    return out


def _rows_table(rows: List[dict]) -> "pyarrow.Table":
    import pyarrow

    return pyarrow.Table.from_pylist(rows)


def _arrow_table(result) -> "pyarrow.Table":
    """A relation as a pyarrow Table (``to_arrow_table`` in newer duckdb, ``arrow`` in 1.2)."""
    fetch = getattr(result, "to_arrow_table", None) or result.arrow
    return fetch()


def _actor_pattern(name: str, actor) -> str:
    if not isinstance(actor, str) or not _ACTOR.match(actor.strip()):
        raise ValueError(f"{name} {actor!r}: expected a country or actor code such as AZE or AZEGOV")
    return actor.strip().upper()


def _parts(name: str, value: DateLike):
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.year, value.month, value.day
    match = _DATE.match(value.strip()) if isinstance(value, str) else None
    if not match:
        raise ValueError(f"{name} {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    return int(year), month and int(month), day and int(day)
