"""The step loop every recurrent layer falls back on, with Keras's masking rules.

A masked step leaves the states as they were; its output repeats the previous output
(zeros before the first unmasked step), or is zero with ``zero_output_for_mask``.
"""

from __future__ import annotations

import torch

from torcheras.tree import flatten
from torcheras.tree import pack_sequence_as as pack_like


def step_loop(step, inputs: torch.Tensor, states, mask, go_backwards: bool,
              return_sequences: bool, zero_output_for_mask: bool):
    """Run ``step(x_t, states) -> (output, new_states)`` over axis 1 of ``inputs``.

    Returns ``(last_output, outputs_or_None, final_states)``; outputs come in processing
    order (reversed when ``go_backwards``), as Keras returns them.
    """
    steps = list(inputs.unbind(1))
    masks = list(mask.unbind(1)) if mask is not None else None
    if go_backwards:
        steps.reverse()
        if masks is not None:
            masks.reverse()
    outputs = []
    output = None
    if masks is None:
        for x_t in steps:
            output, states = step(x_t, states)
            if return_sequences:
                outputs.append(output)
    else:
        prev = None
        for x_t, m_t in zip(steps, masks):
            output, new_states = step(x_t, states)
            keep = m_t.view(-1, *([1] * (output.dim() - 1)))
            flat_new, flat_old = flatten(new_states), flatten(states)
            states = pack_like(new_states, [
                torch.where(_expand(m_t, n), n, o) for n, o in zip(flat_new, flat_old)])
            if zero_output_for_mask:
                output = torch.where(keep, output, torch.zeros((), dtype=output.dtype,
                                                               device=output.device))
            else:
                if prev is None:
                    prev = torch.zeros_like(output)
                output = torch.where(keep, output, prev)
                prev = output
            if return_sequences:
                outputs.append(output)
    seq = torch.stack(outputs, 1) if return_sequences else None
    return output, seq, states


def _expand(m_t: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
    return m_t.view(-1, *([1] * (like.dim() - 1)))
