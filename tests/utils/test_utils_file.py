import hashlib
import io
import os
import pathlib
import tarfile
import zipfile

import pytest

from torcheras.utils import _file, get_file

PAYLOAD = b"torcheras " * 5000


def _source(tmp_path, name="data.bin", content=PAYLOAD):
    src = tmp_path / "remote" / name
    src.parent.mkdir(exist_ok=True)
    src.write_bytes(content)
    return src


def _url(path) -> str:
    return pathlib.Path(path).as_uri()


def _leftovers(folder):
    return [p for p in os.listdir(folder) if p.endswith((".part", ".partial"))]


def test_download_into_cache_then_reuse(tmp_path, capsys):
    src = _source(tmp_path)
    cache = tmp_path / "cache"
    path = get_file("data.bin", origin=_url(src), cache_dir=str(cache))
    assert path == str(cache / "datasets" / "data.bin")
    assert pathlib.Path(path).read_bytes() == PAYLOAD
    assert f"Downloading data from {_url(src)}" in capsys.readouterr().out
    src.unlink()  # served from the cache from now on
    assert get_file("data.bin", origin=_url(src), cache_dir=str(cache)) == path
    assert "Downloading" not in capsys.readouterr().out


def test_default_cache_is_torcheras_home(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCHERAS_HOME", str(tmp_path / "home"))
    path = get_file(origin=_url(_source(tmp_path)), cache_subdir="sub")
    assert path == str(tmp_path / "home" / "sub" / "data.bin")  # name taken from the URL


@pytest.mark.parametrize("algo", ["sha256", "md5"])
def test_hash_verified_auto_detected(tmp_path, algo):
    digest = hashlib.new(algo, PAYLOAD).hexdigest()
    path = get_file("d", origin=_url(_source(tmp_path)), file_hash=digest.upper(),
                    cache_dir=str(tmp_path / "c"))
    assert _file.validate_file(path, digest)


def test_legacy_md5_hash_argument(tmp_path):
    digest = hashlib.md5(PAYLOAD).hexdigest()
    path = get_file("d", origin=_url(_source(tmp_path)), md5_hash=digest,
                    cache_dir=str(tmp_path / "c"))
    assert os.path.exists(path)


def test_bad_hash_leaves_nothing_in_cache(tmp_path):
    cache = tmp_path / "c"
    with pytest.raises(ValueError, match="Incomplete or corrupted file detected. The sha256 "
                                         "file hash does not match the provided value of 0+"):
        get_file("d", origin=_url(_source(tmp_path)), file_hash="0" * 64, cache_dir=str(cache))
    assert os.listdir(cache / "datasets") == []


def test_stale_cached_file_is_redownloaded(tmp_path, capsys):
    cache = tmp_path / "c"
    (cache / "datasets").mkdir(parents=True)
    (cache / "datasets" / "d").write_bytes(b"old and truncated")
    digest = hashlib.sha256(PAYLOAD).hexdigest()
    path = get_file("d", origin=_url(_source(tmp_path)), file_hash=digest, cache_dir=str(cache))
    assert pathlib.Path(path).read_bytes() == PAYLOAD
    assert "seems to be incomplete or outdated" in capsys.readouterr().out


def test_force_download(tmp_path):
    cache = tmp_path / "c"
    src = _source(tmp_path)
    get_file("d", origin=_url(src), cache_dir=str(cache))
    src.write_bytes(b"new")
    path = get_file("d", origin=_url(src), cache_dir=str(cache), force_download=True)
    assert pathlib.Path(path).read_bytes() == b"new"


class _Broken(io.BytesIO):
    headers = {"Content-Length": str(len(PAYLOAD))}

    def read(self, n=-1):
        if self.tell() > 1000:
            raise ConnectionResetError("connection dropped")
        return super().read(min(n, 500))


def test_interrupted_download_is_atomic(tmp_path, monkeypatch):
    cache = tmp_path / "c"
    monkeypatch.setattr(_file.urllib.request, "urlopen", lambda *a, **k: _Broken(PAYLOAD))
    with pytest.raises(ConnectionResetError):
        get_file("d", origin="https://example.invalid/d", cache_dir=str(cache))
    assert os.listdir(cache / "datasets") == []


class _Short(io.BytesIO):
    headers = {"Content-Length": "99999"}


def test_short_download_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setattr(_file.urllib.request, "urlopen", lambda *a, **k: _Short(b"abc"))
    with pytest.raises(OSError, match="Incomplete download from https://x.invalid/d: "
                                      "received 3 of 99999 bytes"):
        get_file("d", origin="https://x.invalid/d", cache_dir=str(tmp_path / "c"))
    assert os.listdir(tmp_path / "c" / "datasets") == []


def test_missing_origin_file_is_url_fetch_failure(tmp_path):
    with pytest.raises(OSError, match="URL fetch failure on file://"):
        get_file("d", origin=_url(tmp_path / "nope"), cache_dir=str(tmp_path / "c"))


# ------------------------------------------------------------------------- archives
def _tar_gz(tmp_path, name="arch.tar.gz", members=None):
    path = tmp_path / "remote" / name
    path.parent.mkdir(exist_ok=True)
    members = members or {"folder/a.txt": b"alpha", "folder/b.txt": b"beta" * 3000}
    with tarfile.open(path, "w:gz") as tar:
        for member, data in members.items():
            info = tarfile.TarInfo(member)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def _zip(tmp_path, name="arch.zip"):
    path = tmp_path / "remote" / name
    path.parent.mkdir(exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("folder/a.txt", b"alpha")
        z.writestr("folder/b.txt", os.urandom(20000))
    return path


def test_extract_tar_with_keras_names(tmp_path):
    src = _tar_gz(tmp_path)
    cache = tmp_path / "c"
    out = get_file("arch.tar.gz", origin=_url(src), extract=True, cache_dir=str(cache))
    assert out == str(cache / "datasets" / "arch_extracted")
    assert pathlib.Path(os.path.join(out, "folder", "a.txt")).read_bytes() == b"alpha"
    out2 = get_file("flowers", origin=_url(src), untar=True, cache_dir=str(cache))
    assert out2 == str(cache / "datasets" / "flowers")
    assert os.path.exists(cache / "datasets" / "flowers_archive")
    out3 = get_file(origin=_url(src), extract=True, cache_dir=str(cache))
    assert out3 == str(cache / "datasets" / "arch.tar.gz")
    assert os.path.isdir(out3)
    assert _leftovers(cache / "datasets") == []


def test_extract_zip(tmp_path):
    out = get_file("z.zip", origin=_url(_zip(tmp_path)), extract=True,
                   cache_dir=str(tmp_path / "c"))
    assert pathlib.Path(os.path.join(out, "folder", "a.txt")).read_bytes() == b"alpha"


@pytest.mark.parametrize("maker, name", [(_tar_gz, "arch.tar.gz"), (_zip, "arch.zip")])
def test_truncated_archive_fails_and_is_dropped(tmp_path, maker, name):
    src = maker(tmp_path, name)
    data = src.read_bytes()
    src.write_bytes(data[: len(data) // 2])
    cache = tmp_path / "c"
    with pytest.raises(ValueError, match="archive"):
        get_file(name, origin=_url(src), extract=True, cache_dir=str(cache))
    # Neither the broken download nor a half-extracted folder stays in the cache.
    assert os.listdir(cache / "datasets") == []
    src.write_bytes(data)  # the next call downloads again and succeeds
    out = get_file(name, origin=_url(src), extract=True, cache_dir=str(cache))
    assert os.path.isfile(os.path.join(out, "folder", "a.txt"))


def test_unsafe_tar_member_is_skipped(tmp_path):
    src = _tar_gz(tmp_path, members={"../evil.txt": b"x", "ok.txt": b"y"})
    with pytest.warns(UserWarning, match="Skipping invalid path"):
        out = get_file("a.tar.gz", origin=_url(src), extract=True,
                       cache_dir=str(tmp_path / "c"))
    assert os.listdir(out) == ["ok.txt"]
    assert not (tmp_path / "c" / "datasets" / "evil.txt").exists()


def test_non_archive_extract_warns_like_keras(tmp_path):
    with pytest.warns(UserWarning, match="Could not extract archive"):
        get_file("plain", origin=_url(_source(tmp_path)), extract=True,
                 cache_dir=str(tmp_path / "c"))


# ------------------------------------------------------------------------ bad input
@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"fname": "x"}, r'Please specify the "origin" argument'),
        ({"fname": f"a{os.sep}b", "origin": "file:///x"},
         r"Paths are no longer accepted as the `fname` argument.*Received: fname=a"),
        ({"origin": "https://host/"}, r"Can't parse the file name from the origin provided"),
        ({"fname": "x", "origin": "file:///x", "hash_algorithm": "sha1"},
         r"Argument `hash_algorithm` must be one of 'auto', 'sha256', 'md5'\. "
         r"Received: hash_algorithm='sha1'"),
    ],
)
def test_bad_input(tmp_path, kwargs, match):
    with pytest.raises(ValueError, match=match):
        get_file(cache_dir=str(tmp_path), **kwargs)


def test_bad_archive_format(tmp_path):
    src = _tar_gz(tmp_path)
    with pytest.raises(ValueError, match=r"Argument `archive_format` must be 'auto', 'tar', "
                                         r"'zip', None.*Received: archive_format='rar'"):
        get_file("a.tgz", origin=_url(src), extract=True, archive_format="rar",
                 cache_dir=str(tmp_path / "c"))
