"""Make the golden numbers for tests/optimizers with real Keras 3 (torch backend).

Run with the Keras reference environment, from the repository root:

    KERAS_BACKEND=torch /work/kerasenv/bin/python tests/golden/make_optimizers.py

Writes tests/golden/optimizers/cases.json (each case: optimizer class and arguments),
one <case>.npz per case (initial variables, the gradients fed at each step, the variables
after 1 and after 10 steps, and the EMA averages when used), and schedules.npz/json
(learning rate of each schedule at steps 0..79).
"""

from __future__ import annotations

import json
import os

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras  # noqa: E402
import numpy as np  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "optimizers")
SHAPES = {"kernel": (3, 4), "bias": (4,)}
STEPS = 10

S = keras.optimizers.schedules


def _schedule(cls, **config):
    return S.serialize(getattr(S, cls)(**config))


# name -> (optimizer class, arguments, weight-decay exclusion by variable name)
CASES = {
    "sgd_default": ("SGD", {}),
    "sgd_momentum": ("SGD", {"learning_rate": 0.05, "momentum": 0.9}),
    "sgd_nesterov": ("SGD", {"learning_rate": 0.05, "momentum": 0.9, "nesterov": True}),
    "sgd_weight_decay": ("SGD", {"learning_rate": 0.1, "momentum": 0.9,
                                 "weight_decay": 0.05}),
    "sgd_clipvalue": ("SGD", {"learning_rate": 0.1, "clipvalue": 0.3}),
    "sgd_loss_scale": ("SGD", {"learning_rate": 0.1, "loss_scale_factor": 4.0}),
    "sgd_ema": ("SGD", {"learning_rate": 0.1, "momentum": 0.9, "use_ema": True,
                        "ema_momentum": 0.9}),
    "sgd_exponential_schedule": ("SGD", {
        "learning_rate": _schedule("ExponentialDecay", initial_learning_rate=0.1,
                                   decay_steps=3, decay_rate=0.5),
        "momentum": 0.9}),
    "rmsprop_default": ("RMSprop", {}),
    "rmsprop_centered": ("RMSprop", {"learning_rate": 0.01, "centered": True}),
    "rmsprop_momentum_centered": ("RMSprop", {"learning_rate": 0.01, "momentum": 0.5,
                                              "centered": True, "rho": 0.8}),
    "rmsprop_piecewise_schedule": ("RMSprop", {
        "learning_rate": _schedule("PiecewiseConstantDecay", boundaries=[2, 5],
                                   values=[0.01, 0.005, 0.001])}),
    "adam_default": ("Adam", {}),
    "adam_amsgrad": ("Adam", {"learning_rate": 0.01, "amsgrad": True}),
    "adam_clipnorm": ("Adam", {"learning_rate": 0.01, "clipnorm": 0.5}),
    "adam_global_clipnorm": ("Adam", {"learning_rate": 0.01, "global_clipnorm": 0.5}),
    "adam_ema_overwrite": ("Adam", {"learning_rate": 0.01, "use_ema": True,
                                    "ema_momentum": 0.8, "ema_overwrite_frequency": 3}),
    "adam_cosine_warmup": ("Adam", {
        "learning_rate": _schedule("CosineDecay", initial_learning_rate=0.0,
                                   decay_steps=10, warmup_target=0.05, warmup_steps=3)}),
    "adam_accumulation": ("Adam", {"learning_rate": 0.01,
                                   "gradient_accumulation_steps": 3}),
    "adamw_default": ("AdamW", {}),
    "adamw_strong": ("AdamW", {"learning_rate": 0.01, "weight_decay": 0.1}),
    "adamw_exclude_bias": ("AdamW", {"learning_rate": 0.01, "weight_decay": 0.1}, ["bias"]),
    "adagrad_default": ("Adagrad", {}),
    "adagrad_lr": ("Adagrad", {"learning_rate": 0.1, "initial_accumulator_value": 0.5}),
    "adadelta_default": ("Adadelta", {}),
    "adadelta_lr1": ("Adadelta", {"learning_rate": 1.0, "rho": 0.9}),
    "adamax_default": ("Adamax", {}),
    "adamax_lr": ("Adamax", {"learning_rate": 0.01, "beta_2": 0.9}),
    "nadam_default": ("Nadam", {}),
    "nadam_lr": ("Nadam", {"learning_rate": 0.01, "beta_1": 0.8}),
    "lion_default": ("Lion", {}),
    "lion_weight_decay": ("Lion", {"learning_rate": 0.01, "weight_decay": 0.5}),
    "ftrl_default": ("Ftrl", {}),
    "ftrl_regularized": ("Ftrl", {"learning_rate": 0.1, "l1_regularization_strength": 0.01,
                                  "l2_regularization_strength": 0.02,
                                  "l2_shrinkage_regularization_strength": 0.03,
                                  "beta": 0.1, "learning_rate_power": -0.7}),
    "adafactor_default": ("Adafactor", {}),
    "adafactor_options": ("Adafactor", {"learning_rate": 0.01, "relative_step": False,
                                        "clip_threshold": 0.5, "beta_2_decay": -0.5}),
}

SCHEDULES = {
    "exponential": ("ExponentialDecay", {"initial_learning_rate": 0.1, "decay_steps": 7,
                                         "decay_rate": 0.8}),
    "exponential_staircase": ("ExponentialDecay", {
        "initial_learning_rate": 0.1, "decay_steps": 7, "decay_rate": 0.8,
        "staircase": True}),
    "inverse_time": ("InverseTimeDecay", {"initial_learning_rate": 0.1, "decay_steps": 5,
                                          "decay_rate": 0.5}),
    "inverse_time_staircase": ("InverseTimeDecay", {
        "initial_learning_rate": 0.1, "decay_steps": 5, "decay_rate": 0.5,
        "staircase": True}),
    "piecewise": ("PiecewiseConstantDecay", {"boundaries": [10, 25, 40],
                                             "values": [1.0, 0.5, 0.1, 0.01]}),
    "polynomial": ("PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 30,
                                       "end_learning_rate": 0.01, "power": 0.5}),
    "polynomial_cycle": ("PolynomialDecay", {"initial_learning_rate": 0.1,
                                             "decay_steps": 30, "power": 2.0,
                                             "cycle": True}),
    "cosine": ("CosineDecay", {"initial_learning_rate": 0.1, "decay_steps": 50,
                               "alpha": 0.1}),
    "cosine_warmup": ("CosineDecay", {"initial_learning_rate": 0.01, "decay_steps": 40,
                                      "warmup_target": 0.1, "warmup_steps": 15}),
    "cosine_restarts": ("CosineDecayRestarts", {"initial_learning_rate": 0.1,
                                                "first_decay_steps": 10, "t_mul": 2.0,
                                                "m_mul": 0.5, "alpha": 0.1}),
    "cosine_restarts_t1": ("CosineDecayRestarts", {"initial_learning_rate": 0.1,
                                                   "first_decay_steps": 12, "t_mul": 1.0,
                                                   "m_mul": 0.8}),
}


def _run_case(name: str, spec: tuple) -> dict:
    cls_name, kwargs = spec[0], dict(spec[1])
    exclude = spec[2] if len(spec) > 2 else None
    rng = np.random.default_rng(sum(map(ord, name)))
    init = {k: rng.normal(size=s).astype("float32") for k, s in SHAPES.items()}
    grads = {k: rng.normal(size=(STEPS,) + s).astype("float32") for k, s in SHAPES.items()}
    variables = [keras.Variable(init[k], name=k) for k in SHAPES]
    config = dict(kwargs)
    if isinstance(config.get("learning_rate"), dict):
        config["learning_rate"] = S.deserialize(config["learning_rate"])
    opt = getattr(keras.optimizers, cls_name)(**config)
    if exclude:
        opt.exclude_from_weight_decay(var_names=exclude)
    out = {}
    for k in SHAPES:
        out[f"init_{k}"] = init[k]
        out[f"grads_{k}"] = grads[k]
    for step in range(STEPS):
        opt.apply([keras.ops.convert_to_tensor(grads[k][step]) for k in SHAPES], variables)
        if step + 1 in (1, STEPS):
            for k, v in zip(SHAPES, variables, strict=True):
                out[f"after{step + 1}_{k}"] = np.array(v.numpy())
    if opt.use_ema:
        for k, avg in zip(SHAPES, opt._model_variables_moving_average, strict=True):
            out[f"average_{k}"] = np.array(avg.numpy())
    out["iterations"] = np.array(int(opt.iterations.numpy()))
    np.savez(os.path.join(OUT, f"{name}.npz"), **out)
    return {"class_name": cls_name, "config": kwargs, "exclude_var_names": exclude}


def main() -> None:
    os.makedirs(OUT, exist_ok=True)
    cases = {name: _run_case(name, spec) for name, spec in CASES.items()}
    sched_values = {}
    for name, (cls_name, config) in SCHEDULES.items():
        schedule = getattr(S, cls_name)(**config)
        sched_values[name] = np.array(
            [float(schedule(step)) for step in range(80)], dtype="float64")
    np.savez(os.path.join(OUT, "schedules.npz"), **sched_values)
    meta = {
        "keras_version": keras.__version__,
        "backend": keras.backend.backend(),
        "steps": STEPS,
        "shapes": {k: list(s) for k, s in SHAPES.items()},
        "cases": cases,
        "schedules": {n: {"class_name": c, "config": cfg} for n, (c, cfg) in SCHEDULES.items()},
    }
    with open(os.path.join(OUT, "cases.json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
    print(f"wrote {len(cases)} optimizer cases and {len(SCHEDULES)} schedules to {OUT}")


if __name__ == "__main__":
    main()
