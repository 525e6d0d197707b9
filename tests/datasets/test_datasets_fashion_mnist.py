"""fashion_mnist.load_data: every source, content checks, IDX parsing, the real files."""

import gzip
import hashlib
import os

import numpy as np
import pytest

from torcheras import datasets
from torcheras.datasets import fashion_mnist
from torcheras.datasets._source import DatasetUnavailableError

FILES = fashion_mnist._FILES
rng = np.random.RandomState(1)
SMALL = {
    "train-labels-idx1-ubyte": rng.randint(0, 10, 6).astype("uint8"),
    "train-images-idx3-ubyte": rng.randint(0, 256, (6, 28, 28)).astype("uint8"),
    "t10k-labels-idx1-ubyte": rng.randint(0, 10, 2).astype("uint8"),
    "t10k-images-idx3-ubyte": rng.randint(0, 256, (2, 28, 28)).astype("uint8"),
}


def idx_bytes(array):
    magic = 2049 if array.ndim == 1 else 2051
    header = magic.to_bytes(4, "big") + b"".join(d.to_bytes(4, "big") for d in array.shape)
    return header + array.tobytes()


def write_set(folder, arrays=SMALL, compress=True, **replace):
    os.makedirs(folder, exist_ok=True)
    for name, array in {**arrays, **replace}.items():
        data = idx_bytes(array)
        if compress:
            with gzip.open(os.path.join(folder, name + ".gz"), "wb") as f:
                f.write(data)
        else:
            with open(os.path.join(folder, name), "wb") as f:
                f.write(data)
    return str(folder)


@pytest.fixture
def env(tmp_path, monkeypatch):
    """Isolated homes and system folder, the tiny set's hashes, a local 'remote' URL."""
    for var in ("TORCHERAS_DATA_DIR", "TORCHERAS_OFFLINE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv("TORCHERAS_NO_DATASET_FALLBACKS", raising=False)
    monkeypatch.setenv("TORCHERAS_HOME", str(tmp_path / "th"))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "kh"))
    monkeypatch.setattr(fashion_mnist, "_SYSTEM_DIR", str(tmp_path / "usr"))
    monkeypatch.setattr(fashion_mnist, "_CONTENT_SHA256", {
        k: hashlib.sha256(idx_bytes(v)).hexdigest() for k, v in SMALL.items()})
    remote = tmp_path / "remote"
    write_set(remote)
    monkeypatch.setattr(fashion_mnist, "_BASE", remote.as_uri() + "/")
    monkeypatch.setattr(fashion_mnist, "_DOWNLOAD_SHA256", {
        k: hashlib.sha256((remote / f"{k}.gz").read_bytes()).hexdigest() for k in SMALL})
    return tmp_path


def check(result):
    (x_train, y_train), (x_test, y_test) = result
    for got, name in zip((y_train, x_train, y_test, x_test), FILES, strict=True):
        assert got.dtype == np.uint8
        np.testing.assert_array_equal(got, SMALL[name])


def test_exported():
    assert datasets.fashion_mnist is fashion_mnist
    assert "fashion_mnist" in datasets.__all__


@pytest.mark.parametrize("where", ["data_dir", "ours", "keras", "system"])
def test_each_local_source(env, monkeypatch, where):
    folder = {"data_dir": env / "mirror" / "fashion-mnist",
              "ours": env / "th" / "datasets" / "fashion-mnist",
              "keras": env / "kh" / "datasets" / "fashion-mnist",
              "system": env / "usr"}[where]
    write_set(folder)
    monkeypatch.setenv("TORCHERAS_DATA_DIR", str(env / "mirror"))
    monkeypatch.setenv("TORCHERAS_OFFLINE", "1")
    check(fashion_mnist.load_data())


def test_fallbacks_switch_skips_the_debian_package(env, monkeypatch):
    write_set(env / "usr")
    monkeypatch.setenv("TORCHERAS_OFFLINE", "1")
    monkeypatch.setenv("TORCHERAS_NO_DATASET_FALLBACKS", "1")
    with pytest.raises(DatasetUnavailableError) as info:
        fashion_mnist.load_data()
    label = f"Debian package dataset-fashion-mnist (fallback: {env / 'usr'})"
    assert dict(info.value.attempts)[label] == (
        "skipped (TORCHERAS_NO_DATASET_FALLBACKS is set)")
    monkeypatch.delenv("TORCHERAS_NO_DATASET_FALLBACKS")
    check(fashion_mnist.load_data())


def test_uncompressed_idx_files_are_accepted(env, monkeypatch):
    write_set(env / "kh" / "datasets" / "fashion-mnist", compress=False)
    monkeypatch.setenv("TORCHERAS_OFFLINE", "1")
    check(fashion_mnist.load_data())


def test_download_goes_to_our_cache_and_is_reused(env, monkeypatch):
    check(fashion_mnist.load_data())
    cached = env / "th" / "datasets" / "fashion-mnist"
    assert sorted(os.listdir(cached)) == sorted(f"{n}.gz" for n in FILES)
    monkeypatch.setenv("TORCHERAS_OFFLINE", "1")
    check(fashion_mnist.load_data())


def test_wrong_content_is_skipped_for_the_next_source(env, monkeypatch):
    bad = SMALL["train-images-idx3-ubyte"].copy()
    bad[0, 0, 0] ^= 1
    write_set(env / "th" / "datasets" / "fashion-mnist", **{"train-images-idx3-ubyte": bad})
    write_set(env / "usr")
    monkeypatch.setenv("TORCHERAS_OFFLINE", "1")
    check(fashion_mnist.load_data())


def test_no_source_lists_every_attempt(env, monkeypatch):
    monkeypatch.setenv("TORCHERAS_OFFLINE", "1")
    write_set(env / "kh" / "datasets" / "fashion-mnist",
              **{"t10k-labels-idx1-ubyte": np.zeros(2, "uint8")})
    with pytest.raises(DatasetUnavailableError) as info:
        fashion_mnist.load_data()
    text = str(info.value)
    for label in ("TORCHERAS_DATA_DIR", "torcheras cache", "Keras cache",
                  "Debian package dataset-fashion-mnist", "skipped (TORCHERAS_OFFLINE"):
        assert label in text
    assert "t10k-labels-idx1-ubyte content has sha256" in text
    assert "fashion-mnist/train-images-idx3-ubyte.gz" in text


def test_download_with_a_bad_hash_fails_cleanly(env, monkeypatch):
    monkeypatch.setitem(fashion_mnist._DOWNLOAD_SHA256, "t10k-labels-idx1-ubyte", "0" * 64)
    with pytest.raises(DatasetUnavailableError, match="download"):
        fashion_mnist.load_data()


@pytest.mark.parametrize("data,match", [
    (b"\x00\x00", "truncated IDX header"),
    ((2052).to_bytes(4, "big") + (1).to_bytes(4, "big"), "magic 2052"),
    ((2049).to_bytes(4, "big") + (5).to_bytes(4, "big") + b"\x01\x02", r"holds 2 bytes"),
])
def test_parse_idx_rejects_bad_files(data, match):
    with pytest.raises(ValueError, match=match):
        fashion_mnist.parse_idx(data)


REAL = [p for p in (os.path.join(os.environ.get("TORCHERAS_DATA_DIR", ""), "fashion-mnist"),
                    fashion_mnist._SYSTEM_DIR)
        if p and os.path.isfile(os.path.join(p, "train-labels-idx1-ubyte.gz"))]


@pytest.mark.skipif(not REAL, reason="no real Fashion-MNIST files (install the Debian "
                                     "package dataset-fashion-mnist)")
def test_real_files():
    (x_train, y_train), (x_test, y_test) = fashion_mnist.load_data()
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert y_train.shape == (60000,) and y_test.shape == (10000,)
    assert x_train.dtype == y_train.dtype == np.uint8
    assert y_train[:10].tolist() == [9, 0, 0, 3, 0, 2, 7, 2, 5, 5]
    assert np.bincount(y_train).tolist() == [6000] * 10
    assert np.bincount(y_test).tolist() == [1000] * 10
