"""Contract, hand-computed and bad-input tests of the text/categorical/numerical
preprocessing layers (numbers against Keras are in test_text_layers_golden.py)."""

import numpy as np
import pytest
import torch

from torcheras import layers
from torcheras.layers.preprocessing.text import _hashes


def test_exports():
    for name in ("TextVectorization", "StringLookup", "IntegerLookup", "Hashing",
                 "CategoryEncoding", "Normalization", "Discretization"):
        assert name in layers.__all__ and getattr(layers, name).__doc__


@pytest.mark.parametrize("make", [
    lambda: layers.StringLookup(vocabulary=["a", "b"], mask_token="", num_oov_indices=2),
    lambda: layers.IntegerLookup(vocabulary=[3, 4], output_mode="multi_hot"),
    lambda: layers.Hashing(num_bins=4, salt=3, mask_value="x"),
    lambda: layers.CategoryEncoding(num_tokens=3, output_mode="count"),
    lambda: layers.Discretization(bin_boundaries=[0.0, 1.0]),
    lambda: layers.Normalization(mean=[1.0], variance=[2.0]),
    lambda: layers.TextVectorization(vocabulary=["x"], ngrams=2, output_sequence_length=3),
])
def test_config_round_trip(make):
    layer = make()
    clone = type(layer).from_config(layer.get_config())
    assert clone.get_config() == layer.get_config()


def test_hand_computed_lookup_layout():
    layer = layers.StringLookup(vocabulary=["a", "b"], mask_token="[MASK]", num_oov_indices=2)
    assert layer.get_vocabulary() == ["[MASK]", "[UNK]", "[UNK]", "a", "b"]
    assert layer.vocabulary_size() == 5
    out = layer(np.array([["a", "[MASK]", "b"]]))
    assert out.dtype == torch.int64 and out.tolist() == [[3, 0, 4]]
    # Unknown strings go to OOV slot 1 + farmhash64(s) % 2.
    slot = 1 + _hashes.fingerprint64(b"zzz") % 2
    assert layer(["zzz"]).tolist() == [slot]
    assert layer(b"a").tolist() == 3  # scalar in, scalar out; bytes decoded


def test_adapt_ranks_by_count_then_token_descending():
    layer = layers.StringLookup()
    layer.adapt(np.array([["b", "a", "c"], ["c", "a", "d"]]))
    assert layer.get_vocabulary() == ["[UNK]", "c", "a", "d", "b"]
    layer = layers.IntegerLookup(max_tokens=3)
    layer.adapt(iter([np.array([5, 5, 7]), np.array([9, 7, 1])]))
    assert layer.get_vocabulary() == [-1, 7, 5]


def test_text_vectorization_hand_computed():
    layer = layers.TextVectorization(max_tokens=5, output_mode="multi_hot")
    layer.adapt(["b a", "A c!", "a"])
    assert layer.get_vocabulary() == ["[UNK]", "a", "c", "b"]  # no padding token here
    assert layer(["a Z a"]).tolist() == [[1, 1, 0, 0]]
    ints = layers.TextVectorization(vocabulary=["a", "b"], output_sequence_length=3)
    assert ints(["b a q b", ""]).tolist() == [[3, 2, 1], [0, 0, 0]]
    assert ints(np.array([["a b"]])).tolist() == [[2, 3, 0]]


def test_normalization_adapt_paths_agree():
    data = np.random.default_rng(0).normal(3, 2, (40, 3))
    a, b, c = layers.Normalization(), layers.Normalization(), layers.Normalization()
    a.adapt(data)
    b.adapt([data[:15], data[15:]])
    c.adapt(torch.tensor(data, dtype=torch.float32))
    for other in (b, c):
        np.testing.assert_allclose(other.adapt_mean.numpy(), a.adapt_mean.numpy(), atol=1e-5)
        np.testing.assert_allclose(other.adapt_variance.numpy(), a.adapt_variance.numpy(),
                                   atol=1e-4)
    x = np.array([[3.0, 5.0, 1.0]], "float32")
    want = (x - data.mean(0)) / data.std(0)
    np.testing.assert_allclose(a(x).numpy(), want, atol=1e-5)
    inv = layers.Normalization(mean=data.mean(0), variance=data.var(0), invert=True)
    np.testing.assert_allclose(inv(a(x)).numpy(), x, atol=1e-4)


def test_category_encoding_count_weights():
    layer = layers.CategoryEncoding(num_tokens=3, output_mode="count")
    out = layer(np.array([[0, 1, 1]]), count_weights=np.array([[0.5, 1.0, 2.0]]))
    assert out.tolist() == [[0.5, 3.0, 0.0]]


@pytest.mark.parametrize("make, message", [
    (lambda: layers.CategoryEncoding(), r"num_tokens must be set to use this layer"),
    (lambda: layers.CategoryEncoding(num_tokens=0), r"`num_tokens` must be >= 1\. "
                                                    r"Received: num_tokens=0\."),
    (lambda: layers.CategoryEncoding(num_tokens=2, output_mode="int"),
     r"Unknown value for `output_mode`\. Allowed values are: \['count', 'one_hot', "
     r"'multi_hot'\]\. Received: output_mode='int'"),
    (lambda: layers.Discretization(), r"You need to set either `num_bins` or "
                                      r"`bin_boundaries`\."),
    (lambda: layers.Discretization(num_bins=2, bin_boundaries=[1.0]),
     r"Both `num_bins` and `bin_boundaries` should not be set"),
    (lambda: layers.Discretization(bin_boundaries=[2.0, 1.0]), r"must be sorted"),
    (lambda: layers.Normalization(mean=1.0), r"both `mean` and `variance` must be set"),
    (lambda: layers.Hashing(num_bins=0), r"cannot be `None` or non-positive values\. "
                                         r"Received: num_bins=0\."),
    (lambda: layers.Hashing(num_bins=2, salt="x"), r"The `salt` argument for `Hashing`"),
    (lambda: layers.StringLookup(max_tokens=1), r"If set, `max_tokens` must be greater "
                                                r"than 1\. Received: max_tokens=1"),
    (lambda: layers.StringLookup(invert=True, output_mode="count"),
     r"`output_mode` must be `'int'` when `invert` is true"),
    (lambda: layers.StringLookup(vocabulary=["a", "a"]), r"repeated term.*\['a'\]"),
    (lambda: layers.StringLookup(output_mode="tf_idf", vocabulary=["a"]),
     r"the `idf_weights` argument must also be provided"),
    (lambda: layers.IntegerLookup(vocabulary_dtype="int32"),
     r"Only `vocabulary_dtype='int64'` is supported"),
    (lambda: layers.TextVectorization(split="comma"), r"Unknown value for `split`"),
    (lambda: layers.TextVectorization(output_mode="count", output_sequence_length=3),
     r"`output_sequence_length` must not be set"),
    (lambda: layers.TextVectorization(sparse=True), r"`sparse=True` and `ragged=True`"),
])
def test_bad_construction(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_bad_calls():
    with pytest.raises(ValueError, match=r"Layer 'enc' received id 5, but ids must be in the "
                                         r"range 0 <= id < 3"):
        layers.CategoryEncoding(num_tokens=3, name="enc")(np.array([[1, 5]]))
    with pytest.raises(ValueError, match=r"When `num_oov_indices=0` all inputs should be in "
                                         r"vocabulary, found OOV values \['q'\]"):
        layers.StringLookup(vocabulary=["a"], num_oov_indices=0)(["a", "q"])
    with pytest.raises(RuntimeError, match=r"you must set the layer's vocabulary before"):
        layers.StringLookup(output_mode="multi_hot")(["a"])
    with pytest.raises(ValueError, match=r"Cannot adapt layer .* after setting a static "
                                         r"vocabulary"):
        layers.StringLookup(vocabulary=["a"]).adapt(["a"])
    with pytest.raises(ValueError, match=r"the last shape dimension must be 1"):
        layers.TextVectorization(vocabulary=["a"])(np.array([["a", "b"]]))
    with pytest.raises(ValueError, match=r"You need to either pass the `bin_boundaries`"):
        layers.Discretization(num_bins=3)(np.zeros((1, 1)))
    with pytest.raises(ValueError, match=r"Cannot adapt a Discretization layer that has "
                                         r"been initialized with `bin_boundaries`"):
        layers.Discretization(bin_boundaries=[0.0]).adapt(np.zeros(3))
    with pytest.raises(ValueError, match=r"adapt\(\) received an empty iterable"):
        layers.Normalization().adapt([])


def test_hashes_known_values():
    # Published FarmHash Fingerprint64 / SipHash-2-4 reference values.
    assert _hashes.fingerprint64(b"") == 0x9AE16A3B2F90404F
    key = (0x0706050403020100, 0x0F0E0D0C0B0A0908)
    assert _hashes.siphash(key, bytes(range(15))) == 0xA129CA6149BE45E5


def test_in_models_and_symbolic_dtypes():
    import torcheras as keras

    x = np.random.default_rng(1).uniform(0, 10, (32, 3)).astype("float32")
    norm = layers.Normalization()
    norm.adapt(x)
    model = keras.Sequential([keras.Input((3,)), norm, layers.Dense(1)])
    model.compile("sgd", "mse")
    model.fit(x, x.sum(1), epochs=1, verbose=0)
    ids = keras.Input((2,), dtype="int64")
    looked = layers.IntegerLookup(vocabulary=[3, 5, 7])(ids)
    assert looked.dtype == "int64"
    encoded = layers.CategoryEncoding(num_tokens=4)(looked)
    assert tuple(encoded.shape) == (None, 4)
    out = keras.Model(ids, layers.Dense(1)(encoded))(np.array([[3, 9], [7, 5]]))
    assert tuple(out.shape) == (2, 1)
    assert layers.Discretization(bin_boundaries=[1.0])(keras.Input((4,))).dtype == "int32"
