"""The pandas face of a table."""

import pandas


class EntenteFrame(pandas.DataFrame):
    """A pandas DataFrame that prints every column.

    An event's date, actors and code sit in the middle of 25 columns, where pandas' default
    display would hide them behind "..."; printing wraps the columns instead. Everything else is
    pandas' own behaviour.
    """

    @property
    def _constructor(self):
        return EntenteFrame

    def __repr__(self) -> str:
        with pandas.option_context("display.max_columns", None):
            return super().__repr__()


def to_pandas(table) -> EntenteFrame:
    """An Arrow table as an :class:`EntenteFrame` (actors as dicts in their struct columns)."""
    return EntenteFrame(table.to_pandas())
