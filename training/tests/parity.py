"""The Python half of tests/unit/parity/blend-parity.test.ts: preprocesses one raw RGBA image
with preprocess.py and scores it with the weights of the exported ONNX file in PyTorch.

  /usr/bin/python3 training/tests/parity.py <image.rgba> <width> <height> <x,y,w,h> <model.onnx> <tensor.out>

Prints {"p_fake": ...} and writes the float32 NCHW input tensor to <tensor.out>."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from telltale_train.export import load_onnx_weights  # noqa: E402
from telltale_train.preprocess import blend_input  # noqa: E402

raw, w, h, box, model, tensor_out = sys.argv[1:7]
rgba = np.fromfile(raw, np.uint8).reshape(int(h), int(w), 4)
x = blend_input(rgba[..., :3], tuple(float(v) for v in box.split(",")))
x.astype("<f4").tofile(tensor_out)
torch.set_num_threads(1)
with torch.no_grad():
    logit, _ = load_onnx_weights(model)(torch.from_numpy(x))
print(json.dumps({"p_fake": float(torch.sigmoid(logit)[0, 0])}))
