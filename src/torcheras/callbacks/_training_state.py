"""The whole state a training run needs to continue exactly: weights, optimizer, RNGs.

``BackupAndRestore`` writes it as one file, atomically (temporary file in the same folder,
fsync, rename), so a process killed while saving leaves the previous backup intact and the
weights, the optimizer state, the epoch and the random streams always belong together.
Files are read back with ``torch.load(weights_only=True)``: tensors and plain Python only.
"""

from __future__ import annotations

import os
import random
import tempfile

import numpy as np
import torch

from torcheras.layers.regularization._random import SeededRandom
from torcheras.random import _seed_generator
from torcheras.random._seed_generator import SeedGenerator


def capture_rng() -> dict:
    """The state of every random stream a training step may draw from."""
    mt, keys, pos, has_gauss, gauss = np.random.get_state()
    version, internal, gauss_next = random.getstate()
    state = {
        "torch": torch.get_rng_state(),
        "numpy": {"kind": mt, "keys": torch.from_numpy(keys.astype(np.int64)), "pos": int(pos),
                  "has_gauss": int(has_gauss), "gauss": float(gauss)},
        "python": {"version": version, "internal": list(internal), "gauss_next": gauss_next},
    }
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    gen = _seed_generator._global["generator"]
    if gen is not None:
        state["seed_generator"] = gen.state.detach().clone()
    return state


def restore_rng(state: dict) -> None:
    if "seed_generator" in state:
        # Made first: creating the global generator draws from Python's random module.
        with torch.no_grad():
            _seed_generator.global_seed_generator().state.copy_(state["seed_generator"])
    torch.set_rng_state(state["torch"])
    n = state["numpy"]
    np.random.set_state((n["kind"], n["keys"].numpy().astype(np.uint32), n["pos"],
                         n["has_gauss"], n["gauss"]))
    p = state["python"]
    random.setstate((p["version"], tuple(p["internal"]), p["gauss_next"]))
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])


def _layer_streams(model) -> list:
    """(key, owner, attribute, value) of every private random stream of the layers:
    ``torch.Generator`` attributes (e.g. a seeded Dropout's), ``SeededRandom`` helpers
    and ``keras.random.SeedGenerator`` attributes."""
    out = []
    for i, layer in enumerate(model._flatten_layers(True)):
        for name, value in sorted(vars(layer).items()):
            if isinstance(value, (torch.Generator, SeededRandom, SeedGenerator)) or (
                    value is None and name.endswith("generator")):
                out.append((f"{i}/{name}", layer, name, value))
    return out


def _capture_streams(model) -> dict:
    streams = {}
    for key, _, _, value in _layer_streams(model):
        if isinstance(value, torch.Generator):
            streams[key] = {"generator": value.get_state(), "device": str(value.device)}
        elif isinstance(value, SeededRandom):
            streams[key] = {"seeded": {f"{k[0]}:{k[1]}": g.get_state()
                                       for k, g in value._generators.items()}}
        elif isinstance(value, SeedGenerator):
            streams[key] = {"seed_generator": value.state.detach().cpu().clone()}
    return streams


def _restore_streams(model, streams: dict) -> None:
    for key, layer, name, value in _layer_streams(model):
        saved = streams.get(key)
        if saved is None:
            continue
        if "generator" in saved:
            if not isinstance(value, torch.Generator):
                # Made lazily on the first training call: make it now, in its saved state.
                value = torch.Generator(device=saved["device"])
                setattr(layer, name, value)
            value.set_state(saved["generator"])
        elif "seeded" in saved and isinstance(value, SeededRandom):
            for dev, gen_state in saved["seeded"].items():
                kind, index = dev.split(":")
                device = torch.device(kind, None if index == "None" else int(index))
                value.generator(device).set_state(gen_state)
        elif "seed_generator" in saved and isinstance(value, SeedGenerator):
            with torch.no_grad():
                value.state.copy_(saved["seed_generator"])


def capture(model, epoch: int, batch: int, rng: dict | None = None) -> dict:
    """Everything ``restore`` needs, as tensors and plain Python values."""
    optimizer = getattr(model, "optimizer", None)
    return {
        "format": "torcheras.BackupAndRestore/1",
        "epoch": int(epoch),
        "batch": int(batch),
        "weights": [w.detach().cpu().clone() for w in model.weights],
        "optimizer": ([torch.as_tensor(np.asarray(v.numpy())).clone()
                       for v in optimizer.variables]
                      if optimizer is not None and getattr(optimizer, "built", False) else None),
        "rng": rng if rng is not None else capture_rng(),
        "streams": _capture_streams(model),
    }


def restore(model, state: dict, path: str) -> None:
    """Put ``state`` back into ``model`` (weights, optimizer slots) and the RNGs."""
    weights = model.weights
    if len(weights) != len(state["weights"]) or any(
            tuple(w.shape) != tuple(s.shape) for w, s in zip(weights, state["weights"])):
        raise ValueError(
            f"The backup in {path!r} does not match this model: it holds "
            f"{len(state['weights'])} weights of shapes "
            f"{[tuple(s.shape) for s in state['weights']]}, the model has {len(weights)} of "
            f"shapes {[tuple(w.shape) for w in weights]}. Use a new `backup_dir` for a "
            "different model."
        )
    with torch.no_grad():
        for w, s in zip(weights, state["weights"]):
            w.copy_(s.to(device=w.device, dtype=w.dtype))
    optimizer = getattr(model, "optimizer", None)
    if state["optimizer"] is not None and optimizer is not None:
        if not getattr(optimizer, "built", False):
            optimizer.build(model.trainable_weights)
        if len(optimizer.variables) != len(state["optimizer"]):
            raise ValueError(
                f"The backup in {path!r} holds {len(state['optimizer'])} optimizer variables, "
                f"but the model's optimizer has {len(optimizer.variables)}: was it compiled "
                "with another optimizer?"
            )
        for v, s in zip(optimizer.variables, state["optimizer"]):
            v.assign(s.numpy())
    restore_rng(state["rng"])
    _restore_streams(model, state["streams"])


def save(state: dict, path: str) -> None:
    atomic_write(path, lambda f: torch.save(state, f))


def load(path: str) -> dict:
    """The state saved in ``path``; OSError naming the file when it is unreadable."""
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as e:  # truncated, corrupt or foreign file: all reported the same way
        raise OSError(f"The backup file {path!r} is unreadable ({type(e).__name__}: {e}).") from e
    if not isinstance(state, dict) or state.get("format") != "torcheras.BackupAndRestore/1":
        raise OSError(f"The file {path!r} is not a torcheras BackupAndRestore backup.")
    return state


def atomic_write(path: str, write) -> None:
    """Call ``write(binary_file)`` on a temporary file next to ``path``, then rename it."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
