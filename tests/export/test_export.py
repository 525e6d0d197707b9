"""model.export: a torch.export program (loaded without torcheras) and an ONNX model (run
with onnxruntime) predict the model's numbers, with a dynamic batch dimension."""

import os
import subprocess
import sys

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras.export import ExportArchive

# torch's own exporter internals warn about their pytree API (not ours).
pytestmark = pytest.mark.filterwarnings("ignore:.*LeafSpec.*:FutureWarning")


def cnn():
    keras.utils.set_random_seed(1)
    return keras.Sequential([
        keras.Input((8, 8, 2)),
        keras.layers.Conv2D(3, 3, activation="relu"),
        keras.layers.BatchNormalization(),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),
        keras.layers.Dropout(0.5),
        keras.layers.Dense(2, activation="softmax"),
    ])


def two_inputs():
    keras.utils.set_random_seed(2)
    a = keras.Input((3,), name="a")
    b = keras.Input((4,), name="b")
    h = keras.layers.Concatenate()([keras.layers.Dense(5, activation="tanh")(a), b])
    return keras.Model({"a": a, "b": b}, {"sum": keras.layers.Dense(1, name="sum")(h),
                                          "emb": keras.layers.Dense(2, name="emb")(h)})


def test_torch_program_predicts_the_model_numbers_at_any_batch_size(tmp_path):
    model = cnn()
    path = tmp_path / "cnn.pt2"
    model.export(path, verbose=False)
    program = torch.export.load(str(path)).module()
    for batch in (1, 7):
        x = np.random.default_rng(batch).normal(size=(batch, 8, 8, 2)).astype("float32")
        np.testing.assert_allclose(program(torch.from_numpy(x)).numpy(),
                                   model.predict(x, verbose=0), atol=1e-6)


def test_torch_program_runs_without_torcheras(tmp_path):
    model = cnn()
    path = tmp_path / "cnn.pt2"
    model.export(str(path), format="torch", verbose=False)
    x = np.random.default_rng(0).normal(size=(3, 8, 8, 2)).astype("float32")
    np.save(tmp_path / "x.npy", x)
    code = (
        "import sys, numpy as np, torch\n"
        f"m = torch.export.load({str(path)!r}).module()\n"
        f"y = m(torch.from_numpy(np.load({str(tmp_path / 'x.npy')!r}))).numpy()\n"
        "assert 'torcheras' not in sys.modules\n"
        f"np.save({str(tmp_path / 'y.npy')!r}, y)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=tmp_path)
    np.testing.assert_allclose(np.load(tmp_path / "y.npy"), model.predict(x, verbose=0),
                               atol=1e-6)


def test_dict_inputs_and_outputs_round_trip_through_the_program(tmp_path):
    model = two_inputs()
    path = tmp_path / "two.pt2"
    model.export(path, verbose=False)
    program = torch.export.load(str(path)).module()
    a = np.random.default_rng(3).normal(size=(5, 3)).astype("float32")
    b = np.random.default_rng(4).normal(size=(5, 4)).astype("float32")
    expected = model.predict({"a": a, "b": b}, verbose=0)
    out = program(torch.from_numpy(a), torch.from_numpy(b))
    assert set(out) == {"sum", "emb"}
    for key in ("sum", "emb"):
        np.testing.assert_allclose(out[key].numpy(), expected[key], atol=1e-6)


def test_onnx_model_runs_in_onnxruntime_with_the_model_numbers(tmp_path):
    ort = pytest.importorskip("onnxruntime")
    model = cnn()
    path = tmp_path / "cnn.onnx"
    model.export(path, format="onnx", verbose=False)
    session = ort.InferenceSession(str(path))
    (inp,) = session.get_inputs()
    assert inp.shape[1:] == [8, 8, 2] and isinstance(inp.shape[0], str)  # dynamic batch
    for batch in (1, 6):
        x = np.random.default_rng(batch).normal(size=(batch, 8, 8, 2)).astype("float32")
        (y,) = session.run(None, {inp.name: x})
        np.testing.assert_allclose(y, model.predict(x, verbose=0), atol=1e-5)


def test_export_archive_with_two_endpoints_writes_one_program_each(tmp_path):
    model = cnn()
    archive = ExportArchive()
    archive.track(model)
    archive.add_endpoint("serve", lambda x: model(x, training=False),
                         input_signature=[keras.InputSpec(shape=(None, 8, 8, 2))])
    archive.add_endpoint("logits", lambda x: model.layers[-1].kernel.sum() + x.sum(),
                         input_signature=[keras.InputSpec(shape=(None, 8, 8, 2))])
    archive.write_out(tmp_path / "archive", verbose=False)
    assert sorted(os.listdir(tmp_path / "archive")) == ["logits.pt2", "serve.pt2"]
    x = torch.ones(2, 8, 8, 2)
    served = torch.export.load(str(tmp_path / "archive" / "serve.pt2")).module()(x)
    np.testing.assert_allclose(served.numpy(), model.predict(x.numpy(), verbose=0), atol=1e-6)
    total = torch.export.load(str(tmp_path / "archive" / "logits.pt2")).module()(x)
    expected = float(model.layers[-1].kernel.detach().sum()) + 256.0
    assert float(total) == pytest.approx(expected, rel=1e-6)


def test_export_leaves_the_model_weights_in_place(tmp_path):
    model = cnn()
    before = [id(w) for w in model.weights]
    model.export(tmp_path / "m.pt2", verbose=False)
    assert [id(w) for w in model.weights] == before
    assert all(isinstance(w, keras.Variable) for w in model.layers[0].__dict__.values()
               if isinstance(w, torch.Tensor))
    model.compile("sgd", "mse")
    model.fit(np.zeros((2, 8, 8, 2)), np.zeros((2, 2)), verbose=0)


def test_export_verbose_names_the_artifact(tmp_path, capsys):
    model = cnn()
    model.export(tmp_path / "m.pt2")
    assert "Saved artifact at" in capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["tf_saved_model", "savedmodel", "pt"])
def test_unknown_format_is_refused(tmp_path, fmt):
    with pytest.raises(ValueError, match=f"Unrecognized format={fmt!r}"):
        cnn().export(tmp_path / "m", format=fmt)


def test_subclassed_model_needs_an_input_signature(tmp_path):
    class Net(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = keras.layers.Dense(2)

        def call(self, x):
            return self.dense(x)

    net = Net()
    net(np.zeros((1, 3), "float32"))
    with pytest.raises(ValueError, match="pass `input_signature`"):
        net.export(tmp_path / "net.pt2", verbose=False)
    net.export(tmp_path / "net.pt2", verbose=False,
               input_signature=[keras.InputSpec(shape=(None, 3))])
    program = torch.export.load(str(tmp_path / "net.pt2")).module()
    x = np.ones((4, 3), "float32")
    np.testing.assert_allclose(program(torch.from_numpy(x)).numpy(),
                               net.predict(x, verbose=0), atol=1e-6)


def test_add_endpoint_bad_arguments():
    archive = ExportArchive()
    with pytest.raises(ValueError, match="Call `track"):
        archive.add_endpoint("serve", lambda x: x, input_signature=[(None, 3)])
    with pytest.raises(ValueError, match="Expected a Keras `Layer` or `Model`"):
        archive.track("model")
    archive.track(cnn())
    with pytest.raises(ValueError, match="non-empty string"):
        archive.add_endpoint("", lambda x: x, input_signature=[(None, 3)])
    with pytest.raises(ValueError, match="No endpoint"):
        archive.write_out("unused.pt2")


def test_track_and_add_endpoint_uses_the_model_inputs(tmp_path):
    model = two_inputs()
    archive = ExportArchive()
    archive.track_and_add_endpoint("serve", model)
    archive.write_out(tmp_path / "m.pt2", verbose=False)
    program = torch.export.load(str(tmp_path / "m.pt2")).module()
    a, b = torch.ones(3, 3), torch.zeros(3, 4)
    expected = model.predict({"a": a.numpy(), "b": b.numpy()}, verbose=0)
    np.testing.assert_allclose(program(a, b)["sum"].numpy(), expected["sum"], atol=1e-6)
