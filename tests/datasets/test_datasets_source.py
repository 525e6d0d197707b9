import os
import pickle
import zipfile

import numpy as np
import pytest

from torcheras.datasets import _npz, _source
from torcheras.datasets._source import DatasetUnavailableError, Source, SourceSkipped


def _skip(reason):
    def locate():
        raise SourceSkipped(reason)

    return locate


def _fail(error):
    def locate():
        raise error

    return locate


# --------------------------------------------------------------------------- chain
def test_first_working_source_wins_and_later_ones_are_not_called():
    called = []

    def later():
        called.append("later")
        return "/never"

    sources = [
        Source("a", _skip("nothing here")),
        Source("b", lambda: "good-path"),
        Source("c", later),
    ]
    assert _source.load_first("Demo", sources, lambda p: p.upper()) == "GOOD-PATH"
    assert called == []


def test_every_failure_is_listed_in_one_error():
    def load(path):
        raise ValueError("array contents differ")

    sources = [
        Source("mirror", _skip("TORCHERAS_DATA_DIR is not set")),
        Source("cache", lambda: "/c/demo.npz"),
        Source("download https://x", _fail(OSError("URL fetch failure on https://x")),
               network=True),
    ]
    with pytest.raises(DatasetUnavailableError) as info:
        _source.load_first("Demo", sources, load)
    err = info.value
    assert isinstance(err, OSError)
    assert err.attempts == [
        ("mirror", "TORCHERAS_DATA_DIR is not set"),
        ("cache", "/c/demo.npz is unusable (ValueError: array contents differ)"),
        ("download https://x", "OSError: URL fetch failure on https://x"),
    ]
    text = str(err)
    assert text.startswith("Could not load the Demo dataset. Sources tried, in order:\n"
                           "  1. mirror: TORCHERAS_DATA_DIR is not set\n")
    assert "  3. download https://x: OSError: URL fetch failure" in text


def test_offline_skips_network_sources(monkeypatch):
    monkeypatch.setenv("TORCHERAS_OFFLINE", "1")
    sources = [Source("net", _fail(AssertionError("must not run")), network=True)]
    with pytest.raises(DatasetUnavailableError, match="net: skipped .TORCHERAS_OFFLINE"):
        _source.load_first("Demo", sources, lambda p: p)


def test_standard_sources_order_and_locations(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCHERAS_DATA_DIR", str(tmp_path / "mirror"))
    monkeypatch.setenv("TORCHERAS_HOME", str(tmp_path / "th"))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "kh"))
    sources = _source.standard_sources("mine.npz", "keras.npz", "file:///nope", None)
    assert [s.label for s in sources] == [
        "TORCHERAS_DATA_DIR", "torcheras cache", "Keras cache", "download file:///nope"]
    assert [s.network for s in sources] == [False, False, False, True]
    for folder, name, source in [("mirror", "keras.npz", sources[0]),
                                 ("th/datasets", "mine.npz", sources[1]),
                                 ("kh/datasets", "mine.npz", sources[2])]:
        with pytest.raises(SourceSkipped, match="no file at"):
            source.locate()
        os.makedirs(tmp_path / folder, exist_ok=True)
        (tmp_path / folder / name).write_bytes(b"x")
        assert source.locate() == str(tmp_path / folder / name)


def test_unset_data_dir_is_skipped(monkeypatch):
    monkeypatch.delenv("TORCHERAS_DATA_DIR", raising=False)
    with pytest.raises(SourceSkipped, match="TORCHERAS_DATA_DIR is not set"):
        _source.data_dir_source("x.npz").locate()


def test_check_fname():
    assert _source.check_fname("mnist.npz") == "mnist.npz"
    with pytest.raises(ValueError, match=r"Argument `path` must be a file name .* or an "
                                         r"existing file\. Received: path='/no/such.npz'"):
        _source.check_fname("/no/such.npz")


# ----------------------------------------------------------------------------- npz
def test_restricted_unpickler_refuses_code():
    class Evil:
        def __reduce__(self):
            return (os.system, ("echo pwned",))

    with pytest.raises(pickle.UnpicklingError, match="Refusing to deserialize `posix.system`"):
        _npz.restricted_loads(pickle.dumps(Evil(), protocol=3))


def test_load_npz_reads_numeric_and_object_arrays(tmp_path):
    ragged = np.empty(2, dtype=object)
    ragged[0], ragged[1] = [1, 2, 3], [4]
    path = tmp_path / "a.npz"
    np.savez(path, nums=np.arange(4, dtype="int32"), seqs=ragged)
    arrays = _npz.load_npz(str(path))
    np.testing.assert_array_equal(arrays["nums"], [0, 1, 2, 3])
    assert arrays["seqs"].tolist() == [[1, 2, 3], [4]]


def test_load_npz_object_array_with_evil_pickle_is_refused(tmp_path):
    class Evil:
        def __reduce__(self):
            return (os.system, ("echo pwned",))

    bad = np.empty(1, dtype=object)
    bad[0] = Evil()
    path = tmp_path / "evil.npz"
    np.savez(path, x=bad)
    with pytest.raises(pickle.UnpicklingError, match="Refusing"):
        _npz.load_npz(str(path))


def test_array_digest_depends_on_content_dtype_shape_and_name():
    a = {"x": np.arange(6, dtype="uint8")}
    base = _npz.array_digest(a, ["x"])
    assert base == _npz.array_digest({"x": np.arange(6, dtype="uint8").copy()}, ["x"])
    assert base != _npz.array_digest({"x": np.arange(6, dtype="uint8").reshape(2, 3)}, ["x"])
    assert base != _npz.array_digest({"x": np.arange(6, dtype="int8")}, ["x"])
    assert base != _npz.array_digest({"y": a["x"]}, ["y"])
    assert base != _npz.array_digest({"x": np.arange(1, 7, dtype="uint8")}, ["x"])


@pytest.mark.parametrize(
    "arrays, match",
    [
        ({"x": np.zeros((2, 3), "uint8")}, r"missing arrays \['y'\]; found \['x'\]"),
        ({"x": np.zeros((2, 4), "uint8"), "y": np.zeros(2, "uint8")},
         r"array 'x' is uint8\(2, 4\), expected uint8\(2, 3\)"),
        ({"x": np.zeros((2, 3), "float32"), "y": np.zeros(2, "uint8")},
         r"array 'x' is float32\(2, 3\), expected uint8\(2, 3\)"),
        ({"x": np.ones((2, 3), "uint8"), "y": np.zeros(2, "uint8")}, r"array contents differ"),
    ],
)
def test_array_spec_check(arrays, match):
    good = {"x": np.zeros((2, 3), "uint8"), "y": np.zeros(2, "uint8")}
    spec = _npz.ArraySpec({"x": ("uint8", (2, 3)), "y": ("uint8", (2,))},
                          digest=_npz.array_digest(good, ["x", "y"]))
    spec.check(good)
    with pytest.raises(ValueError, match=match):
        spec.check(arrays)


def test_save_npz_is_atomic(tmp_path, monkeypatch):
    target = tmp_path / "out.npz"
    _npz.save_npz(str(target), {"a": np.arange(3)})
    assert zipfile.is_zipfile(target)

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(np, "savez_compressed", boom)
    with pytest.raises(OSError, match="disk full"):
        _npz.save_npz(str(target), {"a": np.arange(5)})
    assert sorted(os.listdir(tmp_path)) == ["out.npz"]  # old file intact, no leftovers
    np.testing.assert_array_equal(_npz.load_npz(str(target))["a"], [0, 1, 2])
