"""Data: real training faces (UTKFace crops) with their landmarks, and the labelled corpus and
fixture videos (frames + landmarks) for evaluation. Landmarks come from the extension's own
FaceLandmarker (scripts/dump-landmarks.mjs -> bench/out/landmarks/*.json)."""
import csv
import gzip
import json
import os

import cv2
import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SHARED = os.environ.get("TELLTALE_SHARED", os.path.abspath(os.path.join(ROOT, "..", "shared")))
LANDMARKS = os.path.join(ROOT, "bench", "out", "landmarks")
FRAMES = os.path.join(ROOT, "bench", "out", "frames")


def read_rgb(path):
    img = cv2.imread(path, cv2.IMREAD_COLOR)
    if img is None:
        raise IOError(f"cannot read {path}")
    return np.ascontiguousarray(img[..., ::-1])


def largest_face(entry):
    """(478, 2) points of the widest face of a landmark-cache entry, or None."""
    faces = entry.get("faces") or []
    best = None
    for f in faces:
        p = np.asarray(f, np.float64).reshape(-1, 2)
        if best is None or np.ptp(p[:, 0]) > np.ptp(best[:, 0]):
            best = p
    return best


def _with_faces(cache, image_dir):
    """[(image path, points)] for the images of a landmark cache that have a face (the largest)."""
    opener = gzip.open if cache.endswith(".gz") else open  # a packed copy for another machine
    with opener(cache, "rt") as f:
        marks = json.load(f)
    out = []
    for name in sorted(marks):
        pts = largest_face(marks[name])
        if pts is not None:
            out.append((os.path.join(image_dir, name), pts))
    return out


def real_faces(faces_dir=None, cache=None):
    """[(path, points)] for every real training face with a detected face."""
    faces_dir = faces_dir or os.path.join(SHARED, "corpus", "faces", "real")
    cache = cache or os.path.join(LANDMARKS, "faces__real.json")
    return _with_faces(cache, faces_dir)


def corpus_manifest():
    """Rows of the corpus MANIFEST.tsv: file, label, method, group."""
    with open(os.path.join(SHARED, "corpus", "MANIFEST.tsv")) as f:
        return [{"file": r["file"], "label": r["label"], "method": r["method"] or "real", "group": r["group"]}
                for r in csv.DictReader(f, delimiter="\t")]


def fixtures_manifest():
    """Video rows of the fixtures MANIFEST.tsv (never used for training)."""
    with open(os.path.join(SHARED, "fixtures", "media", "MANIFEST.tsv")) as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    out = []
    for r in rows:
        label, method = r["label"], r["method"] or "real"
        if label == "image":  # still images: the label is in the name (image__fake__...)
            label = r["file"].split("__")[1]
            method = "image-" + (r["source_dataset"].split()[0] if label == "fake" else "real")
            method = "real" if label == "real" else method
        if label in ("real", "fake"):
            out.append({"file": r["file"], "label": label, "method": method, "group": r["file"]})
    return out


def video_frames(source, file):
    """[(frame path, points)] of the sampled frames of one video that have a face."""
    cache = os.path.join(LANDMARKS, f"{source}__{file}.json")
    if not os.path.exists(cache):
        return []
    return _with_faces(cache, os.path.join(FRAMES, source, file))
