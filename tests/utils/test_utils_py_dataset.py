import math
import threading

import numpy as np
import pytest

from torcheras.utils import PyDataset, Sequence, set_random_seed
from torcheras.utils._py_dataset_adapter import PyDatasetAdapter, iter_batches, standardize_batch


class Squares(PyDataset):
    def __init__(self, n=10, batch_size=3, **kwargs):
        super().__init__(**kwargs)
        self.x = np.arange(n, dtype="float32")
        self.batch_size = batch_size
        self.epochs_ended = 0
        self.epochs_begun = 0

    def __len__(self):
        return math.ceil(len(self.x) / self.batch_size)

    def __getitem__(self, idx):
        lo = idx * self.batch_size
        xb = self.x[lo: lo + self.batch_size]
        return xb, xb**2

    def on_epoch_begin(self):
        self.epochs_begun += 1

    def on_epoch_end(self):
        self.epochs_ended += 1


class Endless(PyDataset):
    """An infinite dataset: batch i is [i]."""

    num_batches = None

    def __getitem__(self, idx):
        return (np.array([idx]),)


def _first(batches):
    return [int(b[0][0]) for b in batches]


def test_contract():
    ds = Squares()
    assert Sequence is PyDataset
    assert (ds.workers, ds.use_multiprocessing, ds.max_queue_size) == (1, False, 10)
    assert len(ds) == 4 and ds.num_batches == 4
    batches = list(ds)
    assert len(batches) == 4
    np.testing.assert_array_equal(batches[-1][0], [9.0])
    np.testing.assert_array_equal(batches[1][1], [9.0, 16.0, 25.0])


def test_base_class_hooks_and_errors():
    class NoLen(PyDataset):
        pass

    with pytest.raises(NotImplementedError, match="You need to implement the `num_batches`"):
        NoLen().num_batches  # noqa: B018
    with pytest.raises(NotImplementedError):
        NoLen()[0]
    NoLen().on_epoch_begin()
    NoLen().on_epoch_end()


def test_warns_when_super_not_called():
    class Forgetful(PyDataset):
        def __init__(self):
            pass

        def __len__(self):
            return 1

    with pytest.warns(UserWarning, match=r"should call `super\(\).__init__\(\*\*kwargs\)`"):
        assert Forgetful().workers == 1


@pytest.mark.parametrize("workers, mp", [(1, False), (3, False), (2, True)])
def test_adapter_yields_every_batch_in_order(workers, mp):
    ds = Squares(n=20, batch_size=2, workers=workers, use_multiprocessing=mp, max_queue_size=3)
    adapter = PyDatasetAdapter(ds)
    assert adapter.num_batches == 10
    for _ in range(2):
        adapter.on_epoch_begin()
        got = list(adapter.get_iterator())
        adapter.on_epoch_end()
        assert _first(got) == list(range(0, 20, 2))
        assert all(isinstance(b, tuple) and len(b) == 2 for b in got)
    assert ds.epochs_begun == 2 and ds.epochs_ended == 2


def test_workers_really_run_in_parallel():
    barrier = threading.Barrier(2, timeout=10)

    class Meeting(Squares):
        def __getitem__(self, idx):
            if idx < 2:
                barrier.wait()  # would time out if batches 0 and 1 were fetched one by one
            return super().__getitem__(idx)

    got = list(iter_batches(Meeting(workers=2)))
    assert _first(got) == [0, 3, 6, 9]  # every batch, in order, despite the parallel fetch


def test_shuffle_is_repeatable_with_set_random_seed():
    ds = Squares(n=30, batch_size=1, workers=2)
    orders = []
    for _ in range(2):
        set_random_seed(5)
        orders.append(_first(iter_batches(ds, shuffle=True)))
    assert orders[0] == orders[1]
    assert sorted(orders[0]) == list(range(30)) and orders[0] != list(range(30))


@pytest.mark.parametrize("workers", [1, 3])
def test_infinite_dataset_resumes_across_epochs(workers):
    ds = Endless(workers=workers, max_queue_size=4)
    adapter = PyDatasetAdapter(ds)
    seen = []
    for _ in range(3):
        adapter.on_epoch_begin()
        it = adapter.get_iterator()
        seen += _first(next(it) for _ in range(5))
        adapter.on_epoch_end()
    assert seen == list(range(15))  # prefetched batches are not lost between epochs


def test_finite_iterator_kept_across_epochs_continues():
    # Keras's steps_per_epoch < len(dataset): the loop keeps one iterator across epochs.
    ds = Squares(n=10, batch_size=1, workers=2, max_queue_size=5)
    adapter = PyDatasetAdapter(ds)
    it = adapter.get_iterator()
    seen = []
    for _ in range(2):
        adapter.on_epoch_begin()
        seen += _first(next(it) for _ in range(4))
        adapter.on_epoch_end()
    seen += _first(it)
    assert seen == list(range(10))


def test_worker_errors_propagate():
    class Faulty(Squares):
        def __getitem__(self, idx):
            if idx == 2:
                raise RuntimeError("bad batch 2")
            return super().__getitem__(idx)

    with pytest.raises(RuntimeError, match="bad batch 2"):
        list(iter_batches(Faulty(workers=2)))


def test_on_epoch_begin_twice_is_an_error():
    adapter = PyDatasetAdapter(Squares())
    adapter.on_epoch_begin()
    with pytest.raises(ValueError, match="`on_epoch_begin` was called twice"):
        adapter.on_epoch_begin()


def test_standardize_batch():
    x = np.zeros(2)
    assert standardize_batch(x)[0] is x
    assert standardize_batch([x, x]) == (x, x)
    d = {"a": x}
    assert standardize_batch(d) is d
    with pytest.raises(ValueError, match=r"PyDataset.__getitem__\(\) must return a tuple or a "
                                         r"dict.*of type <class 'tuple'>"):
        standardize_batch((x, x, x, x))
    with pytest.raises(ValueError, match="of type <class 'int'>"):
        standardize_batch(3)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"workers": -1}, r"Argument `workers` must be an integer >= 0\. Received: workers=-1"),
        ({"workers": 1.5}, r"Received: workers=1\.5"),
        ({"max_queue_size": 0},
         r"Argument `max_queue_size` must be an integer >= 1\. Received: max_queue_size=0"),
    ],
)
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Squares(**kwargs)


def test_adapter_rejects_non_pydataset():
    with pytest.raises(ValueError, match=r"Argument `py_dataset` must be a "
                                         r"`keras.utils.PyDataset`\. Received: py_dataset of "
                                         r"type <class 'list'>"):
        PyDatasetAdapter([1, 2])
