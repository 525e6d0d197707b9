"""Keras 2.3.1's and Keras 1.2.2's example programs run UNCHANGED through
``python -m torcheras`` and end as Keras 2 ended them.

The programs are our rewrites of keras-team/keras's ``examples/`` (same layers, legacy
spellings, imports, data and expected outcome; each names its source file), kept in
``keras2/`` and ``keras1/``. Each test runs one in a subprocess in a temporary folder and
checks its exit status, its stderr (no traceback; only the legacy-spelling and
debugging-cap warnings) and how it ends: the printed final line, the files it writes.

The programs keep their original epoch counts. The runs are scaled down from outside:
by Keras 3's debugging caps (``KERAS_MAX_EPOCHS``, ``KERAS_MAX_STEPS_PER_EPOCH``) or, where
the ending predicts over the whole data (the step cap caps ``predict`` too), by the first
digits of MNIST (``_harness/sitecustomize.py``). Where a few steps are enough to learn,
the accuracy must beat chance by a margin (mnist_cnn's 0.4 after 20 steps needs Keras 2's
Adadelta learning rate of 1.0: Keras 3's 0.001 stays near 0.1).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re

import numpy as np
import pytest
from _program_runner import DATA, run, run_until

pytestmark = pytest.mark.skipif(
    not DATA or not os.path.isfile(os.path.join(DATA or "", "mnist.npz")),
    reason="needs TORCHERAS_DATA_DIR with mnist.npz, imdb.npz and reuters.npz")

TEST_ACCURACY = r"Test accuracy: ([0-9.eE+-]+)"
VAL_ACCURACY = r"val_acc(?:uracy)?: ([0-9.]+)"
VAL_LOSS = r"val_loss: ([0-9.eE+-]+)"


def fraction(value: float) -> float:
    assert 0.0 <= value <= 1.0, value
    return value


# ----------------------------------------------------------------------------- MNIST
def test_mnist_mlp(tmp_path):
    done = run("keras2/mnist_mlp.py", tmp_path, epochs=1, steps=20)
    done.assert_clean()
    assert fraction(done.last(TEST_ACCURACY)) > 0.6  # chance is 0.1


def test_mnist_cnn_learns_at_keras2_adadelta_rate(tmp_path):
    done = run("keras2/mnist_cnn.py", tmp_path, epochs=1, steps=20)
    done.assert_clean()
    assert fraction(done.last(TEST_ACCURACY)) > 0.4


def test_mnist_transfer_cnn_both_stages(tmp_path):
    done = run("keras2/mnist_transfer_cnn.py", tmp_path, epochs=1, steps=20)
    done.assert_clean()
    first, second = done.values(TEST_ACCURACY)  # digits 0-4, then 5-9 on frozen features
    assert fraction(first) > 0.4 and fraction(second) > 0.3  # chance is 0.2
    assert done.stdout.count("Training time:") == 2


def test_mnist_siamese(tmp_path):
    done = run("keras2/mnist_siamese.py", tmp_path, epochs=1, mnist_subset=(1000, 500))
    done.assert_clean()
    train = done.last(r"\* Accuracy on training set: ([0-9.]+)%")
    test = done.last(r"\* Accuracy on test set: ([0-9.]+)%")
    assert 0.0 <= train <= 100.0 and 0.0 <= test <= 100.0


def test_antirectifier(tmp_path):
    done = run("keras2/antirectifier.py", tmp_path, epochs=1, steps=20)
    done.assert_clean()
    assert fraction(done.last(VAL_ACCURACY)) > 0.5


def test_mnist_denoising_autoencoder(tmp_path):
    done = run("keras2/mnist_denoising_autoencoder.py", tmp_path, epochs=1,
               mnist_subset=(256, 300))
    done.assert_clean()
    assert done.last(VAL_LOSS) < 0.5  # mse on [0, 1] pixels
    with pytest.importorskip("PIL.Image").open(tmp_path / "corrupted_and_denoised.png") as image:
        assert image.size == (30 * 28, 3 * 10 * 28)  # clean / noisy / denoised rows


@pytest.mark.parametrize("program, folder, weights", [
    ("keras2/variational_autoencoder.py", "vae_mlp", "vae_mlp_mnist.h5"),
    ("keras2/variational_autoencoder_deconv.py", "vae_cnn", "vae_cnn_mnist.h5"),
])
def test_variational_autoencoders(tmp_path, program, folder, weights):
    done = run(program, tmp_path, epochs=1, mnist_subset=(256, 200))
    done.assert_clean()
    assert np.isfinite(done.last(VAL_LOSS))
    for written in (weights, f"{folder}/vae_mean.png", f"{folder}/digits_over_latent.png",
                    f"{folder}.png"):
        assert (tmp_path / written).stat().st_size > 0, written


def test_mnist_net2net_every_experiment(tmp_path):
    done = run("keras2/mnist_net2net.py", tmp_path, epochs=1, steps=2)
    done.assert_clean()
    for stage in ("building teacher model", "by random padding", "by net2wider",
                  "by random init", "by net2deeper"):
        assert f"{stage} ..." in done.stdout
    assert len(done.values(VAL_LOSS)) == 5  # the teacher and four students


def test_mnist_sklearn_wrapper_grid_search(tmp_path):
    pytest.importorskip("sklearn")
    done = run("keras2/mnist_sklearn_wrapper.py", tmp_path, epochs=1,
               mnist_subset=(200, 64))
    done.assert_clean()
    best = re.search(r"The parameters of the best model are: \n(\{.*\})", done.stdout)
    assert best and "'dense_layer_sizes'" in best.group(1), done.tail()
    assert np.isfinite(done.last(r"(?m)^loss :  ([0-9.eE+-]+)$"))
    fraction(done.last(r"(?m)^acc(?:uracy)? :  ([0-9.]+)$"))


def test_mnist_acgan_first_epoch(tmp_path):
    """One epoch on 100 digits (one batch: a discriminator and a combined train_on_batch),
    then the epoch's test losses; stopped once its report is printed."""
    done = run_until("keras2/mnist_acgan.py", tmp_path, r"^discriminator \(test\)",
                     mnist_subset=(100, 100))
    done.assert_clean()
    assert "Testing for epoch 1:" in done.stdout
    header = re.search(r"(?m)^component +\| (\S+) +\| (\S+) +\| (\S+)", done.stdout)
    assert header and header.group(1) == "loss", done.tail()
    row = r"(?m)^{} +\| ([0-9.]+) +\| ([0-9.]+) +\| ([0-9.]+)"
    for component in ("generator (train)", "generator (test)",
                      "discriminator (train)", "discriminator (test)"):
        losses = re.search(row.format(re.escape(component)), done.stdout)
        assert losses and all(np.isfinite(float(v)) for v in losses.groups()), done.tail()


# ----------------------------------------------------------------------------- text
def test_reuters_mlp(tmp_path):
    done = run("keras2/reuters_mlp.py", tmp_path, epochs=1, steps=20)
    done.assert_clean()
    assert fraction(done.last(TEST_ACCURACY)) > 0.3  # 46 topics


def test_reuters_mlp_relu_vs_selu(tmp_path):
    # no epoch cap: the program plots its 40 epochs against range(epochs)
    done = run("keras2/reuters_mlp_relu_vs_selu.py", tmp_path, steps=1)
    done.assert_clean()
    first, second = done.values(TEST_ACCURACY)
    fraction(first)
    fraction(second)
    assert (tmp_path / "comparison_of_networks.png").stat().st_size > 0


@pytest.mark.parametrize("program", ["keras2/imdb_lstm.py", "keras2/imdb_cnn_lstm.py"])
def test_imdb_programs_that_print_test_accuracy(tmp_path, program):
    done = run(program, tmp_path, epochs=1, steps=3)
    done.assert_clean()
    fraction(done.last(TEST_ACCURACY))


@pytest.mark.parametrize("program", ["keras2/imdb_cnn.py", "keras2/imdb_bidirectional_lstm.py",
                                     "keras2/imdb_fasttext.py"])
def test_imdb_programs_that_end_with_fit(tmp_path, program):
    done = run(program, tmp_path, epochs=1, steps=3)
    done.assert_clean()
    fraction(done.last(VAL_ACCURACY))


# ----------------------------------------------------------------------------- sequences
def test_addition_rnn_prints_questions_and_answers(tmp_path):
    """Two of its 199 iterations (one capped epoch, then ten questions answered each)."""
    done = run_until("keras2/addition_rnn.py", tmp_path, r"^Iteration 3$", epochs=1, steps=1)
    done.assert_clean()
    qa = re.findall(r"(?m)^Q ([0-9+ ]{7}) T ([0-9 ]{4}) \S+ ([0-9+ ]{4})$", done.stdout)
    assert len(qa) == 2 * 10, done.tail()
    for question, answer, _ in qa:
        a, b = question.split("+")
        assert int(a) + int(b) == int(answer)


def test_lstm_stateful(tmp_path):
    # 200 steps of batch 1 = the whole test split, so predict covers every target
    done = run("keras2/lstm_stateful.py", tmp_path, epochs=1, steps=200)
    done.assert_clean()
    assert "STATELESS LSTM WILL NOT CONVERGE" in done.stdout
    assert done.stdout.count("Predicting") == 2
    assert done.stdout.rstrip().endswith("Plotting Results")
    assert len(done.values(VAL_LOSS)) == 10 + 1  # 10 stateful fits, 1 stateless


def test_conv_lstm_extends_a_movie(tmp_path):
    done = run("keras2/conv_lstm.py", tmp_path, epochs=1, steps=1)
    done.assert_clean()
    assert np.isfinite(done.last(VAL_LOSS))
    for frame in range(1, 16):
        assert (tmp_path / f"{frame}_animate.png").stat().st_size > 0


# ----------------------------------------------------------------------------- CIFAR-10
def _small_cifar10(folder, rng, per_batch=64):
    """A CIFAR-10 folder in Keras's pickle format, with random images; returns the md5s."""
    batches = folder / "cifar-10-batches-py"
    batches.mkdir(parents=True)
    md5 = {}
    for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]:
        batch = {b"batch_label": name.encode(),
                 b"labels": [int(v) for v in rng.integers(0, 10, per_batch)],
                 b"data": rng.integers(0, 256, (per_batch, 3 * 32 * 32), dtype=np.uint8),
                 b"filenames": [f"{name}_{i}.png".encode() for i in range(per_batch)]}
        data = pickle.dumps(batch, protocol=3)  # 2 would pickle bytes via _codecs
        (batches / name).write_bytes(data)
        md5[name] = hashlib.md5(data).hexdigest()
    return md5


def test_cifar10_cnn_with_image_data_generator(tmp_path):
    data = tmp_path / "data"
    md5 = _small_cifar10(data, np.random.default_rng(0))
    md5_file = tmp_path / "cifar10_md5.json"
    md5_file.write_text(json.dumps(md5))
    work = tmp_path / "work"
    work.mkdir()
    done = run("keras2/cifar10_cnn.py", work, epochs=1, steps=3,
               extra={"TORCHERAS_DATA_DIR": str(data),
                      "TORCHERAS_TEST_CIFAR10_MD5": str(md5_file)})
    done.assert_clean()
    # the debugging caps reach fit_generator too (else 100 epochs of 10 batches)
    assert "Limiting epochs to 1" in done.stderr
    assert "x_train shape: (320, 32, 32, 3)" in done.stdout
    assert "Using real-time data augmentation." in done.stdout
    fraction(done.last(VAL_ACCURACY))
    fraction(done.last(TEST_ACCURACY))
    assert (work / "saved_models" / "keras_cifar10_trained_model.h5").stat().st_size > 0


# ----------------------------------------------------------------------------- Keras 1
def test_keras1_mnist_mlp(tmp_path):
    done = run("keras1/mnist_mlp.py", tmp_path, epochs=1, steps=20)
    done.assert_clean()
    assert fraction(done.last(TEST_ACCURACY)) > 0.6


def test_keras1_mnist_cnn_convolution2d_32_3_3(tmp_path):
    done = run("keras1/mnist_cnn.py", tmp_path, epochs=1, steps=20)
    done.assert_clean()
    # 32 filters of 3x3 (not 32 filters of 3 with strides 3), at Adadelta's rate of 1.0
    assert fraction(done.last(TEST_ACCURACY)) > 0.4


def test_keras1_imdb_lstm(tmp_path):
    done = run("keras1/imdb_lstm.py", tmp_path, epochs=1, steps=3)
    done.assert_clean()
    fraction(done.last(TEST_ACCURACY))
