"""Bounding boxes for the image layers: Keras's formats, conversion through ``xyxy``,
densifying ragged inputs and clipping to the image.

A bounding-boxes value is a dict ``{"boxes": (batch, n, 4), "labels": (batch, n)}`` (one
image: ``(n, 4)`` and ``(n,)``); padding rows carry the label ``-1``. Formats, as in
Keras 3: ``xyxy``, ``yxyx``, ``xywh``, ``center_xywh``, ``center_yxhw`` (pixels) and
``rel_xyxy``, ``rel_yxyx``, ``rel_xywh``, ``rel_center_xywh`` (fractions of the image).
"""

from __future__ import annotations

import numpy as np
import torch

from torcheras.backend import _device

FORMATS = ("xyxy", "yxyx", "xywh", "center_xywh", "center_yxhw", "rel_xyxy", "rel_yxyx",
           "rel_xywh", "rel_center_xywh")


def check_format(bounding_box_format) -> str:
    if not isinstance(bounding_box_format, str) or bounding_box_format.lower() not in FORMATS:
        raise ValueError(
            f"Invalid source or target format. Supported formats: {FORMATS}. "
            f"Received: bounding_box_format={bounding_box_format!r}"
        )
    return bounding_box_format.lower()


def _split(boxes: torch.Tensor):
    return boxes.unbind(dim=-1)


def _to_xyxy(boxes: torch.Tensor, fmt: str, height, width) -> torch.Tensor:
    if fmt.startswith("rel_"):
        boxes = boxes * boxes.new_tensor([width, height, width, height]
                                         if fmt != "rel_yxyx" else [height, width, height, width])
        fmt = fmt[4:]
    a, b, c, d = _split(boxes)
    if fmt == "xyxy":
        return boxes
    if fmt == "yxyx":
        return torch.stack([b, a, d, c], -1)
    if fmt == "xywh":
        return torch.stack([a, b, a + c, b + d], -1)
    if fmt == "center_xywh":
        return torch.stack([a - c / 2.0, b - d / 2.0, a + c / 2.0, b + d / 2.0], -1)
    # center_yxhw
    return torch.stack([b - d / 2.0, a - c / 2.0, b + d / 2.0, a + c / 2.0], -1)


def _from_xyxy(boxes: torch.Tensor, fmt: str, height, width) -> torch.Tensor:
    relative = fmt.startswith("rel_")
    base = fmt[4:] if relative else fmt
    x1, y1, x2, y2 = _split(boxes)
    if base == "xyxy":
        out = boxes
    elif base == "yxyx":
        out = torch.stack([y1, x1, y2, x2], -1)
    elif base == "xywh":
        out = torch.stack([x1, y1, x2 - x1, y2 - y1], -1)
    elif base == "center_xywh":
        out = torch.stack([x1 + (x2 - x1) / 2.0, y1 + (y2 - y1) / 2.0, x2 - x1, y2 - y1], -1)
    else:  # center_yxhw
        out = torch.stack([y1 + (y2 - y1) / 2.0, x1 + (x2 - x1) / 2.0, y2 - y1, x2 - x1], -1)
    if relative:
        scale = [height, width, height, width] if base == "yxyx" else [width, height,
                                                                        width, height]
        out = out / out.new_tensor(scale)
    return out


def convert_format(boxes: torch.Tensor, source: str, target: str, height=None,
                   width=None) -> torch.Tensor:
    """Boxes (last axis 4) converted from ``source`` to ``target`` format (float)."""
    source, target = check_format(source), check_format(target)
    if boxes.shape[-1] != 4:
        raise ValueError(
            "`boxes` must be a tensor with the last dimension of 4. "
            f"Received: boxes.shape={tuple(boxes.shape)}"
        )
    if (source.startswith("rel_") or target.startswith("rel_")) and (
            height is None or width is None):
        raise ValueError(
            "convert_format() must receive `height` and `width` transforming between "
            f"relative and absolute formats. convert_format() received source=`{source}`, "
            f"target=`{target}, but height={height} and width={width}."
        )
    boxes = boxes if boxes.is_floating_point() else boxes.float()
    if source == target:
        return boxes
    return _from_xyxy(_to_xyxy(boxes, source, height, width), target, height, width)


def clip_to_image(bounding_boxes: dict, height, width) -> dict:
    """``xyxy`` boxes clipped to ``[0, width] x [0, height]``; boxes left without area get
    the label ``-1``, as Keras's ``clip_to_image_size``."""
    x1, y1, x2, y2 = _split(bounding_boxes["boxes"])
    boxes = torch.stack([x1.clamp(0, width), y1.clamp(0, height), x2.clamp(0, width),
                         y2.clamp(0, height)], -1)
    out = dict(bounding_boxes)
    out["boxes"] = boxes
    if "labels" in bounding_boxes:
        area = (boxes[..., 2] - boxes[..., 0]) * (boxes[..., 3] - boxes[..., 1])
        labels = torch.as_tensor(bounding_boxes["labels"], device=boxes.device)
        out["labels"] = torch.where(area > 0, labels, torch.full_like(labels, -1))
    return out


def _pad_ragged(rows, width: int | None, fill):
    longest = max((len(r) for r in rows), default=0)
    out = []
    for r in rows:
        r = list(r)
        pad = [[fill] * width if width else fill] * (longest - len(r))
        out.append(r + pad)
    return out


def _as_tensor(value, device) -> torch.Tensor:
    if isinstance(value, torch.Tensor):
        return value.to(device)
    return _device.convert_to_tensor(np.asarray(value)).to(device)


def densify(bounding_boxes, batched: bool, device) -> dict:
    """Validate a bounding-boxes dict and make ``boxes``/``labels`` dense tensors (ragged
    Python lists of a batch are padded with boxes of 0 and labels of -1)."""
    if (not isinstance(bounding_boxes, dict) or "labels" not in bounding_boxes
            or "boxes" not in bounding_boxes):
        raise ValueError(
            "Expected `bounding_boxes` agurment to be a dict with keys 'boxes' and "
            f"'labels'. Received: bounding_boxes={bounding_boxes}"
        )
    boxes, labels = bounding_boxes["boxes"], bounding_boxes["labels"]
    if isinstance(boxes, list):
        if not isinstance(labels, list):
            raise ValueError(
                "If `bounding_boxes['boxes']` is a list, then `bounding_boxes['labels']` "
                f"must also be a list.Received: bounding_boxes['labels']={labels}"
            )
        if batched and boxes and isinstance(boxes[0], (list, tuple, np.ndarray)) and (
                len(boxes[0]) == 0 or isinstance(boxes[0][0], (list, tuple, np.ndarray))):
            boxes, labels = _pad_ragged(boxes, 4, 0), _pad_ragged(labels, None, -1)
    out = dict(bounding_boxes)
    out["boxes"] = _as_tensor(boxes, device)
    out["labels"] = _as_tensor(labels, device)
    rank = out["boxes"].dim()
    if rank not in (2, 3):
        raise ValueError(
            "Expected `bounding_boxes['boxes']` to have rank 2 or 3, with shape "
            "(num_boxes, 4) or (batch_size, num_boxes, 4). Received: "
            f"bounding_boxes['boxes'].shape={tuple(out['boxes'].shape)}"
        )
    if out["labels"].dim() not in (rank - 1, rank):
        raise ValueError(
            f"Found bounding_boxes['boxes'].shape={tuple(out['boxes'].shape)} and expected "
            f"bounding_boxes['labels'] to have rank {rank - 1} or {rank}, but received: "
            f"bounding_boxes['labels'].shape={tuple(out['labels'].shape)} "
        )
    return out


def warp(bounding_boxes: dict, fmt: str, height: int, width: int, matrix,
         apply=None) -> dict:
    """Boxes moved by the warp whose output-to-input transform rows (Keras's 8 numbers)
    are ``matrix`` ``(batch, 8)``: each box becomes the bounding box of its four moved
    corners, clipped to the image (boxes left without area get the label -1). ``apply``
    (one bool per image) keeps the boxes of the images left alone."""
    boxes = convert_format(bounding_boxes["boxes"], fmt, "xyxy", height, width)
    matrix = torch.as_tensor(matrix, device=boxes.device).to(torch.float32)
    full = torch.cat([matrix, torch.ones_like(matrix[:, :1])], 1).reshape(-1, 3, 3)
    forward = torch.linalg.inv(full).unsqueeze(1).to(boxes.dtype)  # input -> output
    x0, y0, x1, y1 = _split(boxes)
    corners = torch.stack([torch.stack([x, y, torch.ones_like(x)], -1)
                           for x, y in ((x0, y0), (x1, y1), (x0, y1), (x1, y0))], -2)
    moved = corners @ forward.transpose(-1, -2)
    xs, ys = moved[..., 0] / moved[..., 2], moved[..., 1] / moved[..., 2]
    warped = torch.stack([xs.amin(-1), ys.amin(-1), xs.amax(-1), ys.amax(-1)], -1)
    if apply is not None:
        apply = torch.as_tensor(apply, device=boxes.device)
        warped = torch.where(apply.reshape(-1, 1, 1), warped, boxes)
    out = clip_to_image({**bounding_boxes, "boxes": warped}, height, width)
    out["boxes"] = convert_format(out["boxes"], "xyxy", fmt, height, width)
    return out
