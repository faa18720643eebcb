"""Type stubs of the extension module (Rust, PyO3) under the ``entente`` package."""

from typing import Any, Callable, List, Optional, Sequence, Tuple

import pandas
import pyarrow

class EntenteError(Exception):
    """Base class of the errors Entente raises."""

class DictionaryError(EntenteError):
    """A dictionary file could not be loaded."""

    file: str
    line: int

class Table:
    """Events, mentions or relations as Arrow data (the columns of the CLI's ``--format csv``,
    with each actor as one struct column, and an event's place as the struct column ``location``)."""

    @property
    def column_names(self) -> List[str]: ...
    def __arrow_c_stream__(self, requested_schema: Optional[Any] = None) -> Any: ...
    def __len__(self) -> int: ...
    def to_pyarrow(self) -> pyarrow.Table: ...
    def to_pandas(self) -> pandas.DataFrame: ...
    def to_polars(self) -> Any: ...

class Coder:
    def __init__(self, dictionaries: Optional[str] = None) -> None: ...
    @property
    def dictionaries_hash(self) -> str: ...
    def events(self, texts: List[str], ids: List[str], dates: List[Optional[str]]) -> Table: ...
    def mentions(self, texts: List[str], ids: List[str], dates: List[Optional[str]]) -> Table: ...
    def relations(self, texts: List[str], ids: List[str], dates: List[Optional[str]]) -> Table: ...
    def explain_json(self, text: str, date: Optional[str] = None) -> str: ...

# The store's analyses (`entente dyad|network|balance|alerts`), run in-process on a store read by
# the ``duckdb`` package: ``run(sql, params)`` runs one query and returns its rows. ``entente.Store``
# wraps these; they return the CLI's ``--format jsonl`` (``balance_json``: ``--format json`` and
# whether the focus actor has an edge in the window).
Run = Callable[[str, List[Any]], Sequence[Sequence[Any]]]

def events_query(
    run: Run, *, actor: Optional[str] = None, dyad: Optional[Tuple[str, str]] = None,
    since: Optional[str] = None, until: Optional[str] = None, code: Optional[str] = None,
    root: Optional[str] = None, quad: Optional[int] = None, plover: Optional[str] = None,
    origin: Optional[str] = None, text: Optional[str] = None, place: Optional[str] = None,
    near: Optional[Tuple[float, float, float]] = None, modality: str = "actual",
    limit: Optional[int] = None,
) -> Tuple[str, List[Any]]:
    """``entente events``' query (SQL and parameters) for these filters, once ``run`` has checked
    that the actors they name are in the store."""

def dyad_jsonl(
    run: Run, a: str, b: str, *, by: str = "month", since: Optional[str] = None,
    until: Optional[str] = None, directed: bool = False, alpha: float = 0.3,
    group: str = "country", origin: Optional[str] = None, modality: str = "actual",
) -> str: ...
def network_jsonl(
    run: Run, *, at: Optional[str] = None, since: Optional[str] = None,
    until: Optional[str] = None, all: bool = False, neutral_band: Optional[float] = None,
    min_evidence: Optional[int] = None, relation_weight: Optional[float] = None,
    group: str = "country", origin: Optional[str] = None, modality: str = "actual",
) -> str: ...
def balance_json(
    run: Run, *, focus: Optional[str] = None, limit: int = 20, evidence: int = 5,
    exact_limit: Optional[int] = None, at: Optional[str] = None, since: Optional[str] = None,
    until: Optional[str] = None, all: bool = False, neutral_band: Optional[float] = None,
    min_evidence: Optional[int] = None, relation_weight: Optional[float] = None,
    group: str = "country", origin: Optional[str] = None, modality: str = "actual",
) -> Tuple[str, bool]: ...
def alerts_jsonl(
    run: Run, *, since: Optional[str] = None, by: str = "month", baseline: Optional[int] = None,
    min_baseline: Optional[int] = None, threshold: Optional[float] = None,
    neutral_band: Optional[float] = None, min_events: Optional[int] = None, evidence: int = 3,
    group: str = "country", origin: Optional[str] = None, modality: str = "actual",
) -> str: ...
def schema_problem(path: str, found: Optional[int]) -> Optional[str]: ...
def schema_version_query() -> str: ...
