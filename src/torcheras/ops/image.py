"""``keras.ops.image``: color conversions, resampling, padding/cropping, patches, blur,
edges and SSIM."""

from torcheras.ops._image_color import (
    gaussian_blur,
    hsv_to_rgb,
    rgb_to_grayscale,
    rgb_to_hsv,
    sobel_edges,
    ssim,
)
from torcheras.ops._image_geometry import (
    affine_transform,
    elastic_transform,
    map_coordinates,
    perspective_transform,
    resize,
    scale_and_translate,
)
from torcheras.ops._image_patches import (
    crop_images,
    extract_patches,
    extract_patches_3d,
    pad_images,
)

__all__ = [
    "affine_transform",
    "crop_images",
    "elastic_transform",
    "extract_patches",
    "extract_patches_3d",
    "gaussian_blur",
    "hsv_to_rgb",
    "map_coordinates",
    "pad_images",
    "perspective_transform",
    "resize",
    "rgb_to_grayscale",
    "rgb_to_hsv",
    "scale_and_translate",
    "sobel_edges",
    "ssim",
]
