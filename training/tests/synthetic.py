"""Synthetic faces for the smoke test: a shaded ellipse with eyes and a mouth drawn where the
mean landmark shape puts them, and those 478 points in the landmark-cache format. No media."""
import json
import os

import cv2
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def mean_shape():
    with open(os.path.join(HERE, "mean_face.json")) as f:
        return np.asarray(json.load(f)["points"], np.float64).reshape(-1, 2)


def synthetic_face(rng, size=256):
    shape = mean_shape()
    side = rng.uniform(0.6, 0.75) * size
    x0, y0 = (size - side) / 2 + rng.uniform(-8, 8, size=2)
    pts = shape * side + [x0, y0]
    img = np.full((size, size, 3), rng.integers(40, 200, size=3), np.uint8)
    img = (img + rng.normal(0, 6, img.shape)).clip(0, 255).astype(np.uint8)
    skin = tuple(int(v) for v in rng.integers(120, 230, size=3))
    hull = cv2.convexHull(np.round(pts[:468]).astype(np.int32))
    cv2.fillConvexPoly(img, hull, skin)
    for idx in ([33, 133], [263, 362]):
        c = pts[idx].mean(0)
        cv2.circle(img, tuple(int(v) for v in c), int(side * 0.04), (40, 30, 30), -1)
    cv2.line(img, tuple(int(v) for v in pts[61]), tuple(int(v) for v in pts[291]), (120, 40, 50), 3)
    img = cv2.GaussianBlur(img, (3, 3), 0)
    return img, pts


def write_faces(folder, n, seed=0):
    """Writes n JPEG faces and their landmark cache; returns (faces dir, cache path)."""
    rng = np.random.default_rng(seed)
    faces = os.path.join(folder, "faces")
    os.makedirs(faces, exist_ok=True)
    cache = {}
    for i in range(n):
        img, pts = synthetic_face(rng)
        name = f"synthetic_{i:03d}.jpg"
        cv2.imwrite(os.path.join(faces, name), img[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, 92])
        cache[name] = {"width": 256, "height": 256, "faces": [[round(float(v), 2) for v in pts.reshape(-1)]]}
    path = os.path.join(folder, "landmarks.json")
    with open(path, "w") as f:
        json.dump(cache, f)
    return faces, path
