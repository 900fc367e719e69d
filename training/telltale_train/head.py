"""The frame model's head: a logistic regression over frozen-backbone features (features.py)
of face crops, fitted on the corpus' labelled frames (real and fake videos of many generators)
plus self-blended pairs of real photos. Every figure here holds out whole groups:

- grouped CV: 5 folds over the corpus' `group` column, each video scored by a head that saw
  no clip of its group;
- leave-one-method-out (LOMO): for each method, its fakes and every clip of their groups are
  held out, the reals are split into group folds, and each real is scored by a head that saw
  neither its group nor the method;
- fixtures: a head fitted on the whole corpus scores ../shared/fixtures/media (never trained on).

A video's score is the mean of its frames' logits (frames with a face, at most 16, 1 per s).

  /usr/bin/python3 -m telltale_train.head --copies 3 [--C 0.01] [--sbi-weight 0.5] \
      [--pool mean|mean-stats|meanmax|meanstd|meangem|grid2] \
      [--json ../bench/out/frame-head.json] [--export ../models/telltale-blend.onnx]

--pool (experiment, features.py): what each feature map gives the head; default "mean", the
shipped head's spatial means.

--export fits one head on every corpus video (and the SBI pairs) with the first --C and
--sbi-weight, folds it into model.FrameNet and writes the ONNX file.
"""
import argparse
import itertools
import json
from collections import defaultdict

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import StandardScaler

from .features import POOLS, load_all
from .preprocess import MARGIN


# --quality-bins: balance the two classes over the crops' sharpness (features.sharpness) in that
# many quantile bins, so that detail, which in the corpus says "fake" and in the fixtures "real",
# cannot stand in for the label; a bin's weights are scaled at most QUALITY["cap"]-fold.
QUALITY = {"bins": 0, "cap": 10.0}


def quality_balanced(w, y, q, bins, cap):
    """Frame weights `w` (each class summing to 1) rescaled so that both classes have the same
    weighted distribution over `bins` quantile bins of `q` (their average), within `cap`."""
    edges = np.quantile(q, np.linspace(0, 1, bins + 1)[1:-1])
    b = np.digitize(q, edges)
    mass = np.stack([np.bincount(b[y == c], w[y == c], minlength=bins) for c in (0, 1)])
    target = mass.mean(0)
    ratio = np.clip(np.divide(target, mass, out=np.zeros_like(mass), where=mass > 0), 0, cap)
    w = w * ratio[y, b]
    for c in (0, 1):
        w[y == c] /= w[y == c].sum()
    return w


def auc(y, s):
    y = np.asarray(y)
    return None if y.min() == y.max() else float(roc_auc_score(y, s))


class Head:
    """StandardScaler + L2 logistic regression; frames weighted so every video counts once and
    both classes (and the SBI pairs, as a block) carry the stated weight."""

    def __init__(self, C=0.01, sbi_weight=0.5, dims=None, photos=None, photo_weight=0.0, vsbi=None, vsbi_weight=0.0):
        self.C, self.sbi_weight, self.dims = C, sbi_weight, dims
        self.photos, self.photo_weight = photos, photo_weight
        self.vsbi, self.vsbi_weight = vsbi, vsbi_weight

    def _cols(self, X):
        return X if self.dims is None else X[:, self.dims]

    def fit(self, corpus, videos, sbi=None):
        mask = np.isin(corpus["video"], videos)
        X = self._cols(corpus["X"][mask])
        vid = corpus["video"][mask]
        y = (corpus["label"][vid] == "fake").astype(int)
        counts = np.bincount(vid, minlength=len(corpus["label"]))
        w = 1.0 / counts[vid]
        for c in (0, 1):  # each class sums to 1
            w[y == c] /= w[y == c].sum()
        if QUALITY["bins"] > 1:
            if "sharpness" not in corpus:
                raise SystemExit("--quality-bins: the feature cache predates features.sharpness; "
                                 "delete training/out/features/*corpus_aug* and run features.py again")
            w = quality_balanced(w, y, corpus["sharpness"][mask], QUALITY["bins"], QUALITY["cap"])
        parts_X, parts_y, parts_w = [X], [y], [w]
        if sbi is not None and self.sbi_weight > 0:
            ys = sbi["y"]
            ws = np.full(len(ys), self.sbi_weight / len(ys) * 2)
            parts_X.append(self._cols(sbi["X"])); parts_y.append(ys); parts_w.append(ws)
        if self.vsbi is not None and self.vsbi_weight > 0:  # pairs from the training videos' reals only
            keep = np.isin(self.vsbi["video"], videos)
            if keep.any():
                parts_X.append(self._cols(self.vsbi["X"][keep])); parts_y.append(self.vsbi["y"][keep])
                parts_w.append(np.full(int(keep.sum()), self.vsbi_weight / keep.sum() * 2))
        if self.photos is not None and self.photo_weight > 0:  # unpaired real photos
            n = len(self.photos["X"])
            parts_X.append(self._cols(self.photos["X"])); parts_y.append(np.zeros(n, int))
            parts_w.append(np.full(n, self.photo_weight / n))
        X, y, w = np.concatenate(parts_X), np.concatenate(parts_y), np.concatenate(parts_w)
        self.scaler = StandardScaler().fit(X)
        self.lr = LogisticRegression(C=self.C, max_iter=5000)
        self.lr.fit(self.scaler.transform(X), y, sample_weight=w * len(w) / w.sum())
        return self

    def frame_logits(self, X):
        return self.lr.decision_function(self.scaler.transform(self._cols(X)))

    def video_scores(self, d):
        """Mean frame logit per video (NaN for a video without frames)."""
        lg = self.frame_logits(d["X"]) if len(d["X"]) else np.zeros(0)
        out = np.full(len(d["label"]), np.nan)
        for v in np.unique(d["video"]):
            out[v] = lg[d["video"] == v].mean()
        return out


def has_frames(d):
    return np.isin(np.arange(len(d["label"])), d["video"])


def grouped_cv(d, sbi, make, folds=5, train_d=None):
    train_d = d if train_d is None else train_d
    ok = np.flatnonzero(has_frames(d))
    scores = np.full(len(d["label"]), np.nan)
    for tr, te in GroupKFold(folds).split(ok, groups=d["group"][ok]):
        h = make().fit(train_d, ok[tr], sbi)
        scores[ok[te]] = h.video_scores(d)[ok[te]]
    y = (d["label"][ok] == "fake").astype(int)
    return {"auc": auc(y, scores[ok]), "per_method": per_method(d, scores)}


def per_method(d, scores):
    ok = has_frames(d)
    reals = np.flatnonzero(ok & (d["label"] == "real"))
    out = {}
    for m in sorted(set(d["method"][ok & (d["label"] == "fake")])):
        fakes = np.flatnonzero(ok & (d["label"] == "fake") & (d["method"] == m))
        out[m] = {"n": len(fakes), "auc": auc([0] * len(reals) + [1] * len(fakes),
                                              np.concatenate([scores[reals], scores[fakes]]))}
    return out


def lomo(d, sbi, make, folds=5, train_d=None):
    train_d = d if train_d is None else train_d
    ok = has_frames(d)
    reals = np.flatnonzero(ok & (d["label"] == "real"))
    res = {}
    for m in sorted(set(d["method"][ok & (d["label"] == "fake")])):
        fakes = np.flatnonzero(ok & (d["label"] == "fake") & (d["method"] == m))
        held = set(d["group"][fakes])
        real_scores, fake_scores = np.zeros(len(reals)), np.zeros(len(fakes))
        n = min(folds, len(set(d["group"][reals])))
        for _, te in GroupKFold(n).split(reals, groups=d["group"][reals]):
            out_groups = held | set(d["group"][reals[te]])
            train = np.flatnonzero(ok & ~np.isin(d["group"], list(out_groups))
                                   & ~((d["label"] == "fake") & (d["method"] == m)))
            h = make().fit(train_d, train, sbi)
            s = h.video_scores(d)
            real_scores[te] = s[reals[te]]
            fake_scores += s[fakes] / n
        res[m] = {"n": len(fakes), "auc": auc([0] * len(reals) + [1] * len(fakes),
                                              np.concatenate([real_scores, fake_scores]))}
    aucs = [x["auc"] for x in res.values() if x["auc"] is not None]
    return {"method_mean_auc": float(np.mean(aucs)), "per_method": res}


def fixtures_eval(corpus, fixtures, sbi, make):
    """corpus: the frames to fit on (every video). Returns (figures, the fitted head)."""
    h = make().fit(corpus, np.flatnonzero(has_frames(corpus)), sbi)
    s = h.video_scores(fixtures)
    ok = has_frames(fixtures)
    y = (fixtures["label"][ok] == "fake").astype(int)
    return {"auc": auc(y, s[ok]), "per_method": per_method(fixtures, s),
            "no_face": list(fixtures["file"][~ok]),
            "per_video": {f: (None if np.isnan(v) else round(float(v), 3)) for f, v in zip(fixtures["file"], s)}}, h


def training_frames(d):
    """The corpus frames heads are fitted on: the degraded copies when features.py made them."""
    return d.get("corpus_aug", d["corpus"])


def head_maker(d, C=0.01, sbi_weight=0.5, photo_weight=0.0, dims=None, vsbi_weight=0.0):
    return lambda: Head(C, sbi_weight, dims, d.get("photos"), photo_weight, d.get("vsbi"), vsbi_weight)


def evaluate(backbone="imagenet", C=0.01, sbi_weight=0.5, sbi_n=800, dims=None, quiet=False, copies=0,
             photos=0, photo_weight=0.0, d=None, vsbi_weight=0.0):
    """Grouped CV, LOMO and fixtures for one setting; `d`: features already loaded (load_all
    with the same backbone, sbi_n, copies and photos)."""
    d = d or load_all(backbone, sbi_n, copies, photos)
    sbi = d.get("sbi")
    train_d = training_frames(d)
    make = head_maker(d, C, sbi_weight, photo_weight, dims, vsbi_weight)
    cv = grouped_cv(d["corpus"], sbi, make, train_d=train_d)
    lo = lomo(d["corpus"], sbi, make, train_d=train_d)
    fx, _ = fixtures_eval(train_d, d["fixtures"], sbi, make)
    from .features import SETTINGS
    res = {"backbone": backbone, "pool": SETTINGS["pool"], "C": C, "sbi_weight": sbi_weight, "sbi_pairs": sbi_n, "copies": copies,
           "photos": photos, "photo_weight": photo_weight, "vsbi_weight": vsbi_weight, "quality_bins": QUALITY["bins"],
           "grouped_cv": cv, "lomo": lo, "fixtures": fx}
    if not quiet:
        print(f"{backbone} pool={res['pool']} quality_bins={QUALITY['bins']} C={C} sbi_weight={sbi_weight} copies={copies} photos={photos}x{photo_weight} "
              f"vsbi={len(d['vsbi']['y']) // 2 if 'vsbi' in d else 0}x{vsbi_weight}: grouped CV AUC {cv['auc']:.3f}  "
              f"LOMO mean {lo['method_mean_auc']:.3f}  fixtures AUC {fx['auc']:.3f}", flush=True)
    return res


def summary(p):
    """The blend cue's measures (lib/cues/blend-model.ts blendFeatures) of frame P(fake)s."""
    v = np.sort(np.asarray(p, np.float64))
    cut = int(np.floor(len(v) * 0.1))
    kept = v[cut:len(v) - cut] if len(v) - 2 * cut > 0 else v
    clamped = np.clip(v, 1e-6, 1 - 1e-6)
    lg = np.log(clamped / (1 - clamped))
    q90 = np.quantile(v, 0.9, method="linear") if len(v) else np.nan
    return {"n": int(len(v)), "mean": float(v.mean()), "trimmed": float(kept.mean()), "q90": float(q90),
            "fracAbove05": float((v > 0.5).mean()), "meanLogit": float(lg.mean())}


def out_of_fold(d, sbi, make, folds=5, train_d=None):
    """Per corpus video, the blend cue's measures from a head that never saw it: a real clip
    is scored by the grouped-CV head of its fold (its group held out); a fake by a head fitted
    without its method and without its groups (leave-one-method-out). eval:cv fits the video
    classifier on these instead of the shipped model's in-sample scores (stacking)."""
    train_d = d if train_d is None else train_d
    ok = np.flatnonzero(has_frames(d))
    frame_p = {}

    def score(h, v):
        frame_p[v] = 1 / (1 + np.exp(-h.frame_logits(d["X"][d["video"] == v])))

    for tr, te in GroupKFold(folds).split(ok, groups=d["group"][ok]):
        h = make().fit(train_d, ok[tr], sbi)
        for v in ok[te]:
            if d["label"][v] == "real":
                score(h, v)
    for m in sorted(set(d["method"][ok][d["label"][ok] == "fake"])):
        fakes = ok[(d["label"][ok] == "fake") & (d["method"][ok] == m)]
        held = set(d["group"][fakes])
        train = ok[~np.isin(d["group"][ok], list(held)) & ~((d["label"][ok] == "fake") & (d["method"][ok] == m))]
        h = make().fit(train_d, train, sbi)
        for v in fakes:
            score(h, v)
    out = {str(d["file"][v]): summary(p) for v, p in frame_p.items()}
    y = [int(d["label"][v] == "fake") for v in frame_p]
    return out, auc(y, [out[str(d["file"][v])]["meanLogit"] for v in frame_p])


SHIPPABLE = {"imagenet": False, "imagenet+retina": True}  # backbone -> FrameNet(face=...)


def build_net(h, face=False):
    """A FrameNet whose head is the fitted Head h (on ImageNet-backbone features, plus the
    RetinaFace trunk's with face=True; every dimension; standardisation folded into the weights)."""
    from .features import PRETRAINED
    from .model import FrameNet, load_int8_backbone
    if h.dims is not None:
        raise ValueError("FrameNet takes every feature")
    net = FrameNet(face=face)
    load_int8_backbone(net, PRETRAINED)
    if face:
        from .face_backbones import Retina, fuse_bn_
        net.face.load_state_dict(fuse_bn_(Retina().load()).state_dict())
    coef = h.lr.coef_[0] / h.scaler.scale_
    offset = float(h.lr.intercept_[0] - np.sum(coef * h.scaler.mean_))
    net.set_head(coef, offset)
    return net.eval()


def ship(out, d, make, about, report):
    """Fits one head on every corpus video (features `d` of the backbone about["backbone"]),
    folds it into a FrameNet and exports it; `about` describes the setting for the file's
    metadata."""
    from .export import export_net
    train_d = training_frames(d)
    h = make().fit(train_d, np.flatnonzero(has_frames(train_d)), d.get("sbi"))
    face = SHIPPABLE[about["backbone"]]
    net = build_net(h, face)
    n_train = int(np.sum(has_frames(d["corpus"])))
    trunks = "frozen ImageNet MobileNetV2" + (" and RetinaFace MobileNetV1 x0.25" if face else "")
    meta = {"trained_on": f"{trunks}; logistic head on face crops of {n_train} labelled "
                          f"corpus videos (../shared/corpus, research-only terms; {about['copies']} degraded "
                          f"copies per frame) and {about['sbi']} self-blended pairs of UTKFace real faces "
                          "(non-commercial research terms)",
            "head": f"C={about['C']} sbi_weight={about['sbi_weight']}", "report": report}
    info = export_net(net, out, meta)
    print(json.dumps(info, indent=1))
    return info


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--backbone", default="imagenet")
    ap.add_argument("--C", type=float, nargs="+", default=[0.01])
    ap.add_argument("--sbi-weight", type=float, nargs="+", default=[0.5])
    ap.add_argument("--sbi", type=int, default=800)
    ap.add_argument("--copies", type=int, default=0, help="train on this many degraded copies of each frame")
    ap.add_argument("--margin", type=float, default=None, help="experiment: crop margin (shipped: preprocess.MARGIN)")
    ap.add_argument("--photos", type=int, default=0, help="unpaired real face photos as extra reals")
    ap.add_argument("--photo-weight", type=float, nargs="+", default=[0.0])
    ap.add_argument("--vsbi", type=int, default=0, help="self-blended pairs per corpus real frame (in-fold only)")
    ap.add_argument("--vsbi-weight", type=float, nargs="+", default=[0.0])
    ap.add_argument("--smooth", type=float, default=0.0, help="share of degraded copies with skin smoothing")
    ap.add_argument("--phone", type=float, default=0.0, help="share of degraded copies with a phone camera's look")
    ap.add_argument("--pool", choices=POOLS, default="mean", help="experiment: per-map pooling (shipped: mean)")
    ap.add_argument("--quality-bins", type=int, nargs="+", default=[0],
                    help="balance the classes over crop sharpness in this many bins (0: off)")
    ap.add_argument("--quality-cap", type=float, default=10.0)
    ap.add_argument("--json", default=None)
    ap.add_argument("--export", default=None, help="write the shipped FrameNet ONNX here")
    ap.add_argument("--oof", default=None, help="write the corpus' out-of-fold blend measures here (eval:cv)")
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args(argv)
    from .features import SETTINGS
    if a.margin is not None:
        SETTINGS["margin"] = a.margin
    SETTINGS["smooth"] = a.smooth
    SETTINGS["phone"] = a.phone
    SETTINGS["pool"] = a.pool
    if (a.export or a.oof) and (a.backbone not in SHIPPABLE or a.margin not in (None, MARGIN)):
        raise SystemExit(f"--export and --oof need a shippable backbone ({', '.join(SHIPPABLE)}) and the shipped margin")
    if a.export and a.pool != "mean":
        raise SystemExit("--export: FrameNet folds the mean pool only (--pool is an experiment)")
    d = load_all(a.backbone, a.sbi, a.copies, a.photos, a.vsbi)
    results = []
    QUALITY["cap"] = a.quality_cap
    for qb, C, w, pw, vw in itertools.product(a.quality_bins, a.C, a.sbi_weight, a.photo_weight, a.vsbi_weight):
        QUALITY["bins"] = qb
        r = evaluate(a.backbone, C, w, a.sbi, copies=a.copies, photos=a.photos, photo_weight=pw, d=d, vsbi_weight=vw)
        results.append(r)
        if a.verbose:
            for k in ("grouped_cv", "lomo", "fixtures"):
                for m, x in r[k]["per_method"].items():
                    print(f"  {k:10s} {m:28s} n={x['n']:2d} AUC {x['auc']}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1, default=lambda o: o.tolist() if hasattr(o, "tolist") else str(o))
    # The shipped setting: the first of each list.
    QUALITY["bins"] = a.quality_bins[0]
    make = head_maker(d, a.C[0], a.sbi_weight[0], a.photo_weight[0], vsbi_weight=a.vsbi_weight[0])
    if a.oof:
        oof, oof_auc = out_of_fold(d["corpus"], d.get("sbi"), make, train_d=training_frames(d))
        print(f"out-of-fold corpus measures: {len(oof)} videos, meanLogit AUC {oof_auc:.3f}")
        with open(a.oof, "w") as f:
            json.dump({"about": "blend-cue measures of each corpus video from a frame-model head that never saw "
                                "it (training/telltale_train/head.py out_of_fold)", "auc_meanLogit": oof_auc,
                       "videos": oof}, f, indent=1)
    if a.export:
        r = results[0]
        report = (f"grouped CV AUC {r['grouped_cv']['auc']:.3f}, LOMO mean {r['lomo']['method_mean_auc']:.3f}, "
                  f"fixtures AUC {r['fixtures']['auc']:.3f} (head.py, frame crops 1 per s)")
        about = {"backbone": a.backbone, "copies": a.copies, "sbi": a.sbi, "C": a.C[0], "sbi_weight": a.sbi_weight[0]}
        ship(a.export, d, make, about, report)


if __name__ == "__main__":
    main()
