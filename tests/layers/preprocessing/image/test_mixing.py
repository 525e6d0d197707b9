"""RandomErasing, CutMix, MixUp and their random draws (permutations, Beta/Gamma)."""

import numpy as np
import pytest
import torch

from torcheras import layers
from torcheras.layers.preprocessing.image import _draws
from torcheras.layers.regularization._random import SeededRandom

X = torch.arange(2 * 3 * 4, dtype=torch.float32).reshape(2, 3, 4, 1)


def test_erasing_hand_computed():
    layer = layers.RandomErasing(factor=(1.0, 1.0), scale=(1.0, 1.0), fill_value=0)
    np.testing.assert_array_equal(layer(X).numpy(), np.zeros(X.shape))
    mask = torch.zeros(2, 3, 4, 1, dtype=torch.bool)
    mask[:, 1:, :2] = True
    t = {"apply_erasing": torch.tensor([True, False]), "batch_masks": mask,
         "fill_value": torch.full(X.shape, -5.0)}
    out = layers.RandomErasing().transform_images(X, t).numpy()
    expected = X.numpy().copy()
    expected[0, 1:, :2] = -5.0
    np.testing.assert_array_equal(out, expected)


def test_erasing_fills():
    rgb = torch.full((1, 4, 4, 3), 100.0)
    out = layers.RandomErasing((1.0, 1.0), (1.0, 1.0), fill_value=(1.0, 2.0, 300.0))(rgb)
    np.testing.assert_array_equal(out[0, 0, 0].numpy(), [1.0, 2.0, 255.0])  # clipped
    cf = layers.RandomErasing((1.0, 1.0), (1.0, 1.0), fill_value=(1.0, 2.0, 3.0),
                              data_format="channels_first")(rgb.permute(0, 3, 1, 2))
    np.testing.assert_array_equal(cf[0, :, 0, 0].numpy(), [1.0, 2.0, 3.0])
    noise = layers.RandomErasing((1.0, 1.0), (1.0, 1.0), seed=1)(torch.zeros(2, 20, 20, 1))
    assert noise.min() >= 0 and noise.max() <= 255 and (noise > 0).float().mean() > 0.4


def test_erasing_rectangle_sizes():
    layer = layers.RandomErasing((1.0, 1.0), scale=(0.25, 0.25), fill_value=1, seed=3)
    out = layer(torch.zeros(200, 8, 8, 1)).numpy()
    # sides of sqrt(0.25) = half the image: 4x4 pixels erased (at float offsets: 4 or 5
    # pixels per side when the edges fall between pixel centres).
    counts = out.reshape(200, -1).sum(-1)
    assert set(counts.tolist()) <= {16.0, 20.0, 25.0} and 16.0 in counts


def test_cutmix_hand_computed():
    mask = torch.zeros(2, 3, 4, 1, dtype=torch.bool)
    mask[:, :2, :2] = True
    t = {"permutation_order": torch.tensor([1, 0]), "batch_masks": mask,
         "mix_weight": torch.tensor([2 / 3, 2 / 3]).reshape(2, 1, 1, 1)}
    layer = layers.CutMix()
    out = layer.transform_images(X, t).numpy()
    expected = X.numpy().copy()
    expected[0, :2, :2], expected[1, :2, :2] = X[1, :2, :2], X[0, :2, :2]
    np.testing.assert_array_equal(out, expected)
    labels = layer.transform_labels(torch.tensor([[1.0, 0.0], [0.0, 1.0]]), t).numpy()
    np.testing.assert_allclose(labels, [[2 / 3, 1 / 3], [1 / 3, 2 / 3]], atol=1e-6)
    np.testing.assert_array_equal(layer(X[0]).numpy(), X[0].numpy())  # single image


def test_cutmix_label_weight_is_the_unpasted_area():
    x = torch.zeros(64, 10, 10, 1)
    layer = layers.CutMix(seed=2)
    t = layer.get_random_transformation(x)
    pasted = t["batch_masks"].float().mean(dim=(1, 2, 3))
    np.testing.assert_allclose(1 - t["mix_weight"].reshape(-1).numpy(), pasted.numpy(),
                               atol=0.25)
    assert sorted(t["permutation_order"].tolist()) == list(range(64))


def test_mixup_hand_computed():
    t = {"mix_weight": torch.tensor([0.25, 1.0]), "permutation_order": torch.tensor([1, 0])}
    layer = layers.MixUp(bounding_box_format="xyxy")
    out = layer.transform_images(X, t).numpy()
    np.testing.assert_allclose(out[0], 0.25 * X[0].numpy() + 0.75 * X[1].numpy())
    np.testing.assert_allclose(out[1], X[1].numpy())
    labels = layer.transform_labels(torch.tensor([[1, 0], [0, 1]]), t).numpy()
    np.testing.assert_allclose(labels, [[0.25, 0.75], [0.0, 1.0]])
    boxes = {"boxes": torch.tensor([[[0.0, 0, 1, 1]], [[2.0, 2, 3, 3]]]),
             "labels": torch.tensor([[1], [2]])}
    mixed = layer.transform_bounding_boxes(boxes, t)
    assert mixed["boxes"].shape == (2, 2, 4) and mixed["labels"].tolist() == [[1, 2], [2, 1]]
    np.testing.assert_array_equal(layer(X, training=False).numpy(), X.numpy())


def test_beta_and_gamma_draws():
    random = SeededRandom(4)
    like = torch.empty(0)
    for alpha in (0.2, 1.0, 3.0):
        g = _draws.gamma(random, (20000,), alpha, like)
        assert abs(g.mean().item() - alpha) < 0.05 * max(alpha, 1)
        assert abs(g.var().item() - alpha) < 0.1 * max(alpha, 1)
    b = _draws.beta(random, (20000,), 0.2, 0.2, like)
    assert abs(b.mean().item() - 0.5) < 0.02
    assert abs(b.var().item() - 1 / (4 * 1.4)) < 0.01
    d = _draws.dirichlet(random, 3, 1.0, like)
    assert abs(d.sum().item() - 1) < 1e-6 and (d >= 0).all()
    with pytest.raises(ValueError, match="The Gamma concentration must be positive"):
        _draws.gamma(random, (2,), 0.0, like)


BAD = [
    (lambda: layers.RandomErasing(fill_value="x"),
     "The `fill_value` argument should be a number (or a list of three numbers) "),
    (lambda: layers.RandomErasing(fill_value=(1, 2)),
     "The `fill_value` argument should be a number (or a list of three numbers) "),
    (lambda: layers.RandomErasing(scale=1.5),
     "The `scale` argument should be a number (or a list of two numbers) in the range "
     "[0, 1]. Received: factor=1.5"),
    (lambda: layers.RandomErasing(factor=-0.5),
     "The `factor` argument should be a number (or a list of two numbers) in the range "
     "[0, 1]. Received: factor=-0.5"),
    (lambda: layers.CutMix(factor=(2, 3)),
     "The `factor` argument should be a number (or a list of two numbers) in the range "
     "[0, 1]. Received: factor=(2, 3)"),
]


@pytest.mark.parametrize("make,message", BAD, ids=[m[:40] for _, m in BAD])
def test_bad_arguments(make, message):
    with pytest.raises(ValueError) as info:
        make()
    assert message in str(info.value)


def test_cutmix_rejects_bounding_boxes():
    with pytest.raises(NotImplementedError, match="Received: bounding_box_format='xyxy'"):
        layers.CutMix(bounding_box_format="xyxy")
