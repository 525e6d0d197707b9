"""ReversibleEmbedding: lookup, tied and untied reverse projection, logit soft cap, masks,
bad input (goldens in tests/layers/test_layers_extra_golden.py)."""

import numpy as np
import pytest
from _contract import check_layer_contract

import torcheras as keras
from torcheras import layers


@pytest.mark.parametrize("tie, weights", [(True, [(6, 3)]),
                                          (False, [(6, 3), (3, 6)])])
def test_contract(tie, weights):
    check_layer_contract(lambda: layers.ReversibleEmbedding(6, 3, tie_weights=tie),
                         (None, 4), (None, 4, 3), weights, input_dtype="int32")


def test_reverse_by_hand():
    layer = layers.ReversibleEmbedding(3, 2)
    layer.build()
    table = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]], "float32")
    layer.set_weights([table])
    hidden = layer(np.array([[2, 0]]))
    np.testing.assert_array_equal(hidden.detach().numpy(), table[[[2, 0]]])
    logits = layer(np.array([[1.0, 3.0]], "float32"), reverse=True)
    assert logits.tolist() == [[1.0, 6.0, 4.0]]  # hidden @ table.T
    capped = layers.ReversibleEmbedding(3, 2, logit_soft_cap=2.0)
    capped.build()
    capped.set_weights([table])
    np.testing.assert_allclose(capped(np.array([[1.0, 3.0]], "float32"), reverse=True).detach().numpy(),
                               np.tanh(np.array([[1.0, 6.0, 4.0]]) / 2.0) * 2.0, rtol=1e-6)


def test_untied_uses_its_own_matrix():
    layer = layers.ReversibleEmbedding(3, 2, tie_weights=False)
    layer.build()
    layer.set_weights([np.zeros((3, 2)), np.arange(6, dtype="float32").reshape(2, 3)])
    assert layer(np.array([[1.0, 1.0]], "float32"), reverse=True).tolist() == [[3.0, 5.0, 7.0]]
    assert [w.name for w in layer.weights] == ["embeddings", "reverse_embeddings"]


def test_mask_only_on_the_forward_output():
    layer = layers.ReversibleEmbedding(5, 3, mask_zero=True)
    out = layer(np.array([[1, 0, 2]]))
    assert out._keras_mask.tolist() == [[True, False, True]]
    assert layer.compute_mask(np.array([[1, 0]])) is None
    assert getattr(layer(out, reverse=True), "_keras_mask", None) is None


def test_language_model_trains_and_round_trips(tmp_path):
    ids = keras.Input((5,), dtype="int32")
    emb = layers.ReversibleEmbedding(12, 8, name="tokens")
    logits = emb(layers.Dense(8, activation="tanh")(emb(ids)), reverse=True)
    model = keras.Model(ids, logits)
    model.compile(keras.optimizers.Adam(0.05),
                  keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    x = np.random.default_rng(0).integers(0, 12, size=(32, 5))
    history = model.fit(x, x, epochs=10, verbose=0)
    assert history.history["loss"][-1] < 0.8 * history.history["loss"][0]
    model.save(tmp_path / "lm.keras")
    loaded = keras.saving.load_model(tmp_path / "lm.keras")
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0),
                               atol=1e-6)
    assert loaded.get_layer("tokens").get_config() == emb.get_config()


@pytest.mark.parametrize("kwargs, match", [
    ({"logit_soft_cap": 0}, r"`logit_soft_cap` must be a positive number or None. "
                            r"Received: logit_soft_cap=0"),
    ({"logit_soft_cap": "1"}, r"logit_soft_cap='1'"),
    ({"input_dim": 0}, r"input_dim"),
])
def test_bad_arguments(kwargs, match):
    config = {"input_dim": 5, "output_dim": 3, **kwargs}
    with pytest.raises(ValueError, match=match):
        layers.ReversibleEmbedding(**config)


def test_bad_ids():
    with pytest.raises(ValueError, match=r"received token id 7"):
        layers.ReversibleEmbedding(5, 3)(np.array([[7]]))
