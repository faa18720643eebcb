"""The examples in the package's docstrings run and print what they say."""

import doctest

import pytest

import entente
from entente import _coder, _store


@pytest.mark.parametrize("module", [entente, _coder, _store], ids=lambda m: m.__name__)
def test_docstring_examples_hold(module):
    failures, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert tried > 0 or module is _store
    assert failures == 0
