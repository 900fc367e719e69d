"""Exports a model to ONNX (float32) and prints its sha256 and size: a BlendNet checkpoint
(train.py) or a FrameNet (head.py --export, which calls export_net).

  /usr/bin/python3 -m telltale_train.export training/out/run/model.pt models/telltale-blend.onnx

Signature: input "image" float32 [N, 3, 128, 128] (RGB in [0, 1], preprocess.py); outputs
"p_fake" [N, 1] = sigmoid(logit) and "cam" [N, 1, 4, 4] (per-cell logits, mean = logit).
"""
import hashlib
import json
import os
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper

from .model import BlendNet, FrameNet
from .preprocess import MARGIN, SIZE


class Exported(torch.nn.Module):
    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, image):
        logit, cam = self.net(image)
        return torch.sigmoid(logit), cam


def export(checkpoint, out, metadata=None):
    net = BlendNet()
    net.load_state_dict(torch.load(checkpoint, map_location="cpu"))
    return export_net(net, out, metadata)


def export_net(net, out, metadata=None):
    net.eval()
    dummy = torch.rand(1, 3, SIZE, SIZE)
    torch.onnx.export(Exported(net), dummy, out, input_names=["image"], output_names=["p_fake", "cam"],
                      dynamic_axes={"image": {0: "n"}, "p_fake": {0: "n"}, "cam": {0: "n"}},
                      opset_version=13, do_constant_folding=True, export_params=True)
    m = onnx.load(out)
    meta = {"input": f"image float32 [N,3,{SIZE},{SIZE}] RGB/255 NCHW; square region {MARGIN} x max side "
                     "of the 478-landmark box, centred; bilinear, edge-clamped (lib/ml/frame-model/input.ts)",
            "outputs": "p_fake [N,1] sigmoid; cam [N,1,4,4] per-cell logits",
            "trained_on": "self-blended images of 3,049 UTKFace real faces (non-commercial research terms)"}
    meta.update(metadata or {})
    for k, v in meta.items():
        p = m.metadata_props.add()
        p.key, p.value = k, str(v)
    onnx.checker.check_model(m)
    onnx.save(m, out)
    with open(out, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    return {"file": out, "bytes": os.path.getsize(out), "sha256": digest}


def load_onnx_weights(path):
    """A BlendNet or FrameNet (whichever the file holds) with the weights of an exported ONNX file (for the parity test and
    evaluation: the Python side scores the shipped artefact, not a checkpoint)."""
    m = onnx.load(path)
    inits = {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}
    if "net.proj.0.weight" in inits:
        net = FrameNet(face="net.face_proj.0.weight" in inits)
    else:
        net = BlendNet()
    state = net.state_dict()
    missing = []
    for k in state:
        key = "net." + k
        if key in inits:
            state[k] = torch.from_numpy(np.array(inits[key]))
        elif k not in ("mean", "std"):
            missing.append(k)
    if missing:
        raise ValueError(f"{path}: {len(missing)} weights not found by name, e.g. {missing[:3]}")
    net.load_state_dict(state)
    net.eval()
    return net


if __name__ == "__main__":
    print(json.dumps(export(sys.argv[1], sys.argv[2]), indent=1))
