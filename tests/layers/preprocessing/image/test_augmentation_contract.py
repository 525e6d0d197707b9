"""Every new image augmentation layer: names, config round trip, symbolic and eager
shapes (batched, unbatched, channels_first), dtypes, seeds, and inference behaviour."""

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras import layers

IMG = np.random.default_rng(0).uniform(0, 255, size=(3, 6, 7, 3)).astype("float32")
IMG_CF = np.ascontiguousarray(IMG.transpose(0, 3, 1, 2))

# (maker taking data_format, snake name, output (height, width) or None, inference):
# inference is "identity" (training=False returns the input), "applies" (deterministic
# layers that always apply) or "crop" (RandomCrop: central window, resized).
LAYERS = [
    (lambda **k: layers.RandomBrightness(0.3, seed=1, **k), "random_brightness", None,
     "identity"),
    (lambda **k: layers.RandomInvert(seed=1, **k), "random_invert", None, "identity"),
    (lambda **k: layers.RandomPosterization(3, seed=1, **k), "random_posterization", None,
     "identity"),
    (lambda **k: layers.Solarization(0.3, 0.5, seed=1, **k), "solarization", None,
     "identity"),
    (lambda **k: layers.AutoContrast(**k), "auto_contrast", None, "applies"),
    (lambda **k: layers.Equalization(**k), "equalization", None, "applies"),
    (lambda **k: layers.RandomGrayscale(0.7, seed=1, **k), "random_grayscale", None,
     "identity"),
    (lambda **k: layers.RandomHue(0.5, seed=1, **k), "random_hue", None, "identity"),
    (lambda **k: layers.RandomSaturation(0.6, seed=1, **k), "random_saturation", None,
     "identity"),
    (lambda **k: layers.RandomSharpness(0.8, seed=1, **k), "random_sharpness", None,
     "identity"),
    (lambda **k: layers.RandomColorDegeneration(0.8, seed=1, **k),
     "random_color_degeneration", None, "identity"),
    (lambda **k: layers.RandomColorJitter(brightness_factor=0.2, contrast_factor=0.3,
                                          saturation_factor=0.4, hue_factor=0.2, seed=1, **k),
     "random_color_jitter", None, "identity"),
    (lambda **k: layers.RandomErasing(scale=(0.3, 0.5), seed=1, **k), "random_erasing",
     None, "identity"),
    (lambda **k: layers.RandomGaussianBlur(sigma=(0.5, 1.0), seed=1, **k),
     "random_gaussian_blur", None, "identity"),
    (lambda **k: layers.RandomPerspective(scale=0.5, seed=1, **k), "random_perspective",
     None, "identity"),
    (lambda **k: layers.RandomElasticTransform(seed=1, **k), "random_elastic_transform",
     None, "identity"),
    (lambda **k: layers.RandomShear(0.4, 0.3, seed=1, **k), "random_shear", None,
     "identity"),
    (lambda **k: layers.RandAugment(num_ops=3, seed=2, **k), "rand_augment", None,
     "identity"),
    (lambda **k: layers.AugMix(seed=1, **k), "aug_mix", None, "identity"),
    (lambda **k: layers.MixUp(seed=2, **k), "mix_up", None, "identity"),
    (lambda **k: layers.CutMix(seed=1, **k), "cut_mix", None, "identity"),
    (lambda **k: layers.RandomCrop(4, 5, seed=1, **k), "random_crop", (4, 5), "crop"),
    (lambda **k: layers.MaxNumBoundingBoxes(4, **k), "max_num_bounding_boxes", None,
     "identity"),
]
IDS = [name for _, name, _, _ in LAYERS]
RANDOM = [spec for spec in LAYERS if spec[1] not in
          ("auto_contrast", "equalization", "max_num_bounding_boxes")]


def _out_shape(batch, size, channels_first=False):
    h, w = size or (6, 7)
    return (batch, 3, h, w) if channels_first else (batch, h, w, 3)


@pytest.mark.parametrize("make,name,size,inference", LAYERS, ids=IDS)
def test_names_and_config_round_trip(make, name, size, inference):
    first, second = make(), make()
    assert (first.name, second.name) == (name, f"{name}_1")
    config = first.get_config()
    assert type(first).from_config(config).get_config() == config
    restored = layers.deserialize(layers.serialize(first))
    assert type(restored) is type(first) and restored.get_config() == config
    cf = make(data_format="channels_first")
    assert type(cf).from_config(cf.get_config()).data_format == "channels_first"


@pytest.mark.parametrize("make,name,size,inference", LAYERS, ids=IDS)
def test_shapes_and_dtypes(make, name, size, inference):
    symbolic = make()(keras.Input((6, 7, 3)))
    assert symbolic.shape == (None,) + _out_shape(1, size)[1:]
    out = make()(IMG)
    assert tuple(out.shape) == _out_shape(3, size) and out.dtype == torch.float32
    assert tuple(make()(IMG[0]).shape) == _out_shape(3, size)[1:]
    cf = make(data_format="channels_first")(IMG_CF)
    assert tuple(cf.shape) == _out_shape(3, size, channels_first=True)
    assert make()(IMG.astype("float64")).dtype == torch.float32


@pytest.mark.parametrize("make,name,size,inference", RANDOM, ids=[s[1] for s in RANDOM])
def test_random_layers_change_images_and_replay_with_seed(make, name, size, inference):
    out = make()(IMG)
    if size is None:
        assert not np.allclose(out.numpy(), IMG)
    np.testing.assert_array_equal(make()(IMG).numpy(), out.numpy())  # same seed, same draw


@pytest.mark.parametrize("make,name,size,inference", LAYERS, ids=IDS)
def test_inference(make, name, size, inference):
    layer = make()
    model = keras.Sequential([keras.Input((6, 7, 3)), make()])
    predicted = model.predict(IMG, verbose=0)
    if inference == "identity":
        np.testing.assert_array_equal(layer(IMG, training=False).numpy(), IMG)
        np.testing.assert_array_equal(predicted, IMG)
    elif inference == "applies":
        np.testing.assert_allclose(layer(IMG, training=False).numpy(), layer(IMG).numpy())
        np.testing.assert_allclose(predicted, layer(IMG).numpy(), atol=1e-5)
    else:
        expected = layers.Resizing(4, 5, crop_to_aspect_ratio=True)(IMG).numpy()
        np.testing.assert_allclose(layer(IMG, training=False).numpy(), expected, atol=1e-4)
        np.testing.assert_allclose(predicted, expected, atol=1e-4)


@pytest.mark.parametrize("make,name,size,inference", LAYERS, ids=IDS)
def test_dict_inputs_carry_labels_and_masks(make, name, size, inference):
    labels = np.eye(3, dtype="float32")
    masks = np.random.default_rng(1).integers(0, 3, size=(3, 6, 7, 1)).astype("float32")
    out = make()({"images": IMG, "labels": labels, "segmentation_masks": masks})
    assert tuple(out["images"].shape) == _out_shape(3, size)
    assert tuple(out["labels"].shape) == (3, 3)
    np.testing.assert_allclose(out["labels"].numpy().sum(-1), 1.0, atol=1e-5)
    mask_shape = tuple(out["segmentation_masks"].shape)
    assert mask_shape[:3] == _out_shape(3, size)[:3]


def test_random_layers_follow_set_random_seed_without_seed():
    keras.utils.set_random_seed(3)
    first = layers.RandomHue(0.5)(IMG).numpy()
    keras.utils.set_random_seed(3)
    np.testing.assert_array_equal(layers.RandomHue(0.5)(IMG).numpy(), first)


def test_layers_run_inside_fit():
    model = keras.Sequential([keras.Input((6, 7, 3)), layers.RandomBrightness(0.2, seed=1),
                              layers.RandomSharpness(0.5, seed=1), layers.AutoContrast(),
                              layers.Rescaling(1 / 255), layers.Flatten(), layers.Dense(1)])
    model.compile("sgd", "mse")
    history = model.fit(IMG, np.zeros((3, 1)), epochs=2, batch_size=3, verbose=0)
    assert np.isfinite(history.history["loss"]).all()
