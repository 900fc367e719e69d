"""The model's input contract, the Python side. Mirrors lib/ml/frame-model/input.ts exactly
(tests/parity checks both against one image): change both or neither.

- Face box: min/max of the 478 FaceLandmarker points, in pixels of the RGBA image they were
  found in (the analyser's `box`).
- Region: a square of side MARGIN * max(box width, box height), centred on the box centre
  (it may reach past the image; samples there are clamped to the edge pixels).
- Sampling: bilinear at pixel centres, SIZE x SIZE: source x = region.x + (i + 0.5) * scale - 0.5,
  clamped to [0, width - 1] (bilinearAt in lib/tracks/measure.ts).
- Values: RGB / 255 in [0, 1], float32, layout NCHW [1, 3, SIZE, SIZE]. The ImageNet mean/std
  normalisation is inside the ONNX model.
"""
import numpy as np

SIZE = 128
MARGIN = 1.25


def face_box(points):
    """(x, y, w, h) of (N, 2) landmark points in pixels."""
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    x0, y0 = pts.min(0)
    x1, y1 = pts.max(0)
    return float(x0), float(y0), max(1.0, float(x1 - x0)), max(1.0, float(y1 - y0))


def blend_region(box, margin=MARGIN):
    x, y, w, h = box
    side = margin * max(w, h)
    cx, cy = x + w / 2, y + h / 2
    return cx - side / 2, cy - side / 2, side


def sample_square(rgb, rx, ry, side, size):
    """Bilinear resample of the square (rx, ry, side) of an HxWx3 uint8/float image into
    size x size x 3 float64 (0..255), exactly as bilinearAt does (edge clamped)."""
    h, w = rgb.shape[:2]
    scale = side / size
    idx = np.arange(size, dtype=np.float64)
    fx = np.clip(rx + (idx + 0.5) * scale - 0.5, 0, w - 1)
    fy = np.clip(ry + (idx + 0.5) * scale - 0.5, 0, h - 1)
    x0 = np.floor(fx).astype(np.int64)
    y0 = np.floor(fy).astype(np.int64)
    x1 = np.minimum(w - 1, x0 + 1)
    y1 = np.minimum(h - 1, y0 + 1)
    wx = (fx - x0)[None, :, None]
    wy = (fy - y0)[:, None, None]
    img = rgb.astype(np.float64)
    top = img[y0][:, x0] * (1 - wx) + img[y0][:, x1] * wx
    bottom = img[y1][:, x0] * (1 - wx) + img[y1][:, x1] * wx
    return top * (1 - wy) + bottom * wy


def blend_input(rgb, box, size=SIZE, margin=MARGIN):
    """The model input (1, 3, size, size) float32 for an HxWx3 RGB uint8 image and a face box."""
    rx, ry, side = blend_region(box, margin)
    crop = sample_square(rgb, rx, ry, side, size)
    return (crop / 255.0).astype(np.float32).transpose(2, 0, 1)[None]
