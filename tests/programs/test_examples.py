"""The Keras 3 example programs under examples/ (written with keras.ops and keras.random),
run scaled down on the real datasets in ``$TORCHERAS_DATA_DIR``; each check is how the run
ends (its metrics), not only that it runs."""

import importlib.util
import math
import os

import numpy as np
import pytest

import torcheras as keras

EXAMPLES = os.path.join(os.path.dirname(__file__), "..", "..", "examples")
DATA = os.environ.get("TORCHERAS_DATA_DIR")

pytestmark = pytest.mark.skipif(
    not DATA or not os.path.isfile(os.path.join(DATA or "", "mnist.npz")),
    reason="needs TORCHERAS_DATA_DIR with mnist.npz and imdb.npz")


def load(name: str):
    spec = importlib.util.spec_from_file_location(f"example_{name}",
                                                  os.path.join(EXAMPLES, f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def _seeded():
    keras.utils.set_random_seed(7)
    keras.backend.clear_session()


def test_text_classification_transformer_learns(capsys):
    example = load("text_classification_transformer")
    history = example.main(["--samples", "1024", "--epochs", "2"])
    h = history.history
    assert set(h) == {"accuracy", "loss", "val_accuracy", "val_loss"}
    assert h["loss"][1] < h["loss"][0]
    assert 0.0 <= h["val_accuracy"][-1] <= 1.0
    assert "final val_accuracy:" in capsys.readouterr().out


def test_transformer_block_and_positional_embedding_shapes():
    example = load("text_classification_transformer")
    model = example.build_model(maxlen=12, vocab_size=50)
    assert model.output_shape == (None, 2)
    out = model.predict(np.random.randint(0, 50, (3, 12)), verbose=0)
    np.testing.assert_allclose(out.sum(axis=1), 1.0, rtol=1e-5)
    emb = example.TokenAndPositionEmbedding(12, 50, 4)
    tokens = np.zeros((2, 12), "int64")
    got = keras.ops.convert_to_numpy(emb(tokens))
    # the same token at every position differs only by the position embedding
    want = (emb.token_emb.embeddings.numpy()[0][None, None, :]
            + emb.pos_emb.embeddings.numpy()[None, :, :])
    np.testing.assert_allclose(got, np.broadcast_to(want, got.shape), rtol=1e-6)


def test_vae_loss_falls():
    example = load("vae_mnist")
    history = example.main(["--samples", "512", "--epochs", "3"])
    losses = history.history["loss"]
    assert len(losses) == 3 and all(math.isfinite(v) for v in losses)
    assert losses[-1] < losses[0]
    kl, rec = history.history["kl_loss"][-1], history.history["reconstruction_loss"][-1]
    assert kl >= 0.0
    assert losses[-1] == pytest.approx(kl + rec, rel=1e-4)


def test_vae_sampling_is_seeded_and_centred():
    example = load("vae_mnist")
    mean = np.full((2000, 2), 3.0, "float32")
    log_var = np.zeros((2000, 2), "float32")
    z = keras.ops.convert_to_numpy(example.Sampling()([mean, log_var]))
    assert abs(z.mean() - 3.0) < 0.1 and abs(z.std() - 1.0) < 0.1
    again = keras.ops.convert_to_numpy(example.Sampling()([mean, log_var]))
    np.testing.assert_array_equal(z, again)  # SeedGenerator(1337) in each new layer


def test_siamese_contrastive_loss_falls():
    example = load("siamese_contrastive")
    history, (loss, acc) = example.main(["--train-images", "600", "--test-images", "200",
                                         "--epochs", "2"])
    losses = history.history["loss"]
    assert losses[1] < losses[0]
    assert math.isfinite(loss) and 0.0 <= acc <= 1.0
    assert set(history.history) == {"accuracy", "loss", "val_accuracy", "val_loss"}


def test_siamese_distance_and_contrastive_loss_values():
    example = load("siamese_contrastive")
    a = np.array([[0.0, 0.0], [1.0, 1.0]], "float32")
    b = np.array([[3.0, 4.0], [1.0, 1.0]], "float32")
    d = keras.ops.convert_to_numpy(example.euclidean_distance([a, b]))
    np.testing.assert_allclose(d, [[5.0], [math.sqrt(1e-7)]], rtol=1e-6)
    loss = example.loss(margin=1)
    # similar pair (0) at distance 0.5 -> 0.25; different pair (1) at 0.25 -> 0.75^2
    got = loss(keras.ops.convert_to_tensor([0.0, 1.0]), keras.ops.convert_to_tensor([0.5, 0.25]))
    assert float(got) == pytest.approx((0.25 + 0.5625) / 2)
    rng = __import__("random").Random(0)
    pairs, labels = example.make_pairs(np.arange(20).reshape(20, 1), np.arange(20) % 2, rng)
    assert pairs.shape == (40, 2, 1) and labels.tolist() == [0.0, 1.0] * 20
    assert all((p[0, 0] % 2 == p[1, 0] % 2) == (lab == 0) for p, lab in zip(pairs, labels))
