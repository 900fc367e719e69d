"""Frozen-backbone features of face crops, cached per (backbone, source), for the frame-model
head (head.py). Crops follow the run-time input contract exactly (preprocess.py).

  /usr/bin/python3 -m telltale_train.features [--backbone imagenet+retina|imagenet|3ddfa|retina|FILE.onnx] [--sbi 800]

Backbones: "imagenet" is the shared ImageNet MobileNetV2 (dequantised int8); "3ddfa" and
"retina" the face-pretrained MobileNetV1s (face_backbones.py); names joined by "+" concatenate
their features ("imagenet+retina" is the shipped frame model's); a path names the exported ONNX of a self-blend fine-tuned BlendNet (`BLEND=1 sh
training/run.sh` writes training/out/run1/blend.onnx), whose trunk is compared in
docs/models.md. Per crop the features are the spatial means of the feature maps at LAYERS,
concatenated.

--pool (experiment; default "mean", the shipped head's): what each feature map gives per
channel. "meanmax": its spatial mean and max; "meanstd": mean and (population) standard
deviation; "meangem": mean and GeM (p = 3, of the map clamped at 1e-6); "grid2": the means of
its 2 x 2 quadrants (whose average is the mean); "mean-stats": the shipped means, but cut from
the statistics cache, i.e. from the same degraded copies as the other pools (degrade() is not
repeatable: blend._resample draws LINEAR or CUBIC from the unseeded global np.random, so each
features.py run gives some copies other pixels). Every non-mean pool is cut from one cached
pass of per-map statistics (POOL_STATS), "<backbone>__<source>__stats.npz"; the "imagenet" and
"retina" backbones only.
"""
import argparse
import os

import cv2
import numpy as np
import torch

from . import blend, data
from .export import load_onnx_weights
from .face_backbones import FACE_BACKBONES
from .model import BlendNet, load_int8_backbone
from .preprocess import MARGIN, blend_input, face_box

PRETRAINED = os.path.join(data.SHARED, "models", "pretrained", "mobilenet_v2_imagenet_int8.pt")
CACHE = os.path.join(data.ROOT, "training", "out", "features")
# MobileNetV2 feature indices (128 px input): 6 -> 32 ch 16x16, 13 -> 96 ch 8x8,
# 17 -> 320 ch 4x4, 18 -> 1280 ch 4x4. Spatial means only, so that the head is linear per cell
# and its class-activation map exact (model.FrameNet).
LAYERS = (6, 13, 17, 18)
# Experiments (head.py --margin / --smooth): the crop's margin (the shipped contract is
# preprocess.MARGIN) and the share of degraded copies that get a whole-crop "beauty filter".
SETTINGS = {"margin": MARGIN, "smooth": 0.0, "phone": 0.0, "pool": "mean", "region": "face"}
# Experiment ("BACKBONE@lower"): the crop centred on the lower face (nose base, mouth corners,
# lips, jaw angles, chin: MediaPipe FaceMesh indices) instead of the whole face, where lip-sync
# generators repaint.
LOWER_FACE = (2, 98, 327, 61, 291, 0, 17, 172, 397, 152)

POOLS = ("mean", "mean-stats", "meanmax", "meanstd", "meangem", "grid2")
# Per-map statistics cached once for every non-mean pool: blocks of C values, in this order.
POOL_STATS = ("mean", "max", "std", "gem", "q00", "q01", "q10", "q11")
POOL_BLOCKS = {"mean-stats": ("mean",), "meanmax": ("mean", "max"), "meanstd": ("mean", "std"), "meangem": ("mean", "gem"),
               "grid2": ("q00", "q01", "q10", "q11")}
MAP_CHANNELS = {"imagenet": (32, 96, 320, 1280), "retina": (64, 128, 256)}


def region_box(pts):
    """The box the crop is centred on: the whole face's landmarks, or the lower face's."""
    if SETTINGS["region"] == "lower":
        return face_box(np.asarray(pts, np.float64).reshape(-1, 2)[list(LOWER_FACE)])
    return face_box(pts)


def to_input(img):
    """An HxWx3 RGB crop (0-255) as the model's input [1, 3, H, W] in [0, 1]."""
    return (img.astype(np.float32) / 255).transpose(2, 0, 1)[None]


def backbone(name):
    if name in FACE_BACKBONES:
        return FACE_BACKBONES[name]().load()
    if name == "imagenet":
        net = BlendNet()
        load_int8_backbone(net, PRETRAINED)
        net.eval()
        return net
    if name.endswith(".onnx"):
        return load_onnx_weights(name)
    raise ValueError(f"backbone: 'imagenet' or a BlendNet .onnx file, not {name!r}")


def layer_features(net, x, layers=LAYERS):
    """[N, D] features of a batch of inputs (RGB in [0, 1], NCHW)."""
    if hasattr(net, "tap_means"):
        return net.tap_means(x)
    out = []
    h = (x - net.mean) / net.std
    for i, block in enumerate(net.features):
        h = block(h)
        if i in layers:
            out.append(h.mean(dim=(2, 3)))
        if i >= max(layers):
            break
    return torch.cat(out, 1)


def layer_maps(net, x, layers=LAYERS):
    """The feature maps whose statistics the head reads (LAYERS of the ImageNet trunk, the stage
    outputs of RetinaFace's)."""
    if hasattr(net, "maps"):
        return net.maps(x)
    if hasattr(net, "tap_means"):
        raise ValueError("--pool other than mean: the imagenet and retina backbones only")
    out = []
    h = (x - net.mean) / net.std
    for i, block in enumerate(net.features):
        h = block(h)
        if i in layers:
            out.append(h)
        if i >= max(layers):
            break
    return out


def map_stats(m, p=3.0):
    """[N, 8C]: POOL_STATS of one map [N, C, H, W] (H and W even)."""
    H, W = m.shape[2:]
    q = [m[:, :, a * H // 2:(a + 1) * H // 2, b * W // 2:(b + 1) * W // 2].mean(dim=(2, 3))
         for a in (0, 1) for b in (0, 1)]
    gem = m.clamp(min=1e-6).pow(p).mean(dim=(2, 3)).pow(1 / p)
    return torch.cat([m.mean(dim=(2, 3)), m.amax(dim=(2, 3)), m.std(dim=(2, 3), unbiased=False), gem] + q, 1)


def layer_stats(net, x):
    return torch.cat([map_stats(m) for m in layer_maps(net, x)], 1)


def pool_columns(channels, pool):
    """Columns of a stats matrix (layer_stats over maps of these channel counts) that make the
    features of `pool`: per map, its POOL_BLOCKS[pool] blocks in order."""
    cols, start = [], 0
    for c in channels:
        for name in POOL_BLOCKS[pool]:
            k = POOL_STATS.index(name)
            cols.append(np.arange(start + k * c, start + (k + 1) * c))
        start += len(POOL_STATS) * c
    return np.concatenate(cols)


def crops_features(net, inputs, batch=32):
    feats = []
    fn = layer_features if SETTINGS["pool"] == "mean" else layer_stats
    with torch.no_grad():
        for i in range(0, len(inputs), batch):
            feats.append(fn(net, torch.from_numpy(np.concatenate(inputs[i:i + batch]))).numpy())
    return np.concatenate(feats).astype(np.float32) if feats else np.zeros((0, 0), np.float32)


def video_rows(source):
    """Corpus or fixture videos with their frames: [(row, [(path, points)])]."""
    rows = data.corpus_manifest() if source == "corpus" else data.fixtures_manifest()
    return [(r, data.video_frames(source, r["file"])) for r in rows]


def degrade(x, rng):
    """A crop (1, 3, S, S) in [0, 1] as a lower-quality copy of the same video would give it:
    flipped or not, down- then up-scaled by 1-3x, JPEG at quality 40-95. Training copies of
    every frame get this so that sharpness and source resolution, which differ between the
    corpus' sources, cannot stand in for the label."""
    img = np.round(x[0].transpose(1, 2, 0) * 255).astype(np.float32)
    if rng.random() < 0.5:
        img = img[:, ::-1]
    if rng.random() < SETTINGS["smooth"]:  # skin smoothing, as phone beauty filters do
        img = np.ascontiguousarray(img)
        img = cv2.bilateralFilter(img, int(rng.choice([5, 7, 9])), float(rng.uniform(25, 75)),
                                  float(rng.uniform(5, 15))).astype(np.float32)
    if SETTINGS["phone"] and rng.random() < SETTINGS["phone"]:
        img = phone_look(img, rng)
    f = rng.uniform(1.0, 3.0)
    if f > 1.1:
        img = blend._resample(img, f, rng)
    img = np.clip(np.round(img), 0, 255).astype(np.uint8)
    q = int(rng.integers(40, 96))
    ok, buf = cv2.imencode(".jpg", img[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, q])
    img = cv2.imdecode(buf, cv2.IMREAD_COLOR)[..., ::-1]
    return to_input(img)


def phone_look(img, rng):
    """A phone camera's processing of a face (experiment, --phone): unsharp masking, a saturation
    boost and a tone curve, as selfie apps apply them to real faces (the fixtures' false
    positives are such clips)."""
    sigma = float(rng.uniform(0.8, 2.0))
    blur = cv2.GaussianBlur(img, (0, 0), sigma)
    img = img + float(rng.uniform(0.3, 1.2)) * (img - blur)
    grey = img.mean(axis=2, keepdims=True)
    img = grey + float(rng.uniform(1.0, 1.35)) * (img - grey)
    img = 255.0 * (np.clip(img, 0, 255) / 255.0) ** float(rng.uniform(0.8, 1.1))
    return img.astype(np.float32)


def video_features(net, source, copies=0, seed=29):
    """{file, label, method, group, video (index per frame), X} for every frame with a face;
    with copies > 0, each frame also gives that many degraded copies (degrade)."""
    rng = np.random.default_rng(seed)
    files, labels, methods, groups, vid, inputs = [], [], [], [], [], []
    for r, frames in video_rows(source):
        for path, pts in frames:
            x = blend_input(data.read_rgb(path), region_box(pts), margin=SETTINGS["margin"])
            for k in range(copies + 1):
                inputs.append(x if k == 0 else degrade(x, rng))
                vid.append(len(files))
        files.append(r["file"]); labels.append(r["label"]); methods.append(r["method"]); groups.append(r["group"])
    return {"file": np.array(files), "label": np.array(labels), "method": np.array(methods),
            "group": np.array(groups), "video": np.array(vid), "X": crops_features(net, inputs),
            "sharpness": np.array([sharpness(x) for x in inputs], np.float32)}


def sharpness(x):
    """log10 of the variance of the Laplacian of a crop's grey level (0-255): how much fine detail
    the model's input holds. In the corpus the fakes' crops are sharper than the reals' (median
    variance 408 against 188, per-video AUC 0.67), in the fixtures the reals' are (491 against 161):
    telltale_train.quality. head.py --quality-bins balances the classes over it."""
    return float(np.log10(laplacian_variance(x[0]) + 1.0))


def laplacian_variance(x):
    """Variance of the Laplacian of a crop's grey level (0-255); x: (3, S, S) RGB in [0, 1]."""
    g = (0.299 * x[0] + 0.587 * x[1] + 0.114 * x[2]) * 255
    return float(cv2.Laplacian(g.astype(np.float32), cv2.CV_32F).var())


def sbi_features(net, n, seed=23):
    """Features of n self-blended pairs from the real training faces: X [2n, D], y [2n]."""
    items = data.real_faces()
    order = np.random.default_rng(seed).permutation(len(items))[:n]
    inputs, ys = [], []
    for k, i in enumerate(order):
        path, pts = items[i]
        rng = np.random.default_rng(seed * 1_000_003 + k)
        np.random.seed((seed * 7919 + k) % (2**32))
        real, fake, _ = blend.make_pair(data.read_rgb(path), pts, rng, margin=SETTINGS["margin"])
        inputs += [to_input(real), to_input(fake)]
        ys += [0, 1]
    return {"X": crops_features(net, inputs), "y": np.array(ys)}


def video_sbi_features(net, pairs=2, seed=31):
    """Self-blended pairs made from the corpus' REAL video frames (the domain the model is used
    on: compressed, upscaled, moving faces), `pairs` per frame: X [2P, D], y [2P], and `video`,
    the corpus row each pair came from, so that a head fitted without a video's group also
    leaves out the pairs made from it (head.Head.fit)."""
    inputs, ys, vids = [], [], []
    for v, (r, frames) in enumerate(video_rows("corpus")):
        if r["label"] != "real":
            continue
        for j, (path, pts) in enumerate(frames):
            rgb = data.read_rgb(path)
            for k in range(pairs):
                rng = np.random.default_rng([seed, v, j, k])
                real, fake, _ = blend.make_pair(rgb, pts, rng, margin=SETTINGS["margin"])
                inputs += [to_input(real), to_input(fake)]
                ys += [0, 1]
                vids += [v, v]
    return {"X": crops_features(net, inputs), "y": np.array(ys), "video": np.array(vids)}


def photo_features(net, n, seed=23, copies=1):
    """Features of n real face photos that sbi_features does not use (the next n of the same
    permutation), each plus `copies` degraded copies: X [n * (copies + 1), D], all real."""
    items = data.real_faces()
    order = np.random.default_rng(seed).permutation(len(items))
    rng = np.random.default_rng(seed + 1)
    inputs = []
    for i in order[-n:]:
        path, pts = items[i]
        x = blend_input(data.read_rgb(path), face_box(pts), margin=SETTINGS["margin"])
        inputs.append(x)
        inputs.extend(degrade(x, rng) for _ in range(copies))
    return {"X": crops_features(net, inputs), "y": np.zeros(len(inputs), np.int64)}


def cached(name, source, make):
    os.makedirs(CACHE, exist_ok=True)
    name = os.path.splitext(os.path.basename(name))[0]
    tag = "" if SETTINGS["margin"] == MARGIN else f"__m{SETTINGS['margin']}"
    if SETTINGS["region"] != "face":
        tag += f"__{SETTINGS['region']}"
    if SETTINGS["smooth"] and source.startswith("corpus_aug"):
        tag += f"__s{SETTINGS['smooth']}"
    if SETTINGS["phone"] and source.startswith("corpus_aug"):
        tag += f"__ph{SETTINGS['phone']}"
    if SETTINGS["pool"] != "mean":
        tag += "__stats"
    path = os.path.join(CACHE, f"{name}__{source}{tag}.npz")
    if os.path.exists(path):
        return {("file" if k == "files" else k): v for k, v in np.load(path, allow_pickle=False).items()}
    d = make()
    np.savez(path, **{("files" if k == "file" else k): v for k, v in d.items()})
    return d


def load_all(name, sbi=800, copies=0, photos=0, vsbi=0):
    if "+" in name:  # several backbones side by side: their features concatenated
        parts = [load_all(n, sbi, copies, photos, vsbi) for n in name.split("+")]
        out = {}
        for k, d in parts[0].items():
            out[k] = dict(d, X=np.concatenate([p[k]["X"] for p in parts], 1))
        return out
    if "@" in name:  # a crop region other than the face (experiment): "imagenet@lower"
        name, SETTINGS["region"] = name.split("@")
        try:
            if sbi or photos or vsbi:
                raise ValueError("@region crops: corpus and fixtures only (--sbi 0)")
            return load_all(name, 0, copies, 0, 0)
        finally:
            SETTINGS["region"] = "face"
    net = None

    def get():
        nonlocal net
        net = net or backbone(name)
        return net
    out = {s: cached(name, s, lambda s=s: video_features(get(), s)) for s in ("corpus", "fixtures")}
    if copies:
        out["corpus_aug"] = cached(name, f"corpus_aug{copies}", lambda: video_features(get(), "corpus", copies))
    if sbi:
        out["sbi"] = cached(name, f"sbi{sbi}", lambda: sbi_features(get(), sbi))
    if photos:
        out["photos"] = cached(name, f"photos{photos}", lambda: photo_features(get(), photos))
    if vsbi:
        out["vsbi"] = cached(name, f"vsbi{vsbi}", lambda: video_sbi_features(get(), vsbi))
    if SETTINGS["pool"] != "mean":
        if name not in MAP_CHANNELS:
            raise ValueError(f"--pool {SETTINGS['pool']}: the imagenet and retina backbones only, not {name!r}")
        cols = pool_columns(MAP_CHANNELS[name], SETTINGS["pool"])
        out = {k: dict(d, X=np.ascontiguousarray(d["X"][:, cols])) for k, d in out.items()}
    return out


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--backbone", default="imagenet")
    ap.add_argument("--sbi", type=int, default=800)
    ap.add_argument("--copies", type=int, default=0)
    ap.add_argument("--vsbi", type=int, default=0, help="self-blended pairs per corpus real frame")
    ap.add_argument("--smooth", type=float, default=0.0, help="share of degraded copies with skin smoothing")
    ap.add_argument("--phone", type=float, default=0.0, help="share of degraded copies with a phone camera's look")
    ap.add_argument("--pool", choices=POOLS, default="mean", help="experiment: per-map pooling (shipped: mean)")
    a = ap.parse_args(argv)
    SETTINGS["smooth"] = a.smooth
    SETTINGS["phone"] = a.phone
    SETTINGS["pool"] = a.pool
    torch.set_num_threads(2)
    d = load_all(a.backbone, a.sbi, a.copies, vsbi=a.vsbi)
    for k, v in d.items():
        print(k, v["X"].shape)


if __name__ == "__main__":
    main()
