"""Image preprocessing layers: contract, training-only augmentation, hand-computed
transformations, seeds, dict inputs and bad inputs."""

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras import layers
from torcheras.layers.preprocessing.image import _affine
from torcheras.layers.preprocessing.image._random_affine import rotation_matrix

IMG = np.random.default_rng(0).uniform(0, 255, size=(3, 6, 6, 2)).astype("float32")

MAKERS = [
    (lambda: layers.Rescaling(1 / 255), "rescaling", (None, 6, 6, 2)),
    (lambda: layers.Resizing(4, 3), "resizing", (None, 4, 3, 2)),
    (lambda: layers.CenterCrop(2, 5), "center_crop", (None, 2, 5, 2)),
    (lambda: layers.RandomFlip(seed=1), "random_flip", (None, 6, 6, 2)),
    (lambda: layers.RandomRotation(0.2), "random_rotation", (None, 6, 6, 2)),
    (lambda: layers.RandomZoom(0.2, 0.1), "random_zoom", (None, 6, 6, 2)),
    (lambda: layers.RandomTranslation(0.2, 0.1), "random_translation", (None, 6, 6, 2)),
    (lambda: layers.RandomContrast(0.3), "random_contrast", (None, 6, 6, 2)),
]
RANDOM = MAKERS[3:]


@pytest.mark.parametrize("make,name,out_shape", MAKERS)
def test_contract(make, name, out_shape):
    first, second = make(), make()
    assert (first.name, second.name) == (name, f"{name}_1")
    config = first.get_config()
    assert type(first).from_config(config).get_config() == config
    assert layers.deserialize(layers.serialize(first)).get_config() == config
    assert second(keras.Input((6, 6, 2))).shape == out_shape
    out = make()(IMG)
    assert tuple(out.shape) == (3,) + out_shape[1:] and out.dtype == torch.float32
    single = make()(IMG[0])
    assert tuple(single.shape) == out_shape[1:]


@pytest.mark.parametrize("make,name,out_shape", RANDOM)
def test_random_layers_augment_only_in_training(make, name, out_shape):
    layer = make()
    assert not np.allclose(layer(IMG).numpy(), IMG)  # a direct call defaults to training
    np.testing.assert_array_equal(layer(IMG, training=False).numpy(), IMG)
    model = keras.Sequential([keras.Input((6, 6, 2)), make()])
    np.testing.assert_array_equal(model.predict(IMG, verbose=0), IMG)
    assert not np.allclose(model(IMG).detach().numpy(), IMG)


def test_random_layer_is_active_inside_fit():
    seen = []

    class Probe(layers.Layer):
        def call(self, x):
            seen.append(x.detach().clone())
            return x

    model = keras.Sequential([keras.Input((6, 6, 2)), layers.RandomRotation(0.3, seed=2),
                              Probe(), layers.Flatten(), layers.Dense(1)])
    model.compile("sgd", "mse")
    model.fit(IMG / 255, np.zeros((3, 1)), batch_size=3, epochs=1, verbose=0)
    assert not np.allclose(seen[-1].numpy(), IMG / 255)
    model.evaluate(IMG / 255, np.zeros((3, 1)), verbose=0)
    np.testing.assert_allclose(seen[-1].numpy(), IMG / 255, atol=1e-6)


def test_flip_hand_computed():
    x = np.arange(8, dtype="float32").reshape(2, 1, 4, 1)
    layer = layers.RandomFlip("horizontal")
    t = {"flips": torch.tensor([True, False]).reshape(2, 1, 1, 1)}
    out = layer.transform_images(torch.as_tensor(x), t).numpy()
    np.testing.assert_array_equal(out[0, 0, :, 0], [3, 2, 1, 0])
    np.testing.assert_array_equal(out[1, 0, :, 0], [4, 5, 6, 7])
    both = layers.RandomFlip(data_format="channels_first")
    xc = np.arange(12, dtype="float32").reshape(1, 1, 3, 4)
    out = both.transform_images(torch.as_tensor(xc),
                                {"flips": torch.ones(1, 1, 1, 1, dtype=torch.bool)})
    np.testing.assert_array_equal(out.numpy()[0, 0], xc[0, 0, ::-1, ::-1])


def test_rotation_by_90_degrees_is_counter_clockwise_rot90():
    x = np.arange(25, dtype="float32").reshape(1, 5, 5, 1)
    layer = layers.RandomRotation(0.25, interpolation="nearest")
    t = {"rotation_matrix": rotation_matrix(torch.tensor([90.0]), 5, 5)}
    out = layer.transform_images(torch.as_tensor(x), t).numpy()
    np.testing.assert_allclose(out[0, :, :, 0], np.rot90(x[0, :, :, 0]), atol=1e-4)


def test_translation_by_whole_pixels_with_constant_fill():
    x = np.arange(16, dtype="float32").reshape(1, 4, 4, 1) + 1
    layer = layers.RandomTranslation(0.5, 0.5, fill_mode="constant", fill_value=-1.0)
    t = {"translations": torch.tensor([[1.0, 2.0]])}  # dx=1 (right), dy=2 (down)
    out = layer.transform_images(torch.as_tensor(x), t).numpy()[0, :, :, 0]
    expected = np.full((4, 4), -1.0, "float32")
    expected[2:, 1:] = x[0, :2, :3, 0]
    np.testing.assert_array_equal(out, expected)


@pytest.mark.parametrize("fill_mode,row", [
    ("reflect", [2, 1, 1, 2, 3, 4, 4, 3]),
    ("wrap", [3, 4, 1, 2, 3, 4, 1, 2]),
    ("nearest", [1, 1, 1, 2, 3, 4, 4, 4]),
    ("constant", [0, 0, 1, 2, 3, 4, 0, 0]),
])
def test_fill_modes_outside_the_image(fill_mode, row):
    """Sampling the row [1, 2, 3, 4] at x = -2 ... 5 (two shifts by 2 pixels)."""
    x = torch.tensor([1.0, 2.0, 3.0, 4.0]).reshape(1, 1, 4, 1)
    shift = torch.tensor([[1.0, 0, -2.0, 0, 1.0, 0, 0, 0], [1.0, 0, 2.0, 0, 1.0, 0, 0, 0]])
    out = _affine.affine_transform(x.repeat(2, 1, 1, 1), shift, "nearest", fill_mode, 0.0)
    assert out[:, 0, :, 0].reshape(-1).tolist() == row
    bilinear = _affine.affine_transform(x, shift[:1] + torch.tensor([0, 0, 0.5, 0, 0, 0, 0, 0]),
                                        "bilinear", fill_mode, 0.0)
    halfway = [(a + b) / 2 for a, b in zip(row[:4], row[1:5])]
    np.testing.assert_allclose(bilinear[0, 0, :, 0].numpy(), halfway, atol=1e-6)


def test_zoom_keeps_the_center_pixel():
    x = np.random.default_rng(3).uniform(size=(1, 5, 5, 1)).astype("float32")
    layer = layers.RandomZoom((-0.5, 0.5), seed=4)
    for _ in range(3):
        out = layer(x).numpy()
        assert out[0, 2, 2, 0] == pytest.approx(x[0, 2, 2, 0], abs=1e-6)


def test_contrast_factor_range_and_clipping():
    layer = layers.RandomContrast((0.2, 0.4), seed=5)
    t = layer.get_random_transformation(torch.as_tensor(IMG))
    factor = t["contrast_factor"].numpy().ravel()
    assert ((factor >= 0.8) & (factor <= 1.4)).all()
    out = layer(IMG).numpy()
    assert out.min() >= 0 and out.max() <= 255
    assert layers.RandomContrast(0.5).factor == (0, 0.5)  # Keras 3.15: only upward


def test_seeds_repeat_and_integer_images_become_float():
    a = layers.RandomRotation(0.3, seed=9)(IMG).numpy()
    b = layers.RandomRotation(0.3, seed=9)(IMG).numpy()
    np.testing.assert_array_equal(a, b)
    layer = layers.RandomZoom(0.3)
    t1 = layer.get_random_transformation(torch.as_tensor(IMG), seed=3)
    t2 = layer.get_random_transformation(torch.as_tensor(IMG), seed=3)
    np.testing.assert_array_equal(t1["height_zoom"].numpy(), t2["height_zoom"].numpy())
    u8 = IMG.astype("uint8")
    assert layers.RandomFlip()(u8).dtype == torch.float32
    assert layers.Resizing(3, 3)(u8).dtype == torch.uint8
    assert layers.RandomContrast(0.2)(u8, training=False).dtype == torch.uint8


def test_dict_inputs_transform_images_and_masks_alike():
    masks = np.arange(36, dtype="float32").reshape(1, 6, 6, 1)
    data = {"images": masks.copy(), "labels": np.array([3]), "segmentation_masks": masks}
    out = layers.RandomFlip("vertical", seed=0)(data)
    assert set(out) == {"images", "labels", "segmentation_masks"}
    np.testing.assert_array_equal(out["images"].numpy(), out["segmentation_masks"].numpy())
    assert out["labels"].tolist() == [3]
    resized = layers.Resizing(3, 3)({"images": IMG[0]})
    assert tuple(resized["images"].shape) == (3, 3, 2)


def test_rescaling_channels_first_per_channel_scale():
    keras.config.set_image_data_format("channels_first")
    try:
        x = np.ones((1, 3, 2, 2), "float32")
        out = layers.Rescaling([1.0, 2.0, 3.0])(x).numpy()
    finally:
        keras.config.set_image_data_format("channels_last")
    np.testing.assert_array_equal(out[0, :, 0, 0], [1, 2, 3])


@pytest.mark.parametrize("make,error,match", [
    (lambda: layers.RandomRotation(1.5), ValueError, r"range \[-1, 1\]. Received: factor=1.5"),
    (lambda: layers.RandomRotation((0.1, 0.2, 0.3)), ValueError, "Received: factor="),
    (lambda: layers.RandomRotation("a"), ValueError, "Received: factor=a"),
    (lambda: layers.RandomRotation(0.1, fill_mode="mirror"), NotImplementedError,
     "Unknown `fill_mode` mirror"),
    (lambda: layers.RandomRotation(0.1, interpolation="bicubic"), NotImplementedError,
     "Unknown `interpolation` bicubic"),
    (lambda: layers.RandomZoom(-1.0), ValueError, r"\(-1.0, 1.0\]. Received: input_number=-1"),
    (lambda: layers.RandomZoom(0.1, width_factor=[0.1]), ValueError,
     "Received: width_factor="),
    (lambda: layers.RandomTranslation(0.1, 1.5), ValueError, "Received: input_number=1.5"),
    (lambda: layers.RandomContrast(1.5), ValueError, r"range \[0, 1\]. Received: factor=1.5"),
    (lambda: layers.RandomContrast(0.1, value_range=(1, 0)), ValueError,
     "Received: value_range="),
    (lambda: layers.RandomFlip("diagonal"), ValueError, "unknown mode argument 'diagonal'"),
    (lambda: layers.RandomFlip(data_format="nhwc"), ValueError, "Received: data_format='nhwc'"),
    (lambda: layers.RandomFlip(seed=1.5), ValueError, "Received: seed=1.5"),
    (lambda: layers.Resizing(0, 3), ValueError, "Received: height=0"),
    (lambda: layers.Resizing(3, 3, interpolation="lanczos3"), ValueError,
     "interpolation=lanczos3"),
    (lambda: layers.Resizing(3, 3, interpolation="linear"), ValueError,
     "Invalid value for argument `interpolation`"),
    (lambda: layers.Resizing(3, 3, fill_mode="reflect"), ValueError,
     "Received: fill_mode=reflect"),
    (lambda: layers.Resizing(3, 3, crop_to_aspect_ratio=True, pad_to_aspect_ratio=True),
     ValueError, "Only one of `pad_to_aspect_ratio`"),
    (lambda: layers.CenterCrop(2, -1), ValueError, "Received: width=-1"),
    (lambda: layers.Rescaling("a"), ValueError, "Received: scale='a'"),
    (lambda: layers.Rescaling(1.0, offset=[1, None]), ValueError, "Received: offset="),
    (lambda: layers.RandomElasticTransform(bounding_box_format="xyxy"), NotImplementedError,
     "bounding_box_format='xyxy'"),
    (lambda: layers.Resizing(2, 2, factor=0.1), ValueError, "does not take a `factor`"),
])
def test_bad_arguments(make, error, match):
    with pytest.raises(error, match=match):
        make()


@pytest.mark.parametrize("layer", [layers.RandomFlip(), layers.RandomRotation(0.1),
                                   layers.Resizing(2, 2), layers.CenterCrop(2, 2)])
def test_wrong_rank(layer):
    with pytest.raises(ValueError, match=r"rank 3 \(single image\) or 4.*data.shape=\(6, 6\)"):
        layer(np.zeros((6, 6), "float32"))
    with pytest.raises(ValueError, match=r"data.shape=\(1, 2, 6, 6, 1\)"):
        layer(np.zeros((1, 2, 6, 6, 1), "float32"))
