"""PyTorch's fused recurrent kernels (``torch._VF.lstm/gru/rnn_tanh/rnn_relu``) run with
Keras's weights and Keras's masking rules.

Keras skips a masked step: the states stay, the output repeats. So a layer's states after a
sequence are those of running the kernel on the unmasked steps alone, in order. Any mask is
therefore handled by moving each sequence's unmasked steps to the front (a stable sort),
running the kernel on a packed batch with those lengths, and gathering the outputs back to
the original time positions. Sequences with no unmasked step keep their initial states.
"""

from __future__ import annotations

import torch
from torch.nn.utils.rnn import PackedSequence, pack_padded_sequence, pad_packed_sequence

_KERNELS = {"lstm": torch._VF.lstm, "gru": torch._VF.gru, "rnn_tanh": torch._VF.rnn_tanh,
            "rnn_relu": torch._VF.rnn_relu}


def fused_sequence(kind: str, x: torch.Tensor, states: list, params: list, has_bias: bool,
                   mask, go_backwards: bool, return_sequences: bool,
                   zero_output_for_mask: bool):
    """``(last_output, outputs_or_None, final_states)`` as Keras's step loop gives them.

    ``states`` are ``[h]`` or ``[h, c]`` of shape ``(batch, units)``; ``params`` are torch's
    ``[w_ih, w_hh(, b_ih, b_hh)]``.
    """
    kernel = _KERNELS[kind]
    train = torch.is_grad_enabled()
    if go_backwards:
        x = x.flip(1)
        if mask is not None:
            mask = mask.flip(1)
    hx = [s.unsqueeze(0) for s in states]
    hx_arg = tuple(hx) if kind == "lstm" else hx[0]
    if mask is not None:
        # One host read of the lengths: packing needs them on the CPU anyway.
        lengths = mask.sum(1)
        lengths_cpu = lengths.cpu()
        if bool((lengths_cpu == x.shape[1]).all()):
            mask = None
    if mask is None:
        res = kernel(x, hx_arg, params, has_bias, 1, 0.0, train, False, True)
        out = res[0]
        new_states = [s.squeeze(0) for s in res[1:]]
        return out[:, -1], (out if return_sequences else None), new_states
    return _masked(kernel, kind, x, states, hx, params, has_bias, mask, lengths,
                   lengths_cpu, train, return_sequences, zero_output_for_mask)


def _masked(kernel, kind, x, states, hx, params, has_bias, mask, lengths, lengths_cpu,
            train, return_sequences, zero_output_for_mask):
    steps = x.shape[1]
    order = torch.sort((~mask).to(torch.uint8), dim=1, stable=True).indices
    compact = x.gather(1, order.unsqueeze(-1).expand(-1, -1, x.shape[-1]))
    packed = pack_padded_sequence(compact, lengths_cpu.clamp(min=1), batch_first=True,
                                  enforce_sorted=False)
    hx = [h.index_select(1, packed.sorted_indices) for h in hx]
    hx_arg = tuple(hx) if kind == "lstm" else hx[0]
    res = kernel(packed.data, packed.batch_sizes, hx_arg, params, has_bias, 1, 0.0, train,
                 False)
    empty = (lengths == 0).unsqueeze(-1)
    final = [torch.where(empty, s0, s.squeeze(0).index_select(0, packed.unsorted_indices))
             for s0, s in zip(states, res[1:])]
    h_last = final[0]
    zero = torch.zeros((), dtype=h_last.dtype, device=h_last.device)
    if zero_output_for_mask:
        last = torch.where(mask[:, -1:], h_last, zero)
    else:
        last = torch.where(empty, zero, h_last)
    if not return_sequences:
        return last, None, final
    out_packed = PackedSequence(res[0], packed.batch_sizes, packed.sorted_indices,
                                packed.unsorted_indices)
    padded, _ = pad_packed_sequence(out_packed, batch_first=True, total_length=steps)
    count = mask.cumsum(1)
    index = (count - 1).clamp(min=0).unsqueeze(-1).expand(-1, -1, padded.shape[-1])
    seq = padded.gather(1, index)
    valid = mask if zero_output_for_mask else count > 0
    seq = torch.where(valid.unsqueeze(-1), seq, zero)
    return last, seq, final
