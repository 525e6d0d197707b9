"""``load_img``, ``img_to_array``, ``array_to_img`` and ``save_img`` (Pillow)."""

import io

import numpy as np
import pytest

from torcheras.preprocessing import image
from torcheras.preprocessing.image import _pil

PIL = pytest.importorskip("PIL")


def _rgb():
    x = np.zeros((4, 6, 3), "float32")
    x[:, :, 0] = 255.0
    x[1, 2] = [10.0, 20.0, 30.0]
    return x


def test_round_trip_through_a_png(tmp_path):
    path = tmp_path / "a.png"
    image.save_img(path, _rgb(), scale=False)
    img = image.load_img(path)
    assert img.size == (6, 4) and img.mode == "RGB"
    arr = image.img_to_array(img)
    assert arr.dtype == np.float32 and arr.shape == (4, 6, 3)
    np.testing.assert_array_equal(arr, _rgb())
    np.testing.assert_array_equal(image.img_to_array(img, data_format="channels_first"),
                                  _rgb().transpose(2, 0, 1))


def test_load_img_modes_and_resize(tmp_path):
    path = str(tmp_path / "a.png")
    image.save_img(path, _rgb(), scale=False)
    gray = image.load_img(path, color_mode="grayscale", target_size=(2, 3))
    assert gray.mode == "L" and gray.size == (3, 2)
    assert image.img_to_array(gray).shape == (2, 3, 1)
    assert image.load_img(path, color_mode="rgba").mode == "RGBA"
    with open(path, "rb") as f:
        assert image.load_img(io.BytesIO(f.read())).size == (6, 4)
    cropped = image.load_img(path, target_size=(4, 4), keep_aspect_ratio=True)
    assert cropped.size == (4, 4)


def test_array_to_img_scales_to_0_255():
    x = np.array([[[0.0], [0.5]], [[1.0], [0.25]]], "float32")
    img = image.array_to_img(x)
    assert img.mode == "L"
    np.testing.assert_array_equal(np.asarray(img), [[0, 127], [255, 63]])
    assert image.array_to_img(np.zeros((2, 2, 4))).mode == "RGBA"


@pytest.mark.parametrize("call, error, message", [
    (lambda p: image.load_img(p, color_mode="cmyk"), ValueError, r"color_mode='cmyk'"),
    (lambda p: image.load_img(p, target_size=(2, 2), interpolation="fancy"), ValueError,
     r"interpolation='fancy'"),
    (lambda p: image.load_img(3), TypeError, r"path=3"),
    (lambda p: image.array_to_img(np.zeros((2, 2))), ValueError, r"rank 3"),
    (lambda p: image.array_to_img(np.zeros((2, 2, 2))), ValueError, r"channel number: 2"),
    (lambda p: image.img_to_array(np.zeros((2, 2, 2, 2))), ValueError,
     r"Unsupported image shape"),
])
def test_bad_inputs(tmp_path, call, error, message):
    path = tmp_path / "a.png"
    image.save_img(path, _rgb())
    with pytest.raises(error, match=message):
        call(path)


def test_missing_pillow_names_the_extra(monkeypatch):
    monkeypatch.setattr(_pil, "_PILImage", None)
    with pytest.raises(ImportError, match=r"pip install torcheras\[image\]"):
        image.load_img("x.png")
