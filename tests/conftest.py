"""Suite-wide collection rules and fixtures."""

import pytest

from torcheras.legacy._arguments_core import reset_warnings

# The golden generators import real Keras (tests/golden/make_*.py, run by hand in the
# reference environment); --doctest-modules must not import them.
collect_ignore_glob = ["golden/make_*.py"]


@pytest.fixture(autouse=True)
def _legacy_spellings_warn_afresh():
    """Keras 1/2 spellings warn once per process; each test sees its own warnings."""
    reset_warnings()
    yield
