"""Subclassed models and layers: call/build/add_weight/get_config, the training flag,
add_loss, custom train_step/test_step (Keras 3's "customizing what happens in fit()" guide
for PyTorch), metrics tracked as attributes."""

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras import layers

RNG = np.random.default_rng(1)
X = RNG.random((64, 32)).astype("float32")
Y = RNG.random((64, 1)).astype("float32")


@pytest.fixture(autouse=True)
def _fresh_names():
    keras.backend.clear_session(free_memory=False)


# ------------------------------------------------------------------ custom layers
class Linear(layers.Layer):
    """The Keras guide's custom layer: weights made in build with add_weight."""

    def __init__(self, units=4, scale=1.0, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.scale = scale

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units),
                                 initializer="random_normal", trainable=True, name="w")
        self.b = self.add_weight(shape=(self.units,), initializer="zeros", name="b")
        self.calls = self.add_weight(shape=(), initializer="zeros", trainable=False,
                                     name="calls")

    def call(self, inputs):
        self.calls.assign_add(1.0)
        return self.scale * (inputs @ self.w + self.b)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)

    def get_config(self):
        config = super().get_config()
        config.update({"units": self.units, "scale": self.scale})
        return config


def test_custom_layer_weights_and_config_round_trip():
    layer = Linear(units=3, scale=2.0, name="lin")
    out = layer(np.ones((2, 5), "float32"))
    assert tuple(out.shape) == (2, 3)
    assert [w.name for w in layer.weights] == ["w", "b", "calls"]
    assert [tuple(w.shape) for w in layer.trainable_weights] == [(5, 3), (3,)]
    assert [w.path for w in layer.non_trainable_weights] == ["lin/calls"]
    assert layer.count_params() == 19
    np.testing.assert_allclose(out.detach().numpy(),
                               2.0 * np.ones((2, 5)) @ layer.w.numpy(), rtol=1e-6)
    config = layer.get_config()
    assert config == {"name": "lin", "trainable": True, "dtype": "float32", "units": 3,
                      "scale": 2.0}
    clone = Linear.from_config(config)
    assert clone.get_config() == config
    restored = keras.layers.deserialize(keras.layers.serialize(layer),
                                        custom_objects={"Linear": Linear})
    assert isinstance(restored, Linear) and restored.get_config() == config
    # Same weights, same outputs.
    restored(np.ones((1, 5), "float32"))
    restored.set_weights(layer.get_weights())
    np.testing.assert_allclose(restored(np.ones((2, 5), "float32")).detach().numpy(),
                               out.detach().numpy())


def test_compute_output_shape_drives_symbolic_calls():
    layer = Linear(units=6)
    y = layer(keras.Input((2, 5)))
    assert y.shape == (None, 2, 6)
    assert float(layer.calls.numpy()) == 0.0  # `call` was not run to get the shape
    assert layer.compute_output_shape((None, 7)) == (None, 6)
    model = keras.Model(layer.input, y)
    assert model.predict(np.ones((3, 2, 5), "float32"), verbose=0).shape == (3, 2, 6)


def test_add_metric_is_gone_in_keras_3():
    with pytest.raises(NotImplementedError, match=r"`add_metric\(\)` method is deprecated"):
        layers.Dense(2).add_metric(1.0, name="m")


# ------------------------------------------------------------------ subclassed models
class Probe(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seen = []

    def call(self, x, training=None):
        self.seen.append(training)
        return x


class Block(layers.Layer):
    """A layer whose call has no `training` argument: its Dropout must still follow the
    model's mode."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(16, activation="relu")
        self.dropout = layers.Dropout(0.5)
        self.probe = Probe()

    def call(self, x):
        return self.probe(self.dropout(self.dense(x)))


class Net(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.block = Block()
        self.head = layers.Dense(1)

    def call(self, inputs, training=None, mask=None):
        return self.head(self.block(inputs))


def test_subclassed_model_trains_and_tracks_its_layers():
    model = Net()
    model.compile("adam", "mse", metrics=["mae"])
    hist = model.fit(X, Y, batch_size=16, epochs=3, verbose=0)
    assert list(hist.history) == ["loss", "mae"]
    assert hist.history["loss"][-1] < hist.history["loss"][0]
    assert [la.name for la in model.layers] == ["block", "dense_1"]
    assert len(model.trainable_weights) == 4
    assert model.predict(X, verbose=0).shape == (64, 1)


def test_training_flag_reaches_layers_inside_custom_layers():
    model = Net()
    model.compile("sgd", "mse")
    probe = model.block.probe
    model(X[:1])  # build, so that every call recorded below is a fit step
    assert probe.seen == [None]
    probe.seen.clear()
    model.fit(X, Y, batch_size=32, epochs=1, verbose=0)
    assert probe.seen and all(t is True for t in probe.seen)
    probe.seen.clear()
    model.evaluate(X, Y, verbose=0)
    model.predict(X, verbose=0)
    assert probe.seen and all(t is False for t in probe.seen)
    # Dropout is active in training calls only.
    a = model(X, training=True).detach().numpy()
    b = model(X, training=True).detach().numpy()
    assert not np.allclose(a, b)
    np.testing.assert_allclose(model.predict(X, verbose=0), model.predict(X, verbose=0))
    np.testing.assert_allclose(model(X, training=False).detach().numpy(),
                               model.predict(X, verbose=0), atol=1e-6)


def test_batch_normalization_uses_batch_statistics_only_in_fit():
    model = keras.Sequential([keras.Input((32,)), layers.BatchNormalization(), layers.Dense(1)])
    model.compile("sgd", "mse")
    bn = model.layers[0]
    model.fit(X * 10 + 3, Y, epochs=1, batch_size=64, verbose=0)
    moving_mean = bn.moving_mean.numpy().copy()
    # One batch of 64: 0.99 * 0 + 0.01 * its mean.
    np.testing.assert_allclose(moving_mean, 0.01 * (X * 10 + 3).mean(0), rtol=1e-5)
    model.predict(X, verbose=0)
    np.testing.assert_array_equal(bn.moving_mean.numpy(), moving_mean)  # frozen in predict


class Penalized(layers.Layer):
    def call(self, x):
        self.add_loss(0.5 * torch.ones(()))
        self.add_loss(torch.full((2,), 0.25))  # summed, as Keras does
        return x


def test_add_loss_joins_the_total_loss():
    inputs = keras.Input((32,))
    out = layers.Dense(1, kernel_initializer="zeros")(Penalized()(inputs))
    model = keras.Model(inputs, out)
    model.compile("sgd", "mse")
    mse = float(np.mean(Y ** 2))
    assert model.evaluate(X, Y, batch_size=64, verbose=0) == pytest.approx(mse + 1.0, rel=1e-5)
    model(X)
    model(X)
    assert len(model.losses) == 2  # losses of the last call only
    hist = model.fit(X, Y, batch_size=64, epochs=1, verbose=0)
    assert hist.history["loss"][0] == pytest.approx(mse + 1.0, rel=1e-5)


def test_add_loss_alone_is_enough_to_train():
    class SelfSupervised(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = layers.Dense(32)

        def call(self, x):
            recon = self.dense(x)
            self.add_loss(torch.mean((recon - x) ** 2))
            return recon

    model = SelfSupervised()
    model.compile(keras.optimizers.Adam(0.01))
    hist = model.fit(X, epochs=5, batch_size=16, verbose=0)
    assert hist.history["loss"][-1] < hist.history["loss"][0]


def test_fit_without_any_loss_says_so():
    model = Net()
    model.compile("sgd")
    with pytest.raises(ValueError, match=r"No loss to compute\. Provide a `loss` argument in "
                                         r"`compile\(\)`"):
        model.fit(X, Y, epochs=1, verbose=0)


# ------------------------------------------------------------------ custom train_step
class GuideModel(keras.Model):
    """First example of the torch guide, verbatim."""

    def train_step(self, data):
        x, y = data
        self.zero_grad()
        y_pred = self(x, training=True)
        loss = self.compute_loss(y=y, y_pred=y_pred)
        loss.backward()
        trainable_weights = [v for v in self.trainable_weights]
        gradients = [v.value.grad for v in trainable_weights]
        with torch.no_grad():
            self.optimizer.apply(gradients, trainable_weights)
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
            else:
                metric.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}


def _functional(cls):
    inputs = keras.Input(shape=(32,))
    outputs = layers.Dense(1)(inputs)
    return cls(inputs, outputs)


def test_guide_custom_train_step_with_compiled_loss_and_metrics():
    model = _functional(GuideModel)
    assert isinstance(model, GuideModel) and model.name == "guide_model"
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    assert model.metrics_names == ["loss", "compile_metrics"]
    hist = model.fit(X, Y, epochs=3, verbose=0)
    # Keras's order: the step returns {"loss", "compile_metrics": {"mae"}} -> mae, loss.
    assert list(hist.history) == ["mae", "loss"]
    assert hist.history["loss"][-1] < hist.history["loss"][0]
    assert all(isinstance(v, float) for v in hist.history["mae"])


class LowLevelModel(keras.Model):
    """Second example: own loss tracker and metric, compile() with only an optimizer."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.loss_tracker = keras.metrics.Mean(name="loss")
        self.mae_metric = keras.metrics.MeanAbsoluteError(name="mae")
        self.loss_fn = keras.losses.MeanSquaredError()

    def train_step(self, data):
        x, y = data
        self.zero_grad()
        y_pred = self(x, training=True)
        loss = self.loss_fn(y, y_pred)
        loss.backward()
        trainable_weights = [v for v in self.trainable_weights]
        gradients = [v.value.grad for v in trainable_weights]
        with torch.no_grad():
            self.optimizer.apply(gradients, trainable_weights)
        self.loss_tracker.update_state(loss)
        self.mae_metric.update_state(y, y_pred)
        return {"loss": self.loss_tracker.result(), "mae": self.mae_metric.result()}

    @property
    def metrics(self):
        return [self.loss_tracker, self.mae_metric]


def test_guide_lower_level_train_step_resets_its_metrics_each_epoch():
    model = _functional(LowLevelModel)
    model.compile(optimizer="adam")
    hist = model.fit(X, Y, epochs=3, verbose=0)
    assert list(hist.history) == ["loss", "mae"]
    # Each epoch's value is that epoch's mean: the metrics were reset between epochs.
    assert hist.history["loss"][-1] < hist.history["loss"][0]
    assert float(model.loss_tracker.result()) == pytest.approx(hist.history["loss"][-1])


class WeightedModel(keras.Model):
    """Third example: sample weights through compute_loss and the metrics."""

    def train_step(self, data):
        if len(data) == 3:
            x, y, sample_weight = data
        else:
            sample_weight = None
            x, y = data
        self.zero_grad()
        y_pred = self(x, training=True)
        loss = self.compute_loss(y=y, y_pred=y_pred, sample_weight=sample_weight)
        loss.backward()
        trainable_weights = [v for v in self.trainable_weights]
        gradients = [v.value.grad for v in trainable_weights]
        with torch.no_grad():
            self.optimizer.apply(gradients, trainable_weights)
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
            else:
                metric.update_state(y, y_pred, sample_weight=sample_weight)
        return {m.name: m.result() for m in self.metrics}


def test_guide_sample_weight_train_step_and_custom_test_step():
    model = _functional(WeightedModel)
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    seen = []
    original = model.train_step
    model.train_step = lambda data: (seen.append(len(data)), original(data))[1]
    hist = model.fit(X, Y, sample_weight=RNG.random((64, 1)), epochs=2, verbose=0)
    assert seen and set(seen) == {3} and list(hist.history) == ["mae", "loss"]

    class EvalModel(keras.Model):
        def test_step(self, data):
            x, y = data
            y_pred = self(x, training=False)
            loss = self.compute_loss(y=y, y_pred=y_pred)
            for metric in self.metrics:
                if metric.name == "loss":
                    metric.update_state(loss)
                else:
                    metric.update_state(y, y_pred)
            return {m.name: m.result() for m in self.metrics}

    model = _functional(EvalModel)
    model.compile(loss="mse", metrics=["mae"])
    logs = model.evaluate(X, Y, verbose=0, return_dict=True)
    assert list(logs) == ["mae", "loss"]
    k, b = model.get_weights()
    pred = X @ k + b
    assert logs["loss"] == pytest.approx(float(np.mean((pred - Y) ** 2)), rel=1e-5)
    assert model.evaluate(X, Y, verbose=0) == pytest.approx([logs["loss"], logs["mae"]])


class GAN(keras.Model):
    """The guide's GAN, shrunk: two networks, two optimizers, its own compile()."""

    def __init__(self, discriminator, generator, latent_dim):
        super().__init__()
        self.discriminator = discriminator
        self.generator = generator
        self.latent_dim = latent_dim
        self.d_loss_tracker = keras.metrics.Mean(name="d_loss")
        self.g_loss_tracker = keras.metrics.Mean(name="g_loss")
        self.built = True

    @property
    def metrics(self):
        return [self.d_loss_tracker, self.g_loss_tracker]

    def compile(self, d_optimizer, g_optimizer, loss_fn):
        super().compile()
        self.d_optimizer = d_optimizer
        self.g_optimizer = g_optimizer
        self.loss_fn = loss_fn

    def train_step(self, real):
        if isinstance(real, tuple):
            real = real[0]
        batch_size = real.shape[0]
        generated = self.generator(torch.randn(batch_size, self.latent_dim))
        combined = torch.concat([generated, real], axis=0)
        labels = torch.concat([torch.ones((batch_size, 1)), torch.zeros((batch_size, 1))],
                              axis=0)
        self.zero_grad()
        d_loss = self.loss_fn(labels, self.discriminator(combined))
        d_loss.backward()
        grads = [v.value.grad for v in self.discriminator.trainable_weights]
        with torch.no_grad():
            self.d_optimizer.apply(grads, self.discriminator.trainable_weights)
        self.zero_grad()
        predictions = self.discriminator(self.generator(torch.randn(batch_size,
                                                                    self.latent_dim)))
        g_loss = self.loss_fn(torch.zeros((batch_size, 1)), predictions)
        g_loss.backward()
        grads = [v.value.grad for v in self.generator.trainable_weights]
        with torch.no_grad():
            self.g_optimizer.apply(grads, self.generator.trainable_weights)
        self.d_loss_tracker.update_state(d_loss)
        self.g_loss_tracker.update_state(g_loss)
        return {"d_loss": self.d_loss_tracker.result(), "g_loss": self.g_loss_tracker.result()}


def test_guide_gan_two_optimizers():
    discriminator = keras.Sequential([keras.Input((32,)), layers.Dense(8, activation="relu"),
                                      layers.Dense(1)], name="discriminator")
    generator = keras.Sequential([keras.Input((4,)), layers.Dense(32)], name="generator")
    gan = GAN(discriminator, generator, latent_dim=4)
    gan.compile(d_optimizer=keras.optimizers.Adam(0.001),
                g_optimizer=keras.optimizers.Adam(0.001),
                loss_fn=keras.losses.BinaryCrossentropy(from_logits=True))
    d_before = [w.numpy().copy() for w in discriminator.weights]
    g_before = [w.numpy().copy() for w in generator.weights]
    hist = gan.fit(X, epochs=2, batch_size=16, verbose=0)
    assert list(hist.history) == ["d_loss", "g_loss"]
    assert all(np.isfinite(v) for vs in hist.history.values() for v in vs)
    assert all(not np.allclose(a, w.numpy()) for a, w in zip(d_before, discriminator.weights))
    assert all(not np.allclose(a, w.numpy()) for a, w in zip(g_before, generator.weights))


def test_variable_value_exposes_the_gradient():
    layer = layers.Dense(2)
    layer(np.array([[1.0, 2.0, 3.0]], "float32")).sum().backward()
    assert all(v.value is v for v in layer.trainable_weights)
    kernel, bias = layer.trainable_weights
    np.testing.assert_array_equal(kernel.value.grad.numpy(), [[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]])
    np.testing.assert_array_equal(bias.value.grad.numpy(), [1.0, 1.0])


def test_metrics_set_as_attributes_are_listed_and_reset():
    class Tracked(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = layers.Dense(1)
            self.extra = keras.metrics.Sum(name="seen")

        def call(self, x):
            self.extra.update_state(torch.ones(()))
            return self.dense(x)

    model = Tracked()
    model.compile("sgd", "mse", metrics=["mae"])
    assert model.metrics_names == ["loss", "compile_metrics", "seen"]
    hist = model.fit(X, Y, batch_size=16, epochs=2, verbose=0)
    assert list(hist.history) == ["loss", "mae", "seen"]
    assert hist.history["seen"] == [4.0, 4.0]  # 4 steps per epoch, reset between epochs


def test_train_step_with_positional_compute_loss_and_apply_gradients():
    class Model2(keras.Model):
        def train_step(self, data):
            x, y = data
            self.zero_grad()
            y_pred = self(x, training=True)
            loss = self.compute_loss(x, y, y_pred, None)
            loss.backward()
            with torch.no_grad():
                self.optimizer.apply_gradients(
                    zip([v.value.grad for v in self.trainable_weights], self.trainable_weights))
            self.compute_metrics(x, y, y_pred)
            self._loss_tracker.update_state(loss)
            return self.get_metrics_result()

    model = _functional(Model2)
    model.compile(keras.optimizers.SGD(0.1), "mse", metrics=["mae"])
    hist = model.fit(X, Y, batch_size=64, epochs=4, verbose=0)
    assert list(hist.history) == ["loss", "mae"]
    assert hist.history["loss"][-1] < hist.history["loss"][0]
