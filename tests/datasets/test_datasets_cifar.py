"""cifar10/cifar100.load_data on small archives in Keras's format: every source and cache
layout, file checks, label modes, data formats and hostile pickles."""

import dataclasses
import hashlib
import io
import os
import pickle
import re
import tarfile

import numpy as np
import pytest

import torcheras as keras
from torcheras import datasets
from torcheras.datasets import _cifar, cifar10, cifar100
from torcheras.datasets._source import DatasetUnavailableError

rng = np.random.RandomState(2)


def _batch(n, labels):
    return {b"batch_label": b"batch", b"data": rng.randint(0, 256, (n, 3072)).astype("uint8"),
            b"filenames": [b"img.png"] * n, **labels}


def _cifar10_files():
    files = {f"data_batch_{i}": _batch(2, {b"labels": rng.randint(0, 10, 2).tolist()})
             for i in range(1, 6)}
    files["test_batch"] = _batch(3, {b"labels": rng.randint(0, 10, 3).tolist()})
    files["batches.meta"] = {b"label_names": [b"airplane"] * 10}
    return files


def _cifar100_files():
    def labels(n):
        return {b"fine_labels": rng.randint(0, 100, n).tolist(),
                b"coarse_labels": rng.randint(0, 20, n).tolist()}
    return {"train": _batch(4, labels(4)), "test": _batch(3, labels(3)),
            "meta": {b"fine_label_names": [b"x"] * 100}}


C10, C100 = _cifar10_files(), _cifar100_files()
BYTES = {name: pickle.dumps(obj, protocol=3) for name, obj in {**C10, **C100}.items()}


def write_folder(folder, files):
    os.makedirs(folder, exist_ok=True)
    for name in files:
        with open(os.path.join(folder, name), "wb") as f:
            f.write(BYTES[name])
    return str(folder)


def write_archive(path, inner, files, data=None):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with tarfile.open(path, "w:gz") as tar:
        for name in files:
            payload = (data or BYTES)[name]
            info = tarfile.TarInfo(f"{inner}/{name}")
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))
    return str(path)


def spec_for(module, files, tmp_path):
    spec = module._SPEC
    archive = write_archive(tmp_path / "remote" / spec.archive, spec.folder, files)
    with open(archive, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    md5 = {name: hashlib.md5(BYTES[name]).hexdigest() for name in files}
    return dataclasses.replace(spec, md5=md5, archive_sha256=sha,
                               origin=(tmp_path / "remote" / spec.archive).as_uri())


@pytest.fixture
def env(tmp_path, monkeypatch):
    for var in ("TORCHERAS_DATA_DIR", "TORCHERAS_OFFLINE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("TORCHERAS_HOME", str(tmp_path / "th"))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "kh"))
    monkeypatch.setattr(cifar10, "_SPEC", spec_for(cifar10, C10, tmp_path))
    monkeypatch.setattr(cifar100, "_SPEC", spec_for(cifar100, C100, tmp_path))
    return tmp_path


def expected10():
    x_train = np.concatenate([C10[f"data_batch_{i}"][b"data"] for i in range(1, 6)])
    y_train = np.concatenate([C10[f"data_batch_{i}"][b"labels"] for i in range(1, 6)])
    x_test, y_test = C10["test_batch"][b"data"], C10["test_batch"][b"labels"]
    nhwc = lambda x: x.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)  # noqa: E731
    return (nhwc(x_train), np.asarray(y_train).reshape(-1, 1)), (
        nhwc(x_test), np.asarray(y_test).reshape(-1, 1))


def check10(result):
    for (x, y), (ex, ey) in zip(result, expected10(), strict=True):
        assert x.dtype == np.uint8 and y.dtype == np.uint8
        assert x.shape == ex.shape and y.shape == ey.shape
        np.testing.assert_array_equal(x, ex)
        np.testing.assert_array_equal(y, ey)


def test_exported():
    assert datasets.cifar10 is cifar10 and datasets.cifar100 is cifar100
    assert {"cifar10", "cifar100"} <= set(datasets.__all__)


@pytest.mark.parametrize("layout", [
    "data_dir/cifar-10-batches-py", "data_dir/cifar-10-python.tar.gz",
    "th/datasets/cifar-10-batches-py", "th/datasets/cifar-10-python.tar.gz",
    "kh/datasets/cifar-10-batches-py-target/cifar-10-batches-py",
    "kh/datasets/cifar-10-batches-py",
    "kh/datasets/cifar-10-batches-py-target_archive",
    "kh/datasets/cifar-10-batches-py.tar.gz",
])
def test_cifar10_every_local_layout(env, monkeypatch, layout):
    path = env / layout
    if layout.endswith(("gz", "_archive")):
        write_archive(path, "cifar-10-batches-py", C10)
    else:
        write_folder(path, C10)
    monkeypatch.setenv("TORCHERAS_DATA_DIR", str(env / "data_dir"))
    monkeypatch.setenv("TORCHERAS_OFFLINE", "1")
    check10(cifar10.load_data())


def test_cifar10_download_extracts_into_our_cache(env, monkeypatch):
    check10(cifar10.load_data())
    folder = env / "th" / "datasets" / "cifar-10-batches-py"
    assert sorted(os.listdir(folder)) == sorted(C10)
    monkeypatch.setenv("TORCHERAS_OFFLINE", "1")
    check10(cifar10.load_data())


def test_cifar10_channels_first(env, monkeypatch):
    write_folder(env / "th" / "datasets" / "cifar-10-batches-py", C10)
    keras.config.set_image_data_format("channels_first")
    try:
        (x_train, _), (x_test, _) = cifar10.load_data()
    finally:
        keras.config.set_image_data_format("channels_last")
    assert x_train.shape == (10, 3, 32, 32) and x_test.shape == (3, 3, 32, 32)
    np.testing.assert_array_equal(x_train.transpose(0, 2, 3, 1), expected10()[0][0])


def test_tampered_file_moves_on_to_the_next_source(env, monkeypatch):
    folder = write_folder(env / "th" / "datasets" / "cifar-10-batches-py", C10)
    with open(os.path.join(folder, "data_batch_3"), "ab") as f:
        f.write(b"\x00")
    write_folder(env / "kh" / "datasets" / "cifar-10-batches-py", C10)
    monkeypatch.setenv("TORCHERAS_OFFLINE", "1")
    check10(cifar10.load_data())


def test_no_source_names_the_archive_and_the_reasons(env, monkeypatch):
    folder = write_folder(env / "th" / "datasets" / "cifar-10-batches-py", C10)
    os.remove(os.path.join(folder, "test_batch"))
    monkeypatch.setenv("TORCHERAS_OFFLINE", "1")
    with pytest.raises(DatasetUnavailableError) as info:
        cifar10.load_data()
    text = str(info.value)
    assert "CIFAR-10" in text and "cifar-10-python.tar.gz" in text
    assert "test_batch" in text and "skipped (TORCHERAS_OFFLINE" in text


def test_archive_missing_a_member(env, monkeypatch):
    write_archive(env / "th" / "datasets" / "cifar-10-python.tar.gz", "cifar-10-batches-py",
                  {k: v for k, v in C10.items() if k != "data_batch_5"})
    monkeypatch.setenv("TORCHERAS_OFFLINE", "1")
    with pytest.raises(DatasetUnavailableError, match="no data_batch_5 under"):
        cifar10.load_data()


def test_hostile_pickle_is_refused(env, monkeypatch):
    class Evil:
        def __reduce__(self):
            return (os.system, ("echo pwned",))

    evil = pickle.dumps({b"data": Evil(), b"labels": []}, protocol=3)
    spec = cifar10._SPEC
    monkeypatch.setattr(cifar10, "_SPEC", dataclasses.replace(
        spec, md5={**spec.md5, "data_batch_1": hashlib.md5(evil).hexdigest()}))
    folder = write_folder(env / "th" / "datasets" / "cifar-10-batches-py", C10)
    with open(os.path.join(folder, "data_batch_1"), "wb") as f:
        f.write(evil)
    monkeypatch.setenv("TORCHERAS_OFFLINE", "1")
    with pytest.raises(DatasetUnavailableError, match="Refusing to deserialize"):
        cifar10.load_data()


@pytest.mark.parametrize("mode,key", [("fine", b"fine_labels"), ("coarse", b"coarse_labels")])
def test_cifar100_label_modes(env, monkeypatch, mode, key):
    write_archive(env / "data_dir" / "cifar-100-python.tar.gz", "cifar-100-python", C100)
    monkeypatch.setenv("TORCHERAS_DATA_DIR", str(env / "data_dir"))
    monkeypatch.setenv("TORCHERAS_OFFLINE", "1")
    (x_train, y_train), (x_test, y_test) = cifar100.load_data(label_mode=mode)
    assert x_train.shape == (4, 32, 32, 3) and x_test.shape == (3, 32, 32, 3)
    assert y_train.dtype == np.int64 and y_train.shape == (4, 1)  # as Keras (label lists)
    np.testing.assert_array_equal(y_train[:, 0], C100["train"][key])
    np.testing.assert_array_equal(y_test[:, 0], C100["test"][key])
    np.testing.assert_array_equal(
        x_train, C100["train"][b"data"].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1))


def test_cifar100_download(env):
    (x_train, y_train), _ = cifar100.load_data()
    assert x_train.shape == (4, 32, 32, 3)
    assert os.path.isdir(env / "th" / "datasets" / "cifar-100-python")


@pytest.mark.parametrize("mode", ["Fine", "superclass", None])
def test_cifar100_bad_label_mode(mode):
    with pytest.raises(ValueError, match=re.escape(f"Received: label_mode={mode!r}.")):
        cifar100.load_data(label_mode=mode)


def test_load_batch_checks_shapes():
    bad = pickle.dumps({b"data": np.zeros((2, 10), "uint8"), b"labels": [0, 1]})
    with pytest.raises(ValueError, match=r"expected uint8 \(N, 3072\)"):
        _cifar.load_batch(bad)
    short = pickle.dumps({b"data": np.zeros((2, 3072), "uint8"), b"labels": [0]})
    with pytest.raises(ValueError, match="1 labels for 2 images"):
        _cifar.load_batch(short)
