"""Per-video evaluation of an exported blend model on never-seen generators: the labelled
corpus videos (/work/shared/corpus/MANIFEST.tsv) and the fixtures (/work/shared/fixtures/media),
each frame cropped from its own landmarks exactly as at run time (preprocess.py), frames
aggregated per video. Needs the frame and landmark caches:

  bash training/extract-frames.sh && npx wxt build && node scripts/dump-landmarks.mjs --frames bench/out/frames
  /usr/bin/python3 -m telltale_train.evaluate training/out/run1/blend.onnx [--json bench/out/blend-eval.json]

For a BlendNet (train.py; `BLEND=1 sh training/run.sh`). The shipped frame model
(models/telltale-blend.onnx, a FrameNet) is evaluated by telltale_train.head, which fitted it.
"""
import argparse
import json
from collections import defaultdict

import cv2
import numpy as np
import torch
from sklearn.metrics import roc_auc_score

from . import data
from .export import load_onnx_weights
from .model import BlendNet
from .preprocess import blend_input, face_box

AGGREGATES = {
    "mean": np.mean,
    "median": np.median,
    "trimmed": lambda v: float(np.mean(np.sort(v)[int(len(v) * 0.1): len(v) - int(len(v) * 0.1)] if len(v) >= 3 else v)),
    "q90": lambda v: float(np.quantile(v, 0.9)),
}


MAX_SIDE = 0  # > 0: frames downscaled to this longest side first (the analyser's sampled frames)


def load_frame(path, pts):
    """A frame and its landmarks, downscaled (area) to MAX_SIDE when set."""
    rgb = data.read_rgb(path)
    h, w = rgb.shape[:2]
    if MAX_SIDE and max(h, w) > MAX_SIDE:
        s = MAX_SIDE / max(h, w)
        rgb = cv2.resize(rgb, (round(w * s), round(h * s)), interpolation=cv2.INTER_AREA)
        pts = pts * s
    return rgb, pts


def score_frames(net, frames, batch=16):
    """(P(fake) per frame, pooled 1280-d backbone features per frame)."""
    out, feats = [], []
    for i in range(0, len(frames), batch):
        xs = []
        for path, pts in frames[i:i + batch]:
            rgb, points = load_frame(path, pts)
            xs.append(blend_input(rgb, face_box(points)))
        x = torch.from_numpy(np.concatenate(xs))
        with torch.no_grad():
            f = net.features((x - net.mean) / net.std)
            cam = net.head(f)
            logit = cam.mean(dim=(2, 3))
        out.extend(torch.sigmoid(logit).squeeze(1).tolist())
        feats.append(f.mean(dim=(2, 3)).numpy())
    return out, np.concatenate(feats) if feats else np.zeros((0, 1280), np.float32)


def auc(labels, scores):
    labels = np.asarray(labels)
    if labels.min() == labels.max():
        return None
    return float(roc_auc_score(labels, scores))


def per_video(net, rows, source):
    videos = []
    for r in rows:
        frames = data.video_frames(source, r["file"])
        if not frames:
            videos.append({**r, "frames": 0, "scores": []})
            continue
        scores, feats = score_frames(net, frames)
        videos.append({**r, "frames": len(frames), "scores": scores, "features": feats.mean(0)})
    return videos


def summarise(videos, agg="trimmed"):
    scored = [v for v in videos if v["frames"] > 0]
    reals = [v for v in scored if v["label"] == "real"]
    fakes = [v for v in scored if v["label"] == "fake"]
    f = AGGREGATES[agg]
    vs = lambda v: float(f(np.asarray(v["scores"])))
    res = {"aggregate": agg, "videos": len(scored), "no_face": [v["file"] for v in videos if v["frames"] == 0],
           "auc_all": auc([0] * len(reals) + [1] * len(fakes), [vs(v) for v in reals + fakes])}
    methods = defaultdict(list)
    for v in fakes:
        methods[v["method"]].append(v)
    res["per_method"] = {}
    for m, vids in sorted(methods.items()):
        res["per_method"][m] = {"n": len(vids), "auc": auc([0] * len(reals) + [1] * len(vids),
                                                           [vs(v) for v in reals + vids])}
    aucs = [x["auc"] for x in res["per_method"].values() if x["auc"] is not None]
    res["method_mean_auc"] = float(np.mean(aucs)) if aucs else None
    frames_y = [0] * sum(len(v["scores"]) for v in reals) + [1] * sum(len(v["scores"]) for v in fakes)
    frames_s = [s for v in reals + fakes for s in v["scores"]]
    res["frame_auc"] = auc(frames_y, frames_s)
    res["mean_score"] = {"real": float(np.mean([vs(v) for v in reals])) if reals else None,
                         "fake": float(np.mean([vs(v) for v in fakes])) if fakes else None}
    return res


def lomo_probe(videos, folds=5, C=0.05, seed=19):
    """Does adding corpus videos help? A logistic regression on the frozen backbone's pooled
    features (mean over a video's frames), leave-one-method-out with grouped folds: for method
    m, the fakes of m and every clip of their groups are held out; the real clips are split into
    `folds` group folds, and each fold's reals are scored by a model that saw neither them nor m.
    Returns per-method AUCs (each method's fakes vs the out-of-fold reals)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    vids = [v for v in videos if v["frames"] > 0]
    reals = [v for v in vids if v["label"] == "real"]
    methods = sorted({v["method"] for v in vids if v["label"] == "fake"})
    real_groups = np.array([v["group"] for v in reals])
    res = {}
    for m in methods:
        test_fakes = [v for v in vids if v["label"] == "fake" and v["method"] == m]
        held_groups = {v["group"] for v in test_fakes}
        real_scores = np.zeros(len(reals))
        fake_scores = np.zeros(len(test_fakes))
        n_folds = min(folds, len(set(real_groups)))
        for _, test_idx in GroupKFold(n_folds).split(reals, groups=real_groups):
            test_real_groups = set(real_groups[test_idx])
            train = [v for v in vids if v["group"] not in held_groups and v["group"] not in test_real_groups
                     and not (v["label"] == "fake" and v["method"] == m)]
            y = np.array([int(v["label"] == "fake") for v in train])
            if y.min() == y.max():
                continue
            clf = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=2000, class_weight="balanced"))
            clf.fit(np.stack([v["features"] for v in train]), y)
            real_scores[test_idx] = clf.predict_proba(np.stack([reals[i]["features"] for i in test_idx]))[:, 1]
            fake_scores += clf.predict_proba(np.stack([v["features"] for v in test_fakes]))[:, 1] / n_folds
        res[m] = {"n": len(test_fakes), "auc": auc([0] * len(reals) + [1] * len(test_fakes),
                                                   list(real_scores) + list(fake_scores))}
    aucs = [x["auc"] for x in res.values() if x["auc"] is not None]
    return {"per_method": res, "method_mean_auc": float(np.mean(aucs)) if aucs else None}


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--json", default=None)
    ap.add_argument("--lomo", action="store_true", help="also the corpus leave-one-method-out probe")
    ap.add_argument("--max-side", type=int, default=0,
                    help="downscale frames to this longest side first (384: the analyser's sampled frames)")
    a = ap.parse_args(argv)
    torch.set_num_threads(2)
    global MAX_SIDE
    MAX_SIDE = a.max_side
    net = load_onnx_weights(a.model)
    if not isinstance(net, BlendNet):
        raise SystemExit(f"{a.model} is a FrameNet: evaluate it with telltale_train.head (evaluate.py is for BlendNet)")
    out = {}
    for name, rows, source in (("corpus", data.corpus_manifest(), "corpus"),
                               ("fixtures", data.fixtures_manifest(), "fixtures")):
        videos = per_video(net, rows, source)
        out[name] = {agg: summarise(videos, agg) for agg in AGGREGATES}
        out[name]["per_video"] = [{k: v[k] for k in ("file", "label", "method", "group", "frames")} |
                                  {"trimmed": AGGREGATES["trimmed"](np.asarray(v["scores"])) if v["scores"] else None}
                                  for v in videos]
        for agg in AGGREGATES:
            s = out[name][agg]
            print(f"{name} [{agg}] videos {s['videos']} AUC all {s['auc_all']} method-mean {s['method_mean_auc']} "
                  f"frame AUC {s['frame_auc']} mean score real/fake {s['mean_score']}")
        s = out[name]["trimmed"]
        for m, x in s["per_method"].items():
            print(f"  {m:34s} n={x['n']:2d} AUC {x['auc']}")
        print(f"  no face found: {s['no_face']}")
        if a.lomo and name == "corpus":
            probe = lomo_probe(videos)
            out[name]["lomo_probe"] = probe
            print(f"corpus LOMO probe (backbone features + logistic regression on corpus videos): "
                  f"method-mean AUC {probe['method_mean_auc']}")
            for m, x in probe["per_method"].items():
                print(f"  {m:34s} n={x['n']:2d} AUC {x['auc']}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f, indent=1)
    return out


if __name__ == "__main__":
    main()
