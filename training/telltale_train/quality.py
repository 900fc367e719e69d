"""Image-quality measures of the face crops per video, and how well each alone separates real
from fake in the corpus and in the fixtures (a confound check: if sharpness or source resolution
predicts the label in the corpus, a model can learn it instead of the manipulation).

  /usr/bin/python3 -m telltale_train.quality [--json OUT]
"""
import argparse
import json

import numpy as np
from sklearn.metrics import roc_auc_score

from . import data
from .features import laplacian_variance, region_box, video_rows
from .preprocess import blend_input, face_box


def crop_measures(rgb, pts):
    """Measures of one frame's face: its box's longer side in source pixels, and of the model's
    128 px crop the Laplacian variance, the share of spectral energy above half Nyquist and the
    mean 8x8 block-edge step (JPEG/H.264 blockiness) relative to the mean step inside blocks."""
    x0, y0, w, h = face_box(pts)
    x1, y1 = x0 + w, y0 + h
    side = max(w, h)
    x = blend_input(rgb, region_box(pts))[0]
    lap = laplacian_variance(x)
    g = (0.299 * x[0] + 0.587 * x[1] + 0.114 * x[2]) * 255
    f = np.abs(np.fft.fftshift(np.fft.fft2(g - g.mean()))) ** 2
    n = g.shape[0]
    yy, xx = np.mgrid[-n // 2:n // 2, -n // 2:n // 2]
    r = np.hypot(yy, xx) / (n / 2)
    hf = float(f[r > 0.5].sum() / max(f.sum(), 1e-9))
    # blockiness of the source around the face (native pixels, not the resampled crop)
    gy = rgb[..., 1].astype(np.float32)
    ya, yb = int(max(0, y0)), int(min(gy.shape[0], y1))
    xa, xb = int(max(0, x0)), int(min(gy.shape[1], x1))
    region = gy[ya:yb, xa:xb]
    if region.shape[1] > 16:
        d = np.abs(np.diff(region, axis=1))
        cols = np.arange(d.shape[1]) + xa
        edge = d[:, (cols % 8) == 7].mean()
        inner = d[:, (cols % 8) != 7].mean()
        block = float(edge / max(inner, 1e-6))
    else:
        block = float("nan")
    return {"side": float(side), "lap": lap, "hf": hf, "block": block}


def video_quality(source):
    out = []
    for r, frames in video_rows(source):
        ms = [crop_measures(data.read_rgb(p), pts) for p, pts in frames]
        if not ms:
            continue
        row = {k: float(np.nanmedian([m[k] for m in ms])) for k in ms[0]}
        row.update(file=r["file"], label=r["label"], method=r["method"], source=source)
        out.append(row)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--json")
    a = ap.parse_args()
    rows = video_quality("corpus") + video_quality("fixtures")
    for source in ("corpus", "fixtures"):
        rs = [r for r in rows if r["source"] == source]
        y = np.array([r["label"] == "fake" for r in rs])
        print(f"{source}: {int((~y).sum())} real, {int(y.sum())} fake")
        for k in ("side", "lap", "hf", "block"):
            v = np.array([r[k] for r in rs])
            ok = ~np.isnan(v)
            auc = roc_auc_score(y[ok], v[ok]) if len(set(y[ok])) == 2 else float("nan")
            print(f"  {k:6s} AUC(higher = fake) {auc:.2f}   real median {np.median(v[ok & ~y]):.3g}"
                  f"   fake median {np.median(v[ok & y]):.3g}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
