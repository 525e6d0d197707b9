"""Fresh automatic layer names (``dense``, ``dense_1``, ...) for every test."""

import pytest

import torcheras


@pytest.fixture(autouse=True)
def _clear_session():
    torcheras.backend.clear_session(free_memory=False)
    yield
