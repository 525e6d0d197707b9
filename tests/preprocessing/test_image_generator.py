"""Keras 2's ``ImageDataGenerator``, its iterators and transforms, worked out by hand."""

import numpy as np
import pytest

import torcheras as keras
from torcheras.preprocessing import image
from torcheras.preprocessing.image import ImageDataGenerator

pytest.importorskip("PIL")

X = np.arange(2 * 3 * 4 * 1, dtype="float32").reshape(2, 3, 4, 1)


def test_flips_and_identity_transforms():
    img = X[0]
    gen = ImageDataGenerator()
    np.testing.assert_array_equal(gen.apply_transform(img, {"flip_horizontal": True}),
                                  img[:, ::-1])
    np.testing.assert_array_equal(gen.apply_transform(img, {"flip_vertical": True}),
                                  img[::-1])
    np.testing.assert_array_equal(gen.apply_transform(img, {}), img)
    # on a square image, a 180-degree rotation about the centre reverses both axes
    square = np.arange(9, dtype="float32").reshape(3, 3, 1)
    np.testing.assert_allclose(gen.apply_transform(square, {"theta": 180}),
                               square[::-1, ::-1], atol=1e-4)
    # 90 degrees: output[r, c] = input[c, 2 - r]
    np.testing.assert_allclose(gen.apply_transform(square, {"theta": 90})[..., 0],
                               [[2, 5, 8], [1, 4, 7], [0, 3, 6]], atol=1e-4)


def test_shift_fill_modes():
    row = np.array([[[1.0], [2.0], [3.0], [4.0]]], "float32")  # 1 x 4 x 1
    def shift(mode):
        return image.apply_affine_transform(row, tx=-1, row_axis=0, col_axis=1,
                                            channel_axis=2, fill_mode=mode, cval=9.0)[0, :, 0]
    # tx is the width shift: content moves one pixel right, the first column is filled
    np.testing.assert_array_equal(shift("constant"), [9, 1, 2, 3])
    np.testing.assert_array_equal(shift("nearest"), [1, 1, 2, 3])
    np.testing.assert_array_equal(shift("reflect"), [1, 1, 2, 3])
    np.testing.assert_array_equal(shift("wrap"), [3, 1, 2, 3])


def test_channel_shift_clips_to_the_range():
    x = np.array([[[0.0, 10.0]]], "float32")
    np.testing.assert_array_equal(image.apply_channel_shift(x, 4.0, channel_axis=2),
                                  [[[4.0, 10.0]]])


def test_standardize_rescale_samplewise_and_preprocessing_function():
    gen = ImageDataGenerator(rescale=0.5, preprocessing_function=lambda t: t + 2.0)
    np.testing.assert_array_equal(gen.standardize(np.array([[[2.0]]])), [[[2.0]]])
    gen = ImageDataGenerator(samplewise_center=True, samplewise_std_normalization=True)
    out = gen.standardize(np.array([[[1.0]], [[3.0]]]))
    np.testing.assert_allclose(out, [[[-1.0]], [[1.0]]], rtol=1e-5)


def test_featurewise_fit_per_channel():
    x = np.zeros((2, 1, 1, 3), "float32")
    x[0, 0, 0] = [1.0, 10.0, 5.0]
    x[1, 0, 0] = [3.0, 30.0, 5.0]
    gen = ImageDataGenerator(featurewise_center=True, featurewise_std_normalization=True)
    gen.fit(x)
    np.testing.assert_allclose(gen.mean, [[[2.0, 20.0, 5.0]]])
    np.testing.assert_allclose(gen.std, [[[1.0, 10.0, 0.0]]])
    np.testing.assert_allclose(gen.standardize(x[1].copy()), [[[1.0, 1.0, 0.0]]], rtol=1e-5)


def test_unfit_featurewise_warns():
    gen = ImageDataGenerator(featurewise_center=True)
    with pytest.warns(UserWarning, match=r"hasn't been fit on any training data"):
        gen.standardize(X[0].copy())


def test_flow_batches_targets_weights_and_extra_inputs():
    x = np.arange(5 * 2 * 2 * 1, dtype="float32").reshape(5, 2, 2, 1)
    it = ImageDataGenerator().flow([x, np.arange(5)], np.arange(5) * 10, batch_size=2,
                                   shuffle=False, sample_weight=np.ones(5))
    assert len(it) == 3
    (bx, extra), by, sw = it[2]
    np.testing.assert_array_equal(bx, x[4:])
    np.testing.assert_array_equal(extra, [4])
    np.testing.assert_array_equal(by, [40])
    np.testing.assert_array_equal(sw, [1.0])
    # next() loops forever, restarting after the last (short) batch
    firsts = [next(it)[1][0] for _ in range(4)]
    assert firsts == [0, 20, 40, 0]


def test_flow_seed_is_reproducible_and_leaves_global_numpy_state_alone():
    gen = ImageDataGenerator(rotation_range=30, horizontal_flip=True)
    state = np.random.get_state()[1].copy()
    a = gen.flow(X, batch_size=2, seed=3)[0]
    b = gen.flow(X, batch_size=2, seed=3)[0]
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(np.random.get_state()[1], state)


def test_validation_split_subsets():
    gen = ImageDataGenerator(validation_split=0.25)
    x = np.zeros((8, 2, 2, 1), "float32")
    y = np.array([0, 1] * 4)
    assert gen.flow(x, y, subset="validation").n == 2
    assert gen.flow(x, y, subset="training").n == 6
    with pytest.raises(ValueError, match=r"different number of classes"):
        gen.flow(x, np.array([0, 0, 1, 1, 1, 1, 1, 1]), subset="validation")
    assert gen.flow(x, np.array([0, 0, 1, 1, 1, 1, 1, 1]), subset="validation",
                    ignore_class_split=True).n == 2


def _write_tree(root):
    for cls, values in {"cats": [0, 50, 100], "dogs": [200, 250]}.items():
        (root / cls).mkdir()
        for i, v in enumerate(values):
            image.save_img(root / cls / f"{i}.png", np.full((4, 4, 3), v, "float32"),
                           scale=False)
    (root / "dogs" / "notes.txt").write_text("not an image")


def test_flow_from_directory(tmp_path, capsys):
    _write_tree(tmp_path)
    it = ImageDataGenerator(rescale=1 / 255.0).flow_from_directory(
        tmp_path, target_size=(2, 2), batch_size=5, shuffle=False)
    assert "Found 5 images belonging to 2 classes." in capsys.readouterr().out
    assert it.class_indices == {"cats": 0, "dogs": 1}
    assert it.filenames[0] == "cats/0.png" and it.filenames[-1] == "dogs/1.png"
    np.testing.assert_array_equal(it.classes, [0, 0, 0, 1, 1])
    bx, by = it[0]
    assert bx.shape == (5, 2, 2, 3)
    np.testing.assert_allclose(bx[:, 0, 0, 0], np.array([0, 50, 100, 200, 250]) / 255.0,
                               rtol=1e-6)
    np.testing.assert_array_equal(by, np.eye(2)[[0, 0, 0, 1, 1]])


@pytest.mark.parametrize("class_mode, check", [
    ("binary", lambda b: np.array_equal(b[1], [0, 0, 0, 1, 1])),
    ("sparse", lambda b: np.array_equal(b[1], [0, 0, 0, 1, 1])),
    ("input", lambda b: np.array_equal(b[0], b[1])),
    (None, lambda b: isinstance(b, np.ndarray) and b.shape == (5, 2, 2, 1)),
])
def test_flow_from_directory_class_modes(tmp_path, class_mode, check):
    _write_tree(tmp_path)
    it = ImageDataGenerator().flow_from_directory(
        tmp_path, target_size=(2, 2), color_mode="grayscale", class_mode=class_mode,
        batch_size=5, shuffle=False)
    assert check(it[0])


def test_flow_from_directory_subset(tmp_path):
    _write_tree(tmp_path)
    gen = ImageDataGenerator(validation_split=0.5)
    val = gen.flow_from_directory(tmp_path, target_size=(2, 2), subset="validation")
    train = gen.flow_from_directory(tmp_path, target_size=(2, 2), subset="training")
    assert val.filenames == ["cats/0.png", "dogs/0.png"]
    assert train.samples == 3


def test_fit_trains_on_a_generator():
    keras.utils.set_random_seed(0)
    x = np.concatenate([np.zeros((8, 4, 4, 1)), np.ones((8, 4, 4, 1))]).astype("float32")
    y = np.array([0] * 8 + [1] * 8)
    model = keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Flatten(),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.Adam(0.1), loss="binary_crossentropy",
                  metrics=["accuracy"])
    gen = ImageDataGenerator(horizontal_flip=True, vertical_flip=True)
    history = model.fit(gen.flow(x, y, batch_size=4, seed=1), epochs=3, verbose=0)
    assert history.history["accuracy"][-1] == 1.0


@pytest.mark.parametrize("kwargs, message", [
    ({"zoom_range": (0.5, 1.0, 2.0)}, r"`zoom_range` should be a float or a tuple"),
    ({"validation_split": 1.5}, r"Received: validation_split=1.5"),
    ({"data_format": "NHWC"}, r"Received: data_format='NHWC'"),
    ({"brightness_range": 0.5}, r"Received: brightness_range=0.5"),
    ({"fill_mode": "mirror"}, r"Received: fill_mode='mirror'"),
])
def test_generator_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        ImageDataGenerator(**kwargs)


@pytest.mark.parametrize("call, message", [
    (lambda g: g.flow(np.zeros((2, 3, 3))), r"should have rank 4"),
    (lambda g: g.flow(np.zeros((2, 3, 3, 1)), np.zeros(3)), r"should have the same length"),
    (lambda g: g.flow(np.zeros((2, 3, 3, 1)), subset="test"), r"Invalid subset name"),
    (lambda g: g.fit(np.zeros((2, 3, 3))), r"Input to `.fit\(\)` should have rank 4"),
    (lambda g: g.flow(np.zeros((2, 3, 3, 1)))[5], r"Asked to retrieve element 5"),
    (lambda g: g.flow_from_directory(".", class_mode="onehot"), r"Invalid class_mode"),
    (lambda g: g.flow_from_directory(".", color_mode="cmyk"), r"Invalid color mode"),
])
def test_iterator_bad_inputs(call, message):
    with pytest.raises(ValueError, match=message):
        call(ImageDataGenerator())


def test_zca_implies_featurewise_center_with_a_warning():
    with pytest.warns(UserWarning, match=r"overrides setting of `featurewise_center`"):
        gen = ImageDataGenerator(zca_whitening=True)
    assert gen.featurewise_center


def test_unusual_channel_counts_warn():
    with pytest.warns(UserWarning, match=r"\(5 channels\)"):
        ImageDataGenerator(featurewise_center=True).fit(np.zeros((2, 3, 3, 5)))
    with pytest.warns(UserWarning, match=r"\(2 channels\)"):
        ImageDataGenerator().flow(np.zeros((2, 3, 3, 2)))


def test_fit_with_augmentation_rounds():
    x = np.stack([np.full((2, 2, 1), 1.0), np.full((2, 2, 1), 3.0)]).astype("float32")
    gen = ImageDataGenerator(featurewise_center=True, horizontal_flip=True)
    gen.fit(x, augment=True, rounds=3, seed=0)
    # flips keep constant images unchanged: the mean over the 6 copies is 2
    np.testing.assert_allclose(gen.mean, [[[2.0]]])
