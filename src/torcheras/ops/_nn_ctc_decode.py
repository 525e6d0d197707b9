"""``keras.ops.nn.ctc_decode``: greedy and prefix beam-search decoding of CTC logits."""

from __future__ import annotations

import math
from typing import Any

import torch

from torcheras.ops._op import convert, op, result_type, to_torch_dtype

_NEG_INF = -math.inf


def _greedy(inputs: torch.Tensor, lengths: torch.Tensor, merge_repeated: bool,
            mask_index: int) -> tuple:
    batch, max_len, _ = inputs.shape
    scores, indices = inputs.max(dim=-1)
    indices = indices.to(torch.int32)
    steps = torch.arange(max_len, device=inputs.device)
    past_end = steps[None, :] >= lengths[:, None]
    indices = torch.where(past_end, mask_index, indices)
    scores = torch.where(past_end, torch.zeros((), dtype=scores.dtype), scores)
    if merge_repeated:
        repeat = torch.zeros_like(past_end)
        repeat[:, 1:] = indices[:, 1:] == indices[:, :-1]
        indices = torch.where(repeat, mask_index, indices)
    blank = indices == mask_index
    # Kept labels move to the front, in time order; blanks become -1 padding at the end.
    order = torch.where(blank, max_len, steps[None, :].expand(batch, -1)).argsort(dim=-1,
                                                                                stable=True)
    decoded = torch.where(blank, -1, indices).gather(1, order)
    return decoded.unsqueeze(0), -scores.sum(dim=1, keepdim=True)


def _logaddexp(a: float, b: float) -> float:
    if a == _NEG_INF:
        return b
    if b == _NEG_INF:
        return a
    hi, lo = (a, b) if a > b else (b, a)
    return hi + math.log1p(math.exp(lo - hi))


def _add(beams: dict, prefix: tuple, lp_blank: float = _NEG_INF,
         lp_label: float = _NEG_INF) -> None:
    b, nb = beams.get(prefix, (_NEG_INF, _NEG_INF))
    beams[prefix] = (_logaddexp(b, lp_blank), _logaddexp(nb, lp_label))


def _beam_one(log_probs: list, length: int, beam_width: int, top_paths: int,
              blank: int) -> list:
    """Prefix beam search on one sequence: [(prefix, log-probability)], best first."""
    beams: dict = {(): (0.0, _NEG_INF)}  # prefix -> (ends in blank, ends in a label)
    for t in range(length):
        row = log_probs[t]
        new: dict = {}
        for prefix, (p_b, p_nb) in beams.items():
            total = _logaddexp(p_b, p_nb)
            _add(new, prefix, lp_blank=total + row[blank])
            last = prefix[-1] if prefix else None
            for c, lp in enumerate(row):
                if c == blank:
                    continue
                if c == last:
                    # A repeat only makes a new label after a blank.
                    _add(new, prefix + (c,), lp_label=p_b + lp)
                    _add(new, prefix, lp_label=p_nb + lp)
                else:
                    _add(new, prefix + (c,), lp_label=total + lp)
        ranked = sorted(new.items(), key=lambda kv: _logaddexp(*kv[1]), reverse=True)
        beams = dict(ranked[:beam_width])
    ranked = sorted(((p, _logaddexp(*s)) for p, s in beams.items()), key=lambda kv: kv[1],
                    reverse=True)
    return ranked[:top_paths]


def _beam_search(inputs: torch.Tensor, lengths: torch.Tensor, beam_width: int,
                 top_paths: int, mask_index: int) -> tuple:
    batch, max_len, _ = inputs.shape
    log_probs = torch.log_softmax(inputs, dim=-1).detach().cpu().double().tolist()
    paths = torch.full((top_paths, batch, max_len), -1, dtype=torch.int32)
    scores = torch.full((batch, top_paths), _NEG_INF, dtype=inputs.dtype)
    for b in range(batch):
        found = _beam_one(log_probs[b], int(lengths[b]), beam_width, top_paths, mask_index)
        for i, (prefix, score) in enumerate(found):
            if prefix:
                paths[i, b, :len(prefix)] = torch.tensor(prefix, dtype=torch.int32)
            scores[b, i] = score
    return paths.to(inputs.device), scores.to(inputs.device)


@op("CTCDecode")
def ctc_decode(inputs: Any, sequence_lengths: Any, strategy: str = "greedy",
               beam_width: int = 100, top_paths: int = 1, merge_repeated: bool = True,
               mask_index: int = 0) -> tuple:
    """Decode CTC output logits into label sequences.

    Args:
        inputs: Logits ``(batch_size, max_length, num_classes)`` (not softmaxed).
        sequence_lengths: ``(batch_size,)`` valid lengths.
        strategy: ``"greedy"`` (best class per step) or ``"beam_search"`` (prefix beam
            search over label sequences).
        beam_width: Beam size of ``"beam_search"``.
        top_paths: How many best paths ``"beam_search"`` returns.
        merge_repeated: Greedy only: merge repeated labels not separated by a blank.
        mask_index: The blank class index.

    Returns:
        A tuple ``(decoded, scores)``: ``decoded`` int32 ``(top_paths, batch, max_length)``
        padded with -1 (``top_paths`` is 1 for greedy); ``scores`` ``(batch, 1)`` holding
        minus the summed best logits (greedy) or ``(batch, top_paths)`` log-probabilities
        (beam search).

    Example:

    >>> logits = torch.tensor([[[0.0, 5.0], [0.0, 5.0], [5.0, 0.0], [0.0, 5.0]]])
    >>> ctc_decode(logits, [4])[0].tolist()
    [[[1, 1, -1, -1]]]
    """
    x = convert(inputs)
    x = x.to(to_torch_dtype(result_type(x.dtype, "float32")))
    if x.dim() != 3:
        raise ValueError(
            "Argument `inputs` must be a 3D tensor (batch_size, max_length, num_classes). "
            f"Received: inputs.shape={tuple(x.shape)}"
        )
    lengths = convert(sequence_lengths).to(device=x.device, dtype=torch.int64)
    num_classes = x.shape[-1]
    mask_index = num_classes - 1 if mask_index is None else int(mask_index)
    if strategy == "greedy":
        return _greedy(x, lengths, merge_repeated, mask_index)
    if strategy == "beam_search":
        return _beam_search(x, lengths, int(beam_width), int(top_paths), mask_index)
    raise ValueError(
        f"Invalid strategy {strategy}. Supported values are 'greedy' and 'beam_search'."
    )
