"""Keras 2's ``K.rnn`` loop, the CTC helpers and the functional loops (``foldl``, ``map_fn``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from torcheras import ops
from torcheras.backend import _config


def _step_mask(mask_t: Any, like: Any) -> Any:
    while len(ops.shape(mask_t)) < len(ops.shape(like)):
        mask_t = ops.expand_dims(mask_t, -1)
    return mask_t


def rnn(step_function: Callable, inputs: Any, initial_states: list,
        go_backwards: bool = False, mask: Any = None, constants: list | None = None,
        unroll: bool = False, input_length: int | None = None, time_major: bool = False,
        zero_output_for_mask: bool = False, return_all_outputs: bool = True) -> tuple:
    """Iterate ``step_function`` over the time axis of ``inputs``.

    Args:
        step_function: ``(input_t, states) -> (output_t, new_states)``; ``states`` holds the
            current states followed by ``constants``.
        inputs: ``(batch, time, ...)`` (``(time, batch, ...)`` with ``time_major``).
        initial_states: The states at the first step.
        go_backwards: Process the sequence from its end (outputs stay in processing order).
        mask: Optional boolean ``(batch, time)``: masked steps keep the previous states and
            repeat the previous output (or give zeros with ``zero_output_for_mask``).
        constants: Extra values passed to every step after the states.
        unroll: Accepted for Keras 2 signatures; the loop always runs step by step.
        input_length: Accepted for Keras 2 signatures.
        time_major: Whether time is the first axis.
        zero_output_for_mask: Masked steps output zeros instead of the previous output.
        return_all_outputs: Return every step's output, or only the last one.

    Returns:
        ``(last_output, outputs, new_states)``; ``outputs`` is ``(batch, time, ...)``.
    """
    del unroll, input_length
    inputs = ops.convert_to_tensor(inputs)
    if mask is not None:
        mask = ops.convert_to_tensor(mask)
    if not time_major:
        inputs = ops.moveaxis(inputs, 1, 0)
        if mask is not None:
            mask = ops.moveaxis(mask, 1, 0)
    steps = ops.shape(inputs)[0]
    order = range(steps - 1, -1, -1) if go_backwards else range(steps)
    states = [ops.convert_to_tensor(s) for s in initial_states]
    constants = [ops.convert_to_tensor(c) for c in constants or []]
    outputs: list = []
    previous = None
    for t in order:
        output, new_states = step_function(inputs[t], states + constants)
        new_states = list(new_states) if isinstance(new_states, (list, tuple)) else [new_states]
        if mask is not None:
            mask_t = ops.cast(mask[t], "bool")
            new_states = [ops.where(_step_mask(mask_t, n), n, s)
                          for n, s in zip(new_states, states)]
            fallback = (ops.zeros_like(output) if zero_output_for_mask or previous is None
                        else previous)
            output = ops.where(_step_mask(mask_t, output), output, fallback)
        states, previous = new_states, output
        if return_all_outputs or not outputs:
            outputs.append(output)
        else:
            outputs[0] = output
    stacked = ops.stack(outputs, axis=0 if time_major else 1)
    return previous, stacked, states


def ctc_batch_cost(y_true: Any, y_pred: Any, input_length: Any, label_length: Any) -> Any:
    """CTC loss of each sample, shape ``(batch, 1)``; the blank is the last class.

    Args:
        y_true: ``(batch, max_label_length)`` integer labels.
        y_pred: ``(batch, time, classes)`` softmax probabilities.
        input_length: ``(batch, 1)`` valid time steps of ``y_pred``.
        label_length: ``(batch, 1)`` valid labels of ``y_true``.
    """
    num_classes = ops.shape(y_pred)[-1]
    log_probs = ops.log(ops.convert_to_tensor(y_pred) + _config.epsilon())
    loss = ops.ctc_loss(ops.cast(y_true, "int32"), log_probs,
                        ops.reshape(ops.cast(label_length, "int32"), (-1,)),
                        ops.reshape(ops.cast(input_length, "int32"), (-1,)),
                        mask_index=num_classes - 1)
    return ops.expand_dims(loss, 1)


def ctc_decode(y_pred: Any, input_length: Any, greedy: bool = True, beam_width: int = 100,
               top_paths: int = 1) -> tuple:
    """Decode softmax outputs into label sequences; the blank is the last class.

    Args:
        y_pred: ``(batch, time, classes)`` softmax probabilities.
        input_length: ``(batch,)`` valid time steps.
        greedy: Best class per step (``True``) or beam search.
        beam_width: Beam size for beam search.
        top_paths: How many paths beam search returns.

    Returns:
        ``(decoded, log_probabilities)``: ``decoded`` a list of ``top_paths`` int tensors
        ``(batch, length)`` padded with ``-1``.
    """
    num_classes = ops.shape(y_pred)[-1]
    decoded, scores = ops.ctc_decode(
        ops.log(ops.convert_to_tensor(y_pred) + _config.epsilon()),
        ops.reshape(ops.cast(input_length, "int32"), (-1,)),
        strategy="greedy" if greedy else "beam_search",
        beam_width=beam_width, top_paths=top_paths, mask_index=num_classes - 1,
    )
    return [decoded[i] for i in range(ops.shape(decoded)[0])], scores


def map_fn(fn: Callable, elems: Any, name: str | None = None, dtype: Any = None) -> Any:
    """Apply ``fn`` to each element of ``elems`` along its first axis and stack the results.

    Args:
        fn: A callable on one element.
        elems: A tensor.
        name: Ignored.
        dtype: Optional dtype of the result.
    """
    del name
    out = ops.stack([fn(elems[i]) for i in range(ops.shape(elems)[0])], axis=0)
    return ops.cast(out, dtype) if dtype is not None else out


def foldl(fn: Callable, elems: Any, initializer: Any = None, name: str | None = None) -> Any:
    """Reduce ``elems`` from the first element: ``acc = fn(acc, x)``.

    Args:
        fn: ``(accumulator, element) -> accumulator``.
        elems: A tensor.
        initializer: The first accumulator (``elems[0]`` when ``None``).
        name: Ignored.
    """
    del name
    indices = list(range(ops.shape(elems)[0]))
    return _fold(fn, elems, initializer, indices)


def foldr(fn: Callable, elems: Any, initializer: Any = None, name: str | None = None) -> Any:
    """Reduce ``elems`` from the last element: ``acc = fn(acc, x)``.

    Args:
        fn: ``(accumulator, element) -> accumulator``.
        elems: A tensor.
        initializer: The first accumulator (``elems[-1]`` when ``None``).
        name: Ignored.
    """
    del name
    indices = list(range(ops.shape(elems)[0] - 1, -1, -1))
    return _fold(fn, elems, initializer, indices)


def _fold(fn: Callable, elems: Any, initializer: Any, indices: list) -> Any:
    if initializer is None:
        acc, indices = elems[indices[0]], indices[1:]
    else:
        acc = initializer
    for i in indices:
        acc = fn(acc, elems[i])
    return acc


def ctc_label_dense_to_sparse(labels: Any, label_lengths: Any) -> torch.Tensor:
    """A sparse (COO) int32 tensor of the first ``label_lengths[i]`` labels of each row.

    Args:
        labels: ``(batch, max_label_length)`` dense integer labels.
        label_lengths: ``(batch,)`` valid lengths.
    """
    dense = ops.convert_to_tensor(labels)
    lengths = np.asarray(ops.convert_to_numpy(label_lengths)).reshape(-1)
    keep = np.arange(dense.shape[1])[None, :] < lengths[:, None]
    indices = torch.as_tensor(np.argwhere(keep).T, dtype=torch.int64, device=dense.device)
    values = dense[torch.as_tensor(keep, device=dense.device)].to(torch.int32)
    return torch.sparse_coo_tensor(indices, values, size=tuple(dense.shape),
                                   check_invariants=True, is_coalesced=True)
