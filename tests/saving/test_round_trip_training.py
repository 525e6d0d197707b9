"""Every optimizer (with its whole state), loss, metric and learning-rate schedule survives
`model.save` -> `load_model`: same class and config, identical optimizer variables, and an
identical next training step. Initializers, regularizers and constraints round-trip
through `serialize_keras_object` and inside a layer's config.

The tables below give the constructor arguments and the kind of problem (targets and
output activation) each class needs.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

import torcheras as keras
from torcheras import losses, metrics, optimizers
from torcheras.optimizers import schedules

# ---------------------------------------------------------------------------------------
# problems: output activation, target maker, compile loss
# ---------------------------------------------------------------------------------------
PROBLEMS = {
    "regression": ("linear", lambda r: r.normal(size=(16, 3)).astype("float32")),
    "positive": ("softplus", lambda r: r.uniform(0.5, 2.0, size=(16, 3)).astype("float32")),
    "binary": ("sigmoid", lambda r: (r.random((16, 3)) > 0.5).astype("float32")),
    "signed": ("tanh", lambda r: np.where(r.random((16, 3)) > 0.5, 1.0, -1.0).astype(
        "float32")),
    "categorical": ("softmax", lambda r: np.eye(3, dtype="float32")[r.integers(0, 3, 16)]),
    "sparse": ("softmax", lambda r: r.integers(0, 3, 16)),
}


def model_for(problem, seed=0):
    keras.utils.set_random_seed(seed)
    activation, _ = PROBLEMS[problem]
    return keras.Sequential([
        keras.Input((4,)),
        keras.layers.Dense(5, activation="relu", name="hidden"),
        keras.layers.Dense(3, activation=activation, name="out"),
    ])


def data_for(problem):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(16, 4)).astype("float32")
    return x, PROBLEMS[problem][1](rng)


def save_and_load(model, tmp_path, name="m"):
    path = tmp_path / f"{name}.keras"
    model.save(path)
    return keras.saving.load_model(path)


def assert_same_next_step(model, loaded, x, y, steps=2):
    for _ in range(steps):
        model.train_on_batch(x, y)
        loaded.train_on_batch(x, y)
    for a, b in zip(model.weights, loaded.weights):
        np.testing.assert_allclose(b.numpy(), a.numpy(), rtol=0, atol=1e-7, err_msg=a.path)


def as_json(obj):
    return json.dumps(obj, sort_keys=True, default=repr)


# ---------------------------------------------------------------------------------------
# optimizers
# ---------------------------------------------------------------------------------------
OPTIMIZERS = {
    "SGD": [{"learning_rate": 0.05, "momentum": 0.9, "nesterov": True}],
    "RMSprop": [{"momentum": 0.5, "centered": True}],
    "Adam": [{"amsgrad": True}, {"learning_rate": 0.01, "gradient_accumulation_steps": 2}],
    "AdamW": [{"weight_decay": 0.05, "use_ema": True, "ema_overwrite_frequency": 3}],
    "Adagrad": [{}],
    "Adadelta": [{"learning_rate": 1.0}],
    "Adamax": [{}],
    "Nadam": [{}],
    "Lion": [{}],
    "Ftrl": [{"l1_regularization_strength": 0.01, "beta": 0.1}],
    "Adafactor": [{}],
    "LossScaleOptimizer": [{"inner_optimizer": optimizers.Adam(), "initial_scale": 4.0,
                            "dynamic_growth_steps": 2}],
}


def test_every_optimizer_has_a_case():
    public = {n for n in optimizers.__all__ if isinstance(getattr(optimizers, n), type)}
    assert public - {"Optimizer"} == set(OPTIMIZERS)


@pytest.mark.parametrize("name,kwargs", [(n, k) for n, ks in OPTIMIZERS.items() for k in ks])
def test_optimizer_state_round_trips(name, kwargs, tmp_path):
    model = model_for("regression")
    model.compile(optimizer=getattr(optimizers, name)(**kwargs), loss="mse")
    x, y = data_for("regression")
    for _ in range(3):
        model.train_on_batch(x, y)
    loaded = save_and_load(model, tmp_path)
    assert type(loaded.optimizer) is type(model.optimizer)
    assert as_json(loaded.optimizer.get_config()) == as_json(model.optimizer.get_config())
    saved = [v.numpy() for v in model.optimizer.variables]
    restored = [v.numpy() for v in loaded.optimizer.variables]
    assert len(saved) == len(restored) > 2
    for a, b in zip(saved, restored):
        np.testing.assert_array_equal(b, a)
    assert_same_next_step(model, loaded, x, y)


SCHEDULES = {
    "ExponentialDecay": {"initial_learning_rate": 0.1, "decay_steps": 2, "decay_rate": 0.5},
    "InverseTimeDecay": {"initial_learning_rate": 0.1, "decay_steps": 2, "decay_rate": 0.5},
    "PiecewiseConstantDecay": {"boundaries": [2, 4], "values": [0.1, 0.05, 0.01]},
    "PolynomialDecay": {"initial_learning_rate": 0.1, "decay_steps": 5, "power": 2.0},
    "CosineDecay": {"initial_learning_rate": 0.1, "decay_steps": 6, "warmup_steps": 2,
                    "warmup_target": 0.2},
    "CosineDecayRestarts": {"initial_learning_rate": 0.1, "first_decay_steps": 3},
}


def test_every_schedule_has_a_case():
    public = {n for n in schedules.__all__ if isinstance(getattr(schedules, n), type)}
    assert public - {"LearningRateSchedule"} == set(SCHEDULES)


@pytest.mark.parametrize("name", sorted(SCHEDULES))
def test_schedule_round_trips_inside_the_optimizer(name, tmp_path):
    model = model_for("regression")
    schedule = getattr(schedules, name)(**SCHEDULES[name])
    model.compile(optimizer=optimizers.SGD(schedule, momentum=0.5), loss="mse")
    x, y = data_for("regression")
    for _ in range(3):
        model.train_on_batch(x, y)
    loaded = save_and_load(model, tmp_path)
    twin = loaded.optimizer._learning_rate
    assert type(twin) is type(schedule)
    assert as_json(twin.get_config()) == as_json(schedule.get_config())
    assert float(loaded.optimizer.learning_rate) == float(model.optimizer.learning_rate)
    assert_same_next_step(model, loaded, x, y, steps=4)


# ---------------------------------------------------------------------------------------
# losses
# ---------------------------------------------------------------------------------------
LOSSES = {
    "BinaryCrossentropy": ("binary", {"label_smoothing": 0.1}),
    "BinaryFocalCrossentropy": ("binary", {"gamma": 1.5, "apply_class_balancing": True}),
    "CategoricalCrossentropy": ("categorical", {"label_smoothing": 0.05}),
    "CategoricalFocalCrossentropy": ("categorical", {"alpha": 0.3}),
    "CategoricalGeneralizedCrossEntropy": ("sparse", {"q": 0.7}),
    "CategoricalHinge": ("categorical", {}),
    "CosineSimilarity": ("regression", {"axis": -1}),
    "Dice": ("binary", {}),
    "Hinge": ("signed", {}),
    "Huber": ("regression", {"delta": 0.5}),
    "KLDivergence": ("categorical", {}),
    "LogCosh": ("regression", {}),
    "MeanAbsoluteError": ("regression", {}),
    "MeanAbsolutePercentageError": ("positive", {}),
    "MeanSquaredError": ("regression", {"reduction": "sum"}),
    "MeanSquaredLogarithmicError": ("positive", {}),
    "Poisson": ("positive", {}),
    "SparseCategoricalCrossentropy": ("sparse", {"ignore_class": 2}),
    "SquaredHinge": ("signed", {}),
    "Tversky": ("binary", {"alpha": 0.3, "beta": 0.7}),
    "LossFunctionWrapper": ("regression", {"fn": losses.mean_absolute_error}),
}
LOSS_FUNCTIONS = {
    "binary_crossentropy": "binary", "categorical_crossentropy": "categorical",
    "sparse_categorical_crossentropy": "sparse", "mse": "regression", "mae": "regression",
    "huber": "regression", "hinge": "signed", "poisson": "positive", "kld": "categorical",
    "log_cosh": "regression", "binary_focal_crossentropy": "binary", "dice": "binary",
}


def test_every_loss_class_has_a_case():
    public = {n for n in losses.__all__ if isinstance(getattr(losses, n), type)}
    assert public - {"Loss"} == set(LOSSES)


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_loss_object_round_trips(name, tmp_path):
    problem, kwargs = LOSSES[name]
    model = model_for(problem)
    loss = getattr(losses, name)(**kwargs)
    model.compile(optimizer=optimizers.Adam(0.01), loss=loss)
    x, y = data_for(problem)
    model.train_on_batch(x, y)
    loaded = save_and_load(model, tmp_path)
    twin = loaded.loss
    assert type(twin) is type(loss)
    assert as_json(twin.get_config()) == as_json(loss.get_config())
    assert_same_next_step(model, loaded, x, y)


@pytest.mark.parametrize("name", sorted(LOSS_FUNCTIONS))
def test_loss_name_round_trips(name, tmp_path):
    problem = LOSS_FUNCTIONS[name]
    model = model_for(problem)
    model.compile(optimizer="adam", loss=name)
    x, y = data_for(problem)
    model.train_on_batch(x, y)
    loaded = save_and_load(model, tmp_path)
    assert loaded.loss == name
    assert_same_next_step(model, loaded, x, y)


# ---------------------------------------------------------------------------------------
# metrics
# ---------------------------------------------------------------------------------------
METRICS = {
    "AUC": ("binary", {"num_thresholds": 50, "curve": "PR"}),
    "Accuracy": ("binary", {}),
    "BinaryAccuracy": ("binary", {"threshold": 0.4}),
    "BinaryCrossentropy": ("binary", {"label_smoothing": 0.1}),
    "BinaryIoU": ("binary", {"target_class_ids": (0, 1), "threshold": 0.5}),
    "CategoricalAccuracy": ("categorical", {}),
    "CategoricalCrossentropy": ("categorical", {}),
    "CategoricalHinge": ("categorical", {}),
    "ConcordanceCorrelation": ("regression", {}),
    "CosineSimilarity": ("regression", {}),
    "F1Score": ("categorical", {"average": "macro", "threshold": 0.4}),
    "FBetaScore": ("categorical", {"beta": 2.0}),
    "FalseNegatives": ("binary", {"thresholds": [0.3, 0.6]}),
    "FalsePositives": ("binary", {}),
    "Hinge": ("signed", {}),
    "IoU": ("sparse", {"num_classes": 3, "target_class_ids": [0, 2],
                       "sparse_y_pred": False}),
    "KLDivergence": ("categorical", {}),
    "LogCoshError": ("regression", {}),
    "MeanAbsoluteError": ("regression", {}),
    "MeanAbsolutePercentageError": ("positive", {}),
    "MeanIoU": ("sparse", {"num_classes": 3, "sparse_y_pred": False}),
    "MeanMetricWrapper": ("regression", {"fn": metrics.mean_squared_error, "name": "mse2"}),
    "MeanSquaredError": ("regression", {}),
    "MeanSquaredLogarithmicError": ("positive", {}),
    "OneHotIoU": ("categorical", {"num_classes": 3, "target_class_ids": [1]}),
    "OneHotMeanIoU": ("categorical", {"num_classes": 3}),
    "PearsonCorrelation": ("regression", {}),
    "Poisson": ("positive", {}),
    "Precision": ("binary", {"thresholds": 0.3}),
    "PrecisionAtRecall": ("binary", {"recall": 0.5}),
    "R2Score": ("regression", {}),
    "Recall": ("binary", {"top_k": 2}),
    "RecallAtPrecision": ("binary", {"precision": 0.5}),
    "RootMeanSquaredError": ("regression", {}),
    "SensitivityAtSpecificity": ("binary", {"specificity": 0.5}),
    "SparseCategoricalAccuracy": ("sparse", {}),
    "SparseCategoricalCrossentropy": ("sparse", {}),
    "SparseTopKCategoricalAccuracy": ("sparse", {"k": 2}),
    "SpecificityAtSensitivity": ("binary", {"sensitivity": 0.5}),
    "SquaredHinge": ("signed", {}),
    "TopKCategoricalAccuracy": ("categorical", {"k": 2}),
    "TrueNegatives": ("binary", {}),
    "TruePositives": ("binary", {}),
}
COMPILE_LOSS = {"sparse": "sparse_categorical_crossentropy", "binary": "binary_crossentropy",
                "categorical": "categorical_crossentropy"}


# Reducers of plain values (`update_state(values)`), which `compile` cannot take (Keras
# neither): round-tripped on their own, state included through their variables.
REDUCERS = ("Mean", "Sum")


def test_every_metric_class_has_a_case():
    public = {n for n in metrics.__all__ if isinstance(getattr(metrics, n), type)}
    assert public - {"Metric"} == set(METRICS) | set(REDUCERS)


@pytest.mark.parametrize("name", REDUCERS)
def test_reducer_round_trips_with_its_state(name):
    metric = getattr(metrics, name)(name="total", dtype="float32")
    metric.update_state([1.0, 2.0, 4.0])
    twin = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(metric))
    assert type(twin) is type(metric)
    assert as_json(twin.get_config()) == as_json(metric.get_config())
    for variable, value in zip(twin.variables, metric.variables):
        variable.assign(value.numpy())
    twin.update_state([3.0])
    metric.update_state([3.0])
    assert float(twin.result()) == float(metric.result())


@pytest.mark.parametrize("name", sorted(METRICS))
def test_metric_round_trips(name, tmp_path):
    problem, kwargs = METRICS[name]
    model = model_for(problem)
    metric = getattr(metrics, name)(**kwargs)
    model.compile(optimizer="adam", loss=COMPILE_LOSS.get(problem, "mse"),
                  metrics=[metric, "mae" if problem != "sparse" else "accuracy"])
    x, y = data_for(problem)
    model.train_on_batch(x, y)
    loaded = save_and_load(model, tmp_path)
    assert as_json(loaded.get_compile_config()["metrics"]) == as_json(
        model.get_compile_config()["metrics"])
    expected = model.evaluate(x, y, verbose=0, return_dict=True)
    got = loaded.evaluate(x, y, verbose=0, return_dict=True)
    assert sorted(got) == sorted(expected) and metric.name in expected
    for key, value in expected.items():
        np.testing.assert_array_equal(np.asarray(got[key]), np.asarray(value), err_msg=key)
    assert_same_next_step(model, loaded, x, y)


# ---------------------------------------------------------------------------------------
# initializers, regularizers, constraints
# ---------------------------------------------------------------------------------------
def _instances(module, skip, args):
    out = []
    for name in module.__all__:
        obj = getattr(module, name)
        if isinstance(obj, type) and name not in skip:
            out.append(pytest.param(obj, args.get(name, {}), id=name))
    return out


INIT_ARGS = {"Constant": {"value": 0.5}, "RandomNormal": {"seed": 1, "stddev": 0.2},
             "STFT": {"side": "imag"}, "VarianceScaling": {"scale": 2.0, "mode": "fan_out"},
             "Orthogonal": {"gain": 0.5, "seed": 2}}


@pytest.mark.parametrize("cls,kwargs", _instances(keras.initializers, {"Initializer"},
                                                  INIT_ARGS))
def test_initializer_round_trips(cls, kwargs):
    obj = cls(**kwargs)
    twin = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(obj))
    assert type(twin) is type(obj)
    assert as_json(twin.get_config()) == as_json(obj.get_config())


REG_ARGS = {"L1": {"l1": 0.3}, "L2": {"l2": 0.2}, "L1L2": {"l1": 0.1, "l2": 0.4},
            "OrthogonalRegularizer": {"factor": 0.2, "mode": "columns"}}


@pytest.mark.parametrize("cls,kwargs", _instances(keras.regularizers, {"Regularizer"},
                                                  REG_ARGS))
def test_regularizer_round_trips_in_a_saved_layer(cls, kwargs, tmp_path):
    model = model_for("regression")
    layer = keras.layers.Dense(3, kernel_regularizer=cls(**kwargs), name="reg")
    model.add(layer)
    model.compile("sgd", "mse")
    x, y = data_for("regression")
    loaded = save_and_load(model, tmp_path)
    twin = loaded.get_layer("reg").kernel_regularizer
    assert type(twin) is cls
    assert as_json(twin.get_config()) == as_json(layer.kernel_regularizer.get_config())
    assert_same_next_step(model, loaded, x, y)


CONSTRAINT_ARGS = {"MaxNorm": {"max_value": 0.5}, "MinMaxNorm": {"min_value": 0.1,
                                                                  "max_value": 0.6}}


@pytest.mark.parametrize("cls,kwargs", _instances(keras.constraints, {"Constraint"},
                                                  CONSTRAINT_ARGS))
def test_constraint_round_trips_in_a_saved_layer(cls, kwargs, tmp_path):
    model = model_for("regression")
    layer = keras.layers.Dense(3, kernel_constraint=cls(**kwargs), name="con")
    model.add(layer)
    model.compile("sgd", "mse")
    x, y = data_for("regression")
    loaded = save_and_load(model, tmp_path)
    twin = loaded.get_layer("con").kernel_constraint
    assert type(twin) is cls
    assert as_json(twin.get_config()) == as_json(layer.kernel_constraint.get_config())
    assert_same_next_step(model, loaded, x, y)
