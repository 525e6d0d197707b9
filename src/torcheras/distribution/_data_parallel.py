"""The collectives of data-parallel training: one process per device, ``torch.distributed``.

What DDP does for a ``torch.nn.Module``, done for a Keras model's step:

- the weights and optimizer state start equal on every process (broadcast from rank 0);
- after each backward, the gradients are averaged over the processes, weighted by each
  process's share of the global batch, so the update equals the one-process update on the
  whole global batch. Gradients are flattened into buckets of ``BUCKET_BYTES`` and all the
  buckets' all-reduces are in flight at once (one wait per step). They start after the
  backward pass has finished: unlike DDP's hooks they do not overlap with it (on CPU/gloo
  the difference is small; the bucket layout keeps the number of collectives per step
  constant);
- metric states are summed over the processes when logs are read at an epoch's end, so the
  logs describe the whole global data.

Every collective is wrapped so that a dead or stuck peer raises ``PeerFailure`` (within the
process group's timeout) rather than hanging or failing with a bare backend message.
"""

from __future__ import annotations

import torch
import torch.distributed as dist

from torcheras.distribution._torchrun import peer_failure

BUCKET_BYTES = 25 * 1024 * 1024


class DataParallelRuntime:
    """This process's place in the job and the collectives the training loop needs.

    Args:
        rank: This process's rank.
        world_size: The number of processes.
        device: The device this process computes on (collective buffers live there).
    """

    def __init__(self, rank: int, world_size: int, device: torch.device):
        self.rank = rank
        self.world_size = world_size
        self.device = device

    @property
    def is_chief(self) -> bool:
        """Whether this process is rank 0 (the one that prints and writes files)."""
        return self.rank == 0

    def _run(self, what: str, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (RuntimeError, ConnectionError) as error:
            raise peer_failure(error, what) from error

    # -------------------------------------------------------------- state
    def broadcast_tensors(self, tensors: list[torch.Tensor], what: str) -> None:
        """Overwrite ``tensors`` (in place) with rank 0's values, one collective per dtype."""
        by_dtype: dict = {}
        for t in tensors:
            by_dtype.setdefault(t.dtype, []).append(t)
        for group in by_dtype.values():
            flat = torch.cat([t.detach().reshape(-1) for t in group]).to(self.device)
            self._run(what, dist.broadcast, flat, src=0)
            offset = 0
            with torch.no_grad():
                for t in group:
                    n = t.numel()
                    t.copy_(flat[offset:offset + n].view_as(t))
                    offset += n

    def broadcast_object(self, obj, what: str):
        """Rank 0's ``obj`` on every process."""
        box = [obj]
        self._run(what, dist.broadcast_object_list, box, src=0)
        return box[0]

    def all_gather_object(self, obj, what: str) -> list:
        """Every process's ``obj``, in rank order."""
        out = [None] * self.world_size
        self._run(what, dist.all_gather_object, out, obj)
        return out

    def sum_tensors(self, tensors: list[torch.Tensor], what: str) -> list[torch.Tensor]:
        """The element-wise sums of ``tensors`` over the processes (new tensors, in
        float64 so that integer counts stay exact)."""
        if not tensors:
            return []
        flat = torch.cat([t.detach().reshape(-1).to(torch.float64) for t in tensors])
        flat = flat.to(self.device)
        self._run(what, dist.all_reduce, flat, op=dist.ReduceOp.SUM)
        out, offset = [], 0
        for t in tensors:
            n = t.numel()
            out.append(flat[offset:offset + n].view(t.shape).to(t.dtype).to(t.device))
            offset += n
        return out

    def any(self, flag: bool, what: str) -> bool:
        """Whether ``flag`` is true on any process."""
        t = torch.tensor([1.0 if flag else 0.0], device=self.device)
        self._run(what, dist.all_reduce, t, op=dist.ReduceOp.MAX)
        return bool(t.item() > 0)

    def all(self, flag: bool, what: str) -> bool:
        """Whether ``flag`` is true on every process."""
        t = torch.tensor([1.0 if flag else 0.0], device=self.device)
        self._run(what, dist.all_reduce, t, op=dist.ReduceOp.MIN)
        return bool(t.item() > 0)

    # -------------------------------------------------------------- gradients
    def reduce_gradients(self, grads: list, local_samples: int) -> list:
        """Average ``grads`` over the processes, weighted by their samples in this step.

        Each process's gradient is of its mean loss over ``local_samples`` samples; the
        sum of ``grad * local_samples`` over processes divided by the global sample count
        is the gradient of the mean loss over the global batch. The global count travels
        in the first bucket, so a step costs one all-reduce per bucket and no more.
        """
        present = [g for g in grads if g is not None]
        if not present:
            return grads
        scale = float(local_samples)
        buckets, current, size = [], [], 0
        for g in present:
            current.append(g)
            size += g.numel() * g.element_size()
            if size >= BUCKET_BYTES:
                buckets.append(current)
                current, size = [], 0
        if current:
            buckets.append(current)
        flats, works = [], []
        for i, bucket in enumerate(buckets):
            parts = [g.reshape(-1) for g in bucket]
            if i == 0:
                parts.append(torch.ones(1, dtype=bucket[0].dtype, device=bucket[0].device))
            flat = torch.cat(parts).mul_(scale)
            flats.append(flat)
            works.append(self._run("averaging gradients", dist.all_reduce, flat,
                                   op=dist.ReduceOp.SUM, async_op=True))
        for work in works:
            self._run("averaging gradients", work.wait)
        total = flats[0][-1].clone()
        reduced, offsets = [], {}
        for flat, bucket in zip(flats, buckets):
            flat.div_(total)
            offset = 0
            for g in bucket:
                n = g.numel()
                offsets[id(g)] = flat[offset:offset + n].view_as(g)
                offset += n
        for g in grads:
            reduced.append(None if g is None else offsets[id(g)])
        return reduced
