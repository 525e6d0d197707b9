"""TensorBoard: the event files read back with tensorboard's EventAccumulator hold the
epoch and batch scalars (steps and values), weight histograms and the graph."""

import numpy as np
import pytest
from _helpers import Script, data, model

import torcheras as keras
from torcheras.callbacks import _tensorboard

EventAccumulator = pytest.importorskip(
    "tensorboard.backend.event_processing.event_accumulator").EventAccumulator


def _read(folder):
    acc = EventAccumulator(str(folder), size_guidance={"scalars": 0, "histograms": 0,
                                                       "tensors": 0})
    acc.Reload()
    return acc


def _scalars(acc, tag):
    return [(e.step, e.value) for e in acc.Scalars(tag)]


def _fit(cb, epochs=3, extra=()):
    x, y = data()
    m = model()
    m.compile(keras.optimizers.SGD(0.05), "sparse_categorical_crossentropy",
              metrics=["accuracy"])
    h = m.fit(x, y, epochs=epochs, batch_size=16, verbose=0, validation_data=(x, y),
              callbacks=[*extra, cb])
    return m, h


def test_epoch_scalars_train_and_validation(tmp_path):
    _, h = _fit(keras.callbacks.TensorBoard(log_dir=str(tmp_path)))
    train, val = _read(tmp_path / "train"), _read(tmp_path / "validation")
    for key in ("loss", "accuracy"):
        got = _scalars(train, f"epoch_{key}")
        assert [s for s, _ in got] == [0, 1, 2]
        np.testing.assert_allclose([v for _, v in got], h.history[key], rtol=1e-6)
        got = _scalars(val, f"epoch_{key}")
        assert [s for s, _ in got] == [0, 1, 2]
        np.testing.assert_allclose([v for _, v in got], h.history[f"val_{key}"], rtol=1e-6)
    np.testing.assert_allclose([v for _, v in _scalars(train, "epoch_learning_rate")],
                               [0.05] * 3, rtol=1e-6)
    # evaluation during fit, against the optimizer's step count (4 batches per epoch)
    got = _scalars(val, "evaluation_loss_vs_iterations")
    assert [s for s, _ in got] == [4, 8, 12]
    np.testing.assert_allclose([v for _, v in got], h.history["val_loss"], rtol=1e-6)
    assert "batch_loss" not in train.Tags()["scalars"]  # update_freq="epoch"


@pytest.mark.parametrize("update_freq, steps", [("batch", list(range(1, 13))),
                                                 (5, [5, 10])])
def test_batch_scalars_follow_update_freq(tmp_path, update_freq, steps):
    seen = {}
    step = [0]

    def record(batch, logs):
        step[0] += 1
        seen[step[0]] = float(logs["loss"])

    spy = keras.callbacks.LambdaCallback(on_train_batch_end=record)
    _fit(keras.callbacks.TensorBoard(log_dir=str(tmp_path), update_freq=update_freq),
         extra=[spy])
    got = _scalars(_read(tmp_path / "train"), "batch_loss")
    assert [s for s, _ in got] == steps
    np.testing.assert_allclose([v for _, v in got], [seen[s] for s in steps], rtol=1e-6)


def test_weight_histograms_and_images(tmp_path):
    script = Script()
    m, _ = _fit(keras.callbacks.TensorBoard(log_dir=str(tmp_path), histogram_freq=2,
                                            write_images=True), epochs=4, extra=[script])
    train = _read(tmp_path / "train")
    paths = [w.path for w in m.weights]
    assert sorted(t for t in train.Tags()["histograms"]) == sorted(
        f"{p}/histogram" for p in paths)
    for i, path in enumerate(paths):
        events = train.Histograms(f"{path}/histogram")
        assert [e.step for e in events] == [0, 2]
        for e in events:
            w = script.weights[e.step][i]
            assert e.histogram_value.num == w.size
            assert e.histogram_value.min == pytest.approx(float(w.min()), rel=1e-6)
            assert e.histogram_value.max == pytest.approx(float(w.max()), rel=1e-6)
            assert e.histogram_value.sum == pytest.approx(float(w.sum()), rel=1e-4, abs=1e-6)
    assert f"{paths[0]}/image" in train.Tags()["images"]


def test_graph(tmp_path):
    _fit(keras.callbacks.TensorBoard(log_dir=str(tmp_path)), epochs=1)
    train = _read(tmp_path / "train")
    assert train.Tags()["graph"] is True  # the traced PyTorch graph
    keras_summary = train.Tensors("keras")
    assert keras_summary[0].step == 0
    text = keras_summary[0].tensor_proto.string_val[0].decode()
    assert '"class_name": "Sequential"' in text
    _fit(keras.callbacks.TensorBoard(log_dir=str(tmp_path / "nograph"), write_graph=False),
         epochs=1)
    assert _read(tmp_path / "nograph" / "train").Tags()["graph"] is False


def test_steps_per_second(tmp_path):
    _fit(keras.callbacks.TensorBoard(log_dir=str(tmp_path), write_steps_per_second=True,
                                     update_freq=1), epochs=2)
    train = _read(tmp_path / "train")
    assert [s for s, _ in _scalars(train, "epoch_steps_per_second")] == [0, 1]
    assert all(v > 0 for _, v in _scalars(train, "batch_steps_per_second"))


def test_missing_tensorboard_names_the_extra(monkeypatch):
    monkeypatch.setattr(_tensorboard, "SummaryWriter", None)
    with pytest.raises(ImportError, match=r"pip install torcheras\[tensorboard\]"):
        keras.callbacks.TensorBoard()


@pytest.mark.parametrize("kwargs, exc, message", [
    ({"update_freq": "step"}, ValueError, "Argument `update_freq` must be 'epoch', 'batch' "
                                          "or a positive integer. Received: update_freq='step'"),
    ({"update_freq": 0}, ValueError, "update_freq=0"),
    ({"histogram_freq": -1}, ValueError, "Argument `histogram_freq` must be a non-negative "
                                         "integer. Received: histogram_freq=-1"),
    ({"profile_batch": 2}, ValueError, "Profiling is not yet available with the torch "
                                       "backend. Received: profile_batch=2 (must be 0)"),
    ({"embeddings_metadata": 3, "embeddings_freq": 1}, TypeError,
     "Argument `embeddings_metadata` must be a path or a dict"),
    ({"write_grads": True, "batch_size": 32}, None, None),
    ({"colour": 1}, TypeError, "TensorBoard.__init__() got an unexpected keyword argument "
                               "'colour'"),
])
def test_arguments(tmp_path, kwargs, exc, message):
    kwargs = dict(kwargs, log_dir=str(tmp_path))
    if exc is None:  # Keras 2 arguments without effect are accepted
        keras.callbacks.TensorBoard(**kwargs)
        return
    with pytest.raises(exc) as info:
        cb = keras.callbacks.TensorBoard(**kwargs)
        cb.set_model(model())
    assert message in str(info.value)


def test_embeddings_for_the_projector(tmp_path):
    keras.utils.set_random_seed(0)
    m = keras.Sequential([keras.Input((5,), dtype="int32"),
                          keras.layers.Embedding(10, 4, name="emb"),
                          keras.layers.GlobalAveragePooling1D(), keras.layers.Dense(1)])
    m.compile("sgd", "mse")
    x = np.random.default_rng(0).integers(0, 10, (16, 5))
    cb = keras.callbacks.TensorBoard(log_dir=str(tmp_path), embeddings_freq=1,
                                     embeddings_metadata={"emb": "meta.tsv"})
    m.fit(x, np.zeros((16, 1)), epochs=2, verbose=0, callbacks=[cb])
    config = (tmp_path / "projector_config.pbtxt").read_text()
    assert 'metadata_path: "meta.tsv"' in config
    assert (tmp_path / "train" / "keras_embedding.ckpt-1.weights.h5").exists()
    with pytest.raises(ValueError, match="Unrecognized `Embedding` layer names"):
        keras.callbacks.TensorBoard(log_dir=str(tmp_path), embeddings_freq=1,
                                    embeddings_metadata={"nope": "m.tsv"}).set_model(m)
