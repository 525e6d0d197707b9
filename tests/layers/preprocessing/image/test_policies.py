"""RandAugment and AugMix: replayed choices give the sub-layers' results, the choices
cover every operation, and the mixing weights."""

import numpy as np
import pytest
import torch

from torcheras import layers

X = torch.rand(2, 6, 6, 3) * 255


def test_rand_augment_applies_the_chosen_operations_in_order():
    layer = layers.RandAugment(num_ops=2)
    names = layer._op_names
    delta = {"rgb_delta": torch.full((2, 1, 1, 1), 30.0)}
    t = {"layer_idxes": [names.index("random_brightness"), names.index("auto_contrast")],
         "transforms": {"random_brightness": delta, "auto_contrast": None}}
    expected = layers.AutoContrast()(layers.RandomBrightness(0.5).transform_images(X, delta))
    np.testing.assert_allclose(layer.transform_images(X, t).numpy(), expected.numpy(),
                               atol=1e-4)
    t = {"layer_idxes": [names.index("equalization")] * 2, "transforms": {"equalization": None}}
    twice = layers.Equalization()(layers.Equalization()(X))
    np.testing.assert_allclose(layer.transform_images(X, t).numpy(), twice.numpy())


def test_rand_augment_choices_and_sub_layers():
    layer = layers.RandAugment(num_ops=3, factor=0.5, seed=1)
    assert len(layer._op_names) == 11
    assert layer.random_posterization.factor == (1, 4)
    assert layer.solarization.threshold_factor == (0, 0.5)
    seen = set()
    for _ in range(40):
        seen.update(layer.get_random_transformation(X)["layer_idxes"])
    assert seen == set(range(11))
    np.testing.assert_array_equal(layers.RandAugment(num_ops=0)(X).numpy(), X.numpy())


def test_aug_mix_weights():
    layer = layers.AugMix(num_chains=3)
    keep = {"chain_mixing_weights": torch.tensor([0.2, 0.3, 0.5]),
            "weight_sample": torch.tensor(1.0), "chain_transforms": [[], [], []]}
    np.testing.assert_allclose(layer.transform_images(X, keep).numpy(), X.numpy(), atol=1e-4)
    auto = {"chain_mixing_weights": torch.tensor([0.25, 0.75, 0.0]),
            "weight_sample": torch.tensor(0.5),
            "chain_transforms": [[{"layer_name": "auto_contrast", "transformation": None}],
                                 [], []]}
    expected = 0.5 * X + 0.5 * (0.25 * layers.AutoContrast()(X) + 0.75 * X)
    np.testing.assert_allclose(layer.transform_images(X, auto).numpy(), expected.numpy(),
                               atol=1e-3)


def test_aug_mix_draws():
    layer = layers.AugMix(num_chains=4, chain_depth=3, all_ops=False, seed=2)
    assert len(layer._op_names) == 7 and not hasattr(layer, "random_brightness")
    t = layer.get_random_transformation(X)
    assert abs(float(t["chain_mixing_weights"].sum()) - 1) < 1e-6
    assert 0 <= float(t["weight_sample"]) <= 1
    assert len(t["chain_transforms"]) == 4
    assert all(len(chain) <= 3 for chain in t["chain_transforms"])
    out = layer(X)
    assert out.min() >= 0 and out.max() <= 255


def test_bounding_boxes():
    boxes = {"boxes": np.array([[[1.0, 1.0, 2.0, 2.0]]] * 2, "float32"),
             "labels": np.array([[1], [2]])}
    out = layers.AugMix(bounding_box_format="xyxy", seed=1)(
        {"images": X, "bounding_boxes": boxes})
    np.testing.assert_array_equal(out["bounding_boxes"]["boxes"].numpy(), boxes["boxes"])
    with pytest.raises(NotImplementedError, match="RandAugment"):
        layers.RandAugment(bounding_box_format="xyxy")


@pytest.mark.parametrize("make,message", [
    (lambda: layers.RandAugment(factor=1.5), "[0, 1]. Received: factor=1.5"),
    (lambda: layers.AugMix(factor=(0.5, 0.2, 0.1)), "Received: factor=(0.5, 0.2, 0.1)"),
])
def test_bad_arguments(make, message):
    with pytest.raises(ValueError) as info:
        make()
    assert message in str(info.value)
