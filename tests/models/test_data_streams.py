"""Data read batch by batch (models/_data_streams.py, _prefetch.py, _data_convert.py):
generators, PyDataset, torch DataLoader/Dataset, the prefetch thread, Keras 2's queue
options, and the in-memory kinds (pandas) next to them."""

import math
import threading

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras.models import _data
from torcheras.models._data_convert import convert_structure
from torcheras.models._data_streams import with_queue_options
from torcheras.models._prefetch import Prefetcher


def _linear(inputs=1):
    model = keras.Sequential([keras.Input((inputs,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    return model


class Counting(keras.utils.PyDataset):
    """Batch i is x = [[i], [i]], y = 2x; records the threads that computed batches."""

    def __init__(self, n=6, **kwargs):
        super().__init__(**kwargs)
        self.n = n
        self.ends = 0
        self.threads = set()

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        self.threads.add(threading.current_thread().name)
        x = np.full((2, 1), float(i), "float32")
        return x, 2 * x

    def on_epoch_end(self):
        self.ends += 1


class Endless(keras.utils.PyDataset):
    num_batches = None

    def __getitem__(self, i):
        x = np.full((2, 1), float(i), "float32")
        return x, x


def test_prefetcher_keeps_order_and_hands_back_read_ahead():
    source = iter(range(10))
    prefetcher = Prefetcher(source, depth=2)
    it = iter(prefetcher)
    assert [next(it) for _ in range(3)] == [0, 1, 2]
    left = prefetcher.close()
    assert left == [3, 4, 5][:len(left)] and 1 <= len(left) <= 3
    assert next(source) == 3 + len(left)  # nothing else was pulled


def test_prefetcher_raises_at_the_failing_batch():
    def gen():
        yield 1
        yield 2
        raise KeyError("batch 3 is broken")

    got = []
    with pytest.raises(KeyError, match="batch 3 is broken"):
        for b in Prefetcher(gen(), depth=2):
            got.append(b)
    assert got == [1, 2]


def test_generator_batches_belong_to_their_epoch():
    pulled = []

    def gen():
        i = 0
        while True:
            pulled.append(i)
            x = np.full((2, 1), float(i), "float32")
            yield x, x
            i += 1

    model = _linear()
    model.fit(gen(), steps_per_epoch=3, epochs=2, verbose=0)
    # The prefetch thread never takes a batch of the next epoch: exactly 6 were read.
    assert pulled == list(range(6))


def test_generator_batches_read_ahead_survive_an_early_stop():
    def gen():
        for i in range(100):
            yield np.full((1, 1), float(i), "float32")

    batches = _data.make_batches(gen(), steps=5)
    first = []
    for (x,) in zip(batches.epoch()):
        first.append(float(x[0, 0]))
        if len(first) == 2:
            break  # e.g. stop_training: the batches read ahead go to the next epoch
    second = [float(x[0, 0]) for x in batches.epoch()]
    assert first == [0.0, 1.0] and second == [2.0, 3.0, 4.0, 5.0, 6.0]


def test_generator_of_dicts_for_a_multi_input_model():
    a, b = keras.Input((1,), name="a"), keras.Input((2,), name="b")
    model = keras.Model([a, b], keras.layers.Dense(1)(keras.layers.Concatenate()([a, b])))
    model.compile("sgd", "mse")

    def gen():
        while True:
            yield {"a": np.ones((4, 1), "float32"), "b": np.ones((4, 2), "float32")}, \
                np.zeros((4, 1), "float32"), np.ones((4,), "float32")

    history = model.fit(gen(), steps_per_epoch=2, epochs=1, verbose=0)
    assert len(history.history["loss"]) == 1


def test_pydataset_threads_order_and_epoch_hooks():
    ds = Counting(workers=3, max_queue_size=4)
    batches = _data.make_batches(ds, shuffle=False)
    xs = [int(x[0, 0]) for x, _ in batches.epoch()]
    assert xs == list(range(6))
    assert ds.ends == 1
    assert any(name.startswith("ThreadPoolExecutor") or "pydataset" in name
               for name in ds.threads)
    model = _linear()
    model.fit(ds, epochs=3, verbose=0)
    assert ds.ends == 4


class Picklable(keras.utils.PyDataset):
    def __len__(self):
        return 4

    def __getitem__(self, i):
        x = np.full((3, 1), float(i), "float32")
        return x, x


def test_pydataset_in_worker_processes():
    ds = Picklable(workers=2, use_multiprocessing=True, max_queue_size=2)
    batches = _data.make_batches(ds, shuffle=False)
    assert [float(x[0, 0]) for x, _ in batches.epoch()] == [0.0, 1.0, 2.0, 3.0]


def test_infinite_pydataset_with_steps_per_epoch():
    model = _linear()
    history = model.fit(Endless(), steps_per_epoch=3, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    batches = _data.make_batches(Endless(), steps=2)
    first = [float(x[0, 0]) for x, _ in batches.epoch()]
    second = [float(x[0, 0]) for x, _ in batches.epoch()]
    assert first == [0.0, 1.0] and second == [2.0, 3.0]


def test_dataloader_with_a_sampler_keeps_tensors():
    x = torch.arange(8, dtype=torch.float32).reshape(8, 1)
    dataset = torch.utils.data.TensorDataset(x, 2 * x)
    sampler = torch.utils.data.SequentialSampler(range(8))
    loader = torch.utils.data.DataLoader(dataset, batch_size=3, sampler=sampler)
    batches = list(_data.make_batches(loader).epoch())
    assert [b[0].flatten().tolist() for b in batches] == [[0, 1, 2], [3, 4, 5], [6, 7]]
    # A list of tensors is one tensor per input: the very same tensors, no NumPy copy.
    t1, t2 = torch.ones(2, 3), torch.zeros(2, 1)
    out = convert_structure([t1, t2], "x")
    assert out[0] is t1 and out[1] is t2
    model = _linear()
    model.fit(loader, epochs=1, verbose=0)


def test_dataloader_worker_processes_across_epochs():
    x = torch.arange(12, dtype=torch.float32).reshape(12, 1)
    dataset = torch.utils.data.TensorDataset(x, x)
    for persistent in (False, True):
        loader = torch.utils.data.DataLoader(dataset, batch_size=4, num_workers=2,
                                             persistent_workers=persistent)
        batches = _data.make_batches(loader)
        for _ in range(2):  # each epoch a full pass; persistent workers survive it
            assert [b[0].flatten().tolist()[0] for b in batches.epoch()] == [0, 4, 8]


def test_torch_datasets_are_batched():
    x = torch.arange(10, dtype=torch.float32).reshape(10, 1)
    batches = _data.make_batches(torch.utils.data.TensorDataset(x, x), batch_size=4)
    assert [len(b[0]) for b in batches.epoch()] == [4, 4, 2]

    class Stream(torch.utils.data.IterableDataset):
        def __iter__(self):
            for i in range(5):
                v = torch.tensor([float(i)])
                yield v, v

    batches = _data.make_batches(Stream(), batch_size=2, shuffle=True)
    assert [b[0].flatten().tolist() for b in batches.epoch()] == [[0, 1], [2, 3], [4]]


def test_pandas_inputs():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], "b": [0.5, 0.5, 0.5, 0.5]})
    target = pd.Series([1.0, 2.0, 3.0, 4.0])
    model = _linear(2)
    model.fit(frame, target, epochs=1, batch_size=2, verbose=0)
    assert model.predict(frame, verbose=0).shape == (4, 1)


def test_class_weight_on_streams():
    def gen():
        while True:
            yield np.ones((2, 1), "float32"), np.array([0.0, 1.0], "float32")

    batches = _data.make_batches(gen(), steps=1, class_weight={0: 1.0, 1: 3.0})
    _, _, sw = next(iter(batches.epoch()))
    assert sw.tolist() == [1.0, 3.0]

    def weighted():
        while True:
            yield np.ones((2, 1), "float32"), np.zeros((2,), "float32"), np.ones((2,))

    batches = _data.make_batches(weighted(), steps=1, class_weight={0: 2.0})
    with pytest.raises(ValueError, match="You cannot specify `class_weight` and "
                                         "`sample_weight` at the same time."):
        list(batches.epoch())


def test_wrong_structure_names_the_batch():
    def gen():
        yield np.ones((2, 1)), np.ones((2, 1))
        yield (np.ones((2, 1)),) * 4

    with pytest.raises(ValueError, match=r"Data is expected to be in format `x`, `\(x,\)`, "
                                         r".*\(batch 1 of the data\)"):
        list(_data.make_batches(gen()).epoch())
    ones = torch.ones(4, 1)
    loader = torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(ones, ones, ones, ones), batch_size=2)
    with pytest.raises(ValueError, match=r"found a tuple of length 4. \(batch 0 of the data\)"):
        _linear().fit(loader, epochs=1, verbose=0)


def test_fit_generator_queue_options():
    ds = Counting(workers=1)
    source = with_queue_options(ds, None, workers=2, max_queue_size=3)
    batches = _data.make_batches(source, shuffle=False)
    assert [int(x[0, 0]) for x, _ in batches.epoch()] == list(range(6))
    assert len(ds.threads) >= 1 and "MainThread" not in ds.threads

    seen = []

    def gen():
        while True:
            seen.append(threading.current_thread().name)
            yield np.ones((2, 1), "float32"), np.ones((2, 1), "float32")

    batches = _data.make_batches(with_queue_options(gen(), 2, workers=0), steps=2)
    list(batches.epoch())
    assert set(seen) == {threading.current_thread().name}  # workers=0: no thread


def test_fit_reads_a_queued_source():
    def gen():
        while True:
            yield np.ones((2, 1), "float32"), np.ones((2, 1), "float32")

    model = _linear()
    source = with_queue_options(gen(), 3, workers=1, max_queue_size=2)
    history = model.fit(source, steps_per_epoch=3, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    ds = Counting(workers=1)
    model.fit(with_queue_options(ds, None, workers=2), epochs=1, verbose=0)
    assert "MainThread" not in ds.threads and ds.ends == 1


@pytest.mark.parametrize("kwargs,message", [
    ({"steps": None}, "`steps_per_epoch=None` is only valid for a generator based on the "
                      "`keras.utils.Sequence` class."),
    ({"steps": None, "method": "predict_generator"}, "`steps=None` is only valid"),
    ({"steps": 2, "workers": -1}, "Argument `workers` must be an integer >= 0. "
                                   "Received: workers=-1"),
    ({"steps": 2, "max_queue_size": 0}, "Argument `max_queue_size` must be an integer >= 1"),
])
def test_queue_options_bad_input(kwargs, message):
    def gen():
        yield 1

    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        with_queue_options(gen(), **kwargs)


def test_multiprocessing_generator_warns_as_keras_2():
    def gen():
        yield 1

    with pytest.warns(UserWarning, match="Using a generator with `use_multiprocessing=True`"):
        with_queue_options(gen(), 1, workers=2, use_multiprocessing=True)


def test_stopping_early_leaves_no_thread_behind():
    before = threading.active_count()
    ds = Counting(n=50)
    batches = _data.make_batches(ds, shuffle=False)
    for i, _ in enumerate(batches.epoch()):
        if i == 2:
            break
    assert threading.active_count() <= before
    assert math.isclose(ds.ends, 1)


class Failing(keras.utils.PyDataset):
    def __len__(self):
        return 4

    def __getitem__(self, i):
        if i == 2:
            raise OSError("disk read failed")
        return np.ones((2, 1), "float32"), np.ones((2, 1), "float32")


@pytest.mark.parametrize("workers", [1, 2])
def test_pydataset_error_names_the_batch_index(workers):
    model = _linear()
    with pytest.raises(OSError, match="disk read failed") as info:
        model.fit(Failing(workers=workers), shuffle=False, epochs=1, verbose=0)
    assert "(raised by PyDataset.__getitem__ for batch index 2)" in info.value.__notes__


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_prefetcher_copies_to_cuda_from_pinned_memory():
    device = torch.device("cuda")
    batches = [(torch.full((4, 3), float(i)), torch.full((4,), float(i))) for i in range(5)]
    got = list(Prefetcher(iter(batches), device, depth=2))
    assert all(x.is_cuda and y.is_cuda for x, y in got)
    assert [float(x[0, 0]) for x, _ in got] == [0.0, 1.0, 2.0, 3.0, 4.0]


def test_generator_methods_honour_queue_options():
    """fit_generator/evaluate_generator/predict_generator read a Sequence in worker threads
    and keep its order; a plain generator without steps gets Keras 2's message."""
    model = _linear()
    ds = Counting(workers=1)
    model.fit_generator(ds, epochs=1, workers=2, max_queue_size=2, verbose=0, shuffle=False)
    assert "MainThread" not in ds.threads and ds.ends == 1
    ds = Counting(workers=1)
    preds = model.predict_generator(ds, workers=2, verbose=0)
    want = model.predict(np.repeat(np.arange(6.0, dtype="float32"), 2)[:, None], verbose=0)
    np.testing.assert_allclose(preds, want, rtol=1e-6)
    assert "MainThread" not in ds.threads
    loss = model.evaluate_generator(Counting(), workers=0, verbose=0)
    assert loss == pytest.approx(float(model.evaluate(
        np.repeat(np.arange(6.0, dtype="float32"), 2)[:, None],
        2 * np.repeat(np.arange(6.0, dtype="float32"), 2)[:, None], batch_size=2,
        verbose=0)), rel=1e-6)

    def gen():
        while True:
            yield np.ones((2, 1), "float32"), np.ones((2, 1), "float32")

    with pytest.raises(ValueError, match="`steps_per_epoch=None` is only valid"):
        model.fit_generator(gen(), epochs=1)
