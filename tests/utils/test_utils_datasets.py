"""The dataset builders of keras.utils: contract (lazy objects fit reads), hand-computed
values (timeseries windows, label encodings, WAV decoding) and Keras's messages."""

import math
import os
import wave

import numpy as np
import pytest
import torch
from _dataset_files import write_images, write_texts, write_wavs
from PIL import Image

import torcheras as keras
from torcheras import utils
from torcheras.preprocessing.image import _pil
from torcheras.utils._audio_dataset import read_wav, resample
from torcheras.utils._batch_dataset import BatchDataset


@pytest.fixture(scope="module")
def images(tmp_path_factory):
    root = tmp_path_factory.mktemp("images")
    write_images(str(root))
    return str(root)


def test_image_dataset_contract(images, capsys):
    ds = utils.image_dataset_from_directory(images, image_size=(6, 8), batch_size=3,
                                            seed=1)
    assert capsys.readouterr().out == "Found 8 files belonging to 2 classes.\n"
    assert isinstance(ds, utils.PyDataset) and isinstance(ds, torch.utils.data.Dataset)
    assert ds.class_names == ["cat", "dog"] and len(ds.file_paths) == 8
    assert len(ds) == 3 == ds.cardinality()
    batches = list(ds)
    assert [tuple(x.shape) for x, _ in batches] == [(3, 6, 8, 3)] * 2 + [(2, 6, 8, 3)]
    assert batches[0][0].dtype == torch.float32 and batches[0][1].dtype == torch.int32
    # Every pass visits all files; a shuffled dataset draws a new order per pass.
    first = np.concatenate([y.numpy() for _, y in batches])
    assert sorted(first.tolist()) == [0, 0, 0, 1, 1, 1, 1, 1]
    orders = {tuple(np.concatenate([x[:, 0, 0, 0].numpy() for x, _ in ds])) for _ in range(4)}
    assert len(orders) > 1
    # Through a DataLoader too: item i is batch i.
    loader = torch.utils.data.DataLoader(ds, batch_size=None)
    assert sum(len(y) for _, y in loader) == 8


def test_subset_both_returns_what_keras_returns(images, tmp_path):
    both = utils.image_dataset_from_directory(images, validation_split=0.25, subset="both",
                                              seed=1, verbose=False)
    assert isinstance(both, list) and [len(d.file_paths) for d in both] == [6, 2]
    write_wavs(str(tmp_path))
    audio = utils.audio_dataset_from_directory(tmp_path, validation_split=0.25,
                                               subset="both", seed=1, verbose=False)
    assert isinstance(audio, tuple) and [len(d.file_paths) for d in audio] == [3, 1]


def test_image_labels_and_pixels_by_hand(tmp_path):
    for cls, value in (("a", 10), ("b", 200)):
        os.makedirs(tmp_path / cls)
        Image.fromarray(np.full((2, 2, 3), value, "uint8")).save(tmp_path / cls / "x.png")
    ds = utils.image_dataset_from_directory(tmp_path, image_size=(2, 2), shuffle=False,
                                            label_mode="categorical", verbose=False)
    x, y = next(iter(ds))
    np.testing.assert_array_equal(x.numpy()[:, 0, 0], [[10, 10, 10], [200, 200, 200]])
    np.testing.assert_array_equal(y.numpy(), [[1, 0], [0, 1]])
    x, y = ds.map(lambda x, y: (x / 255, y)).take(1)[0]
    assert float(x.max()) == pytest.approx(200 / 255)
    binary = utils.image_dataset_from_directory(tmp_path, image_size=(2, 2), shuffle=False,
                                                label_mode="binary", verbose=False)
    assert next(iter(binary))[1].tolist() == [[0.0], [1.0]]
    single = utils.image_dataset_from_directory(tmp_path, image_size=(1, 1), shuffle=False,
                                                batch_size=None, verbose=False,
                                                class_names=["b", "a"])
    sample = single[0]
    assert tuple(sample[0].shape) == (1, 1, 3) and int(sample[1]) == 0  # "b" first
    assert float(sample[0][0, 0, 0]) == 200.0


def test_fit_reads_image_dataset(images):
    ds = utils.image_dataset_from_directory(images, image_size=(4, 4), batch_size=4,
                                            seed=2, verbose=False)
    model = keras.Sequential([keras.Input((4, 4, 3)), keras.layers.Rescaling(1 / 255),
                              keras.layers.Flatten(), keras.layers.Dense(2)])
    model.compile("sgd", keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    history = model.fit(ds, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    assert model.predict(ds, verbose=0).shape == (8, 2)


def test_text_dataset(tmp_path):
    write_texts(str(tmp_path))
    ds = utils.text_dataset_from_directory(tmp_path, batch_size=None, shuffle=False,
                                           max_length=5, verbose=False)
    samples = list(ds)
    assert [t for t, _ in samples] == ["bad m", "awful", "great", "ok", "loved"]
    assert [int(y) for _, y in samples] == [0, 0, 1, 1, 1]
    texts = utils.text_dataset_from_directory(tmp_path, labels=None, shuffle=False,
                                              verbose=False)
    batch = next(iter(texts))
    assert isinstance(batch, np.ndarray) and batch.dtype == object and len(batch) == 5


def test_audio_decoding_by_hand(tmp_path):
    path = str(tmp_path / "x.wav")
    with wave.open(path, "wb") as f:
        f.setnchannels(2)
        f.setsampwidth(2)
        f.setframerate(4)
        f.writeframes(np.array([[0, 16384], [-32768, 32767]], "<i2").tobytes())
    audio, rate = read_wav(path)
    assert rate == 4
    np.testing.assert_array_equal(audio, [[0.0, 0.5], [-1.0, 32767 / 32768]])
    # Resampling a constant keeps it constant and scales the length.
    const = np.ones((8, 1), "float32")
    np.testing.assert_allclose(resample(const, 8, 4), np.ones((4, 1)), atol=1e-6)


def test_audio_dataset_shapes(tmp_path):
    write_wavs(str(tmp_path))
    padded = utils.audio_dataset_from_directory(tmp_path, batch_size=4, shuffle=False,
                                                verbose=False)
    x, y = next(iter(padded))
    assert tuple(x.shape) == (4, 9, 1) and y.tolist() == [0, 0, 1, 1]
    assert float(x[1, 4:].abs().sum()) == 0.0  # the 4-sample clip is zero-padded
    ragged = utils.audio_dataset_from_directory(tmp_path, batch_size=4, shuffle=False,
                                                ragged=True, verbose=False)
    clips, _ = next(iter(ragged))
    assert [len(c) for c in clips] == [7, 4, 9, 5]
    resampled = utils.audio_dataset_from_directory(tmp_path, batch_size=None, shuffle=False,
                                                   sampling_rate=16000,
                                                   output_sequence_length=4, verbose=False)
    assert tuple(resampled[0][0].shape) == (8, 1)


def test_timeseries_windows_by_hand():
    data = np.arange(20)
    ds = utils.timeseries_dataset_from_array(data, data * 10, sequence_length=3,
                                             sequence_stride=4, sampling_rate=2,
                                             batch_size=2, start_index=1, end_index=15)
    batches = [(x.tolist(), y.tolist()) for x, y in ds]
    # starts (relative to 1) = 0, 4, 8 (num_seqs = 15 - 1 - 2*2 = 10): windows i, i+2, i+4.
    assert batches == [([[1, 3, 5], [5, 7, 9]], [10, 50]), ([[9, 11, 13]], [90])]
    shuffled = utils.timeseries_dataset_from_array(data, None, sequence_length=2,
                                                   batch_size=None, shuffle=True, seed=5)
    starts = np.arange(19)
    np.random.RandomState(5).shuffle(starts)
    assert [int(w[0]) for w in shuffled] == starts.tolist()
    assert len(utils.timeseries_dataset_from_array(data, None, 25)) == 0


def test_batch_dataset_errors_surface():
    class Broken(BatchDataset):
        def sample(self, index):
            raise RuntimeError(f"cannot read sample {index}")

    ds = Broken(5, batch_size=2, workers=2)
    with pytest.raises(RuntimeError, match="cannot read sample 0"):
        list(ds)
    with pytest.raises(IndexError, match="Batch index 3 is out of range for a dataset of 3"):
        ds[3]


def test_unreadable_image_names_the_file(tmp_path):
    os.makedirs(tmp_path / "a")
    (tmp_path / "a" / "broken.png").write_bytes(b"not a png")
    ds = utils.image_dataset_from_directory(tmp_path, verbose=False)
    with pytest.raises(ValueError, match="Could not read the image file .*broken.png"):
        list(ds)


BAD_IMAGE_ARGS = [
    ({"labels": "foo"}, "`labels` argument should be a list/tuple of integer labels"),
    ({"labels": [0, 1], "class_names": ["a"]}, "You can only pass `class_names` if"),
    ({"label_mode": "sparse"}, '`label_mode` argument must be one of "int"'),
    ({"color_mode": "cmyk"}, "`color_mode` must be one of"),
    ({"image_size": (1, 2, 3)}, "Invalid `image_size` value"),
    ({"interpolation": "cubic"}, "Argument `interpolation` should be one of"),
    ({"interpolation": "lanczos3"}, "not supported by torcheras"),
    ({"crop_to_aspect_ratio": True, "pad_to_aspect_ratio": True},
     "Only one of `pad_to_aspect_ratio`, `crop_to_aspect_ratio`"),
    ({"subset": "training"}, "If `subset` is set, `validation_split` must be set"),
    ({"validation_split": 0.2}, "If `subset` is set, `validation_split` must be set"),
    ({"validation_split": 1.5, "subset": "training"}, "`validation_split` must be between"),
    ({"validation_split": 0.2, "subset": "test"}, '`subset` must be either "training"'),
    ({"validation_split": 0.2, "subset": "both"}, "you must provide a `seed` argument"),
    ({"class_names": ["cat", "cow"]}, "The `class_names` passed did not match"),
    ({"label_mode": "binary", "labels": [0, 1, 2, 0, 1, 2, 0, 1]},
     'When passing `label_mode="binary"`, there must be exactly 2'),
    ({"labels": [0, 1]}, "Expected the lengths of `labels` to match the number of files"),
    ({"labels": None, "class_names": ["cat"]},
     "When `labels=None` (no labels), argument `class_names` cannot be specified."),
    ({"batch_size": 0}, "`batch_size` must be a positive integer or None"),
]


@pytest.mark.parametrize("kwargs,message", BAD_IMAGE_ARGS)
def test_image_bad_arguments(images, kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        utils.image_dataset_from_directory(images, verbose=False, **kwargs)


def test_empty_folder_messages(tmp_path):
    os.makedirs(tmp_path / "a")
    (tmp_path / "a" / "notes.csv").write_text("x")
    with pytest.raises(ValueError, match="No images found in directory .* Allowed formats"):
        utils.image_dataset_from_directory(tmp_path, verbose=False)
    with pytest.raises(ValueError, match="No text files found in directory .* Allowed format: "
                                         r"\.txt"):
        utils.text_dataset_from_directory(tmp_path, verbose=False)
    with pytest.raises(ValueError, match=r"No audio files found .* Allowed format\(s\)"):
        utils.audio_dataset_from_directory(tmp_path, verbose=False)
    with pytest.raises(ValueError, match="does not exist or is not a folder"):
        utils.image_dataset_from_directory(tmp_path / "missing", verbose=False)


def test_audio_and_timeseries_bad_arguments(tmp_path):
    with pytest.raises(ValueError, match="Cannot set both `ragged` and `output_sequence_length`"):
        utils.audio_dataset_from_directory(tmp_path, ragged=True, output_sequence_length=3)
    with pytest.raises(ValueError, match="`sampling_rate` should have an integer value"):
        utils.audio_dataset_from_directory(tmp_path, sampling_rate=1.5)
    with pytest.raises(ValueError, match="`sampling_rate` should be higher than 0"):
        utils.audio_dataset_from_directory(tmp_path, sampling_rate=0)
    data = np.arange(10)
    cases = [({"start_index": -1}, "`start_index` must be 0 or greater"),
             ({"start_index": 10}, "`start_index` must be lower than the length"),
             ({"start_index": 5, "end_index": 4}, "`end_index` must be higher than `start_index`"),
             ({"end_index": 10}, "`end_index` must be lower than the length"),
             ({"end_index": -2}, "`end_index` must be higher than 0"),
             ({"sampling_rate": 0}, "`sampling_rate` must be higher than 0"),
             ({"sampling_rate": 10}, "`sampling_rate` must be lower than the length"),
             ({"sequence_stride": 0}, "`sequence_stride` must be higher than 0"),
             ({"sequence_stride": 11}, "`sequence_stride` must be lower than the length")]
    for kwargs, message in cases:
        with pytest.raises(ValueError, match=message):
            utils.timeseries_dataset_from_array(data, None, 2, **kwargs)


def test_prefetch_and_take():
    ds = utils.timeseries_dataset_from_array(np.arange(10), None, 2, batch_size=2)
    assert ds.prefetch(-1) is ds and ds.max_queue_size == 8
    taken = ds.take(2)
    assert len(taken) == 2 and math.isclose(float(taken[1][0][0]), 2.0)
    assert len(ds.take(-1)) == len(ds)


def test_missing_pillow_names_the_extra(images, monkeypatch):
    monkeypatch.setattr(_pil, "_PILImage", None)
    ds = utils.image_dataset_from_directory(images, verbose=False)
    with pytest.raises(ImportError, match=r"Install the `image` extra: `pip install "
                                          r"torcheras\[image\]`"):
        ds[0]
    with pytest.raises(ImportError, match="the `image` extra"):
        utils.load_img(os.path.join(images, "cat", "a.png"))
