"""Face-pretrained MobileNetV1 trunks from ../shared/models/pretrained, as frozen feature
extractors for the frame-model head (features.py --backbone 3ddfa | retina | fas):

- "3ddfa": 3DDFA_V2's MobileNetV1 x0.5 (cleardusk/3DDFA_V2 mb05_120x120.pth, MIT), trained to
  regress 3D face shape and pose from 120 px face crops; BGR input, (x - 127.5) / 128.
- "retina": RetinaFace's MobileNetV1 x0.25 body (biubug6 mobilenet0.25_Final.pth, MIT), trained
  to detect faces; BGR input minus (104, 117, 123).
- "fas" (experiment, OnnxConvNet): MiniFASNetV2, a print/replay anti-spoofing network, run from
  its ONNX graph.

Each returns the spatial means of a few of its feature maps (`tap_means`), like
features.layer_features does for the ImageNet MobileNetV2.
"""
import csv
import hashlib
import os

import torch
from torch import nn

from . import data

PRETRAINED_DIR = os.path.join(data.SHARED, "models", "pretrained")


def verified(path):
    """path, after checking its sha256 against ../shared/models/pretrained/MANIFEST.tsv."""
    with open(os.path.join(PRETRAINED_DIR, "MANIFEST.tsv")) as f:
        want = {r["file"]: r["sha256"] for r in csv.DictReader(f, delimiter="\t")}.get(os.path.basename(path))
    with open(path, "rb") as f:
        got = hashlib.sha256(f.read()).hexdigest()
    if got != want:
        raise ValueError(f"{path}: sha256 {got}, the manifest says {want}")
    return path


def _dw(cin, cout, stride, act):
    return nn.Sequential(
        nn.Conv2d(cin, cin, 3, stride, 1, groups=cin, bias=False), nn.BatchNorm2d(cin), act(),
        nn.Conv2d(cin, cout, 1, 1, 0, bias=False), nn.BatchNorm2d(cout), act())


class Tddfa(nn.Module):
    """3DDFA_V2 MobileNetV1 (widen 0.5) up to dw6; taps after dw3_2, dw4_2, dw5_5 and dw6."""
    SPEC = [("dw2_1", 16, 32, 1), ("dw2_2", 32, 64, 2), ("dw3_1", 64, 64, 1), ("dw3_2", 64, 128, 2),
            ("dw4_1", 128, 128, 1), ("dw4_2", 128, 256, 2), ("dw5_1", 256, 256, 1), ("dw5_2", 256, 256, 1),
            ("dw5_3", 256, 256, 1), ("dw5_4", 256, 256, 1), ("dw5_5", 256, 256, 1), ("dw5_6", 256, 512, 2),
            ("dw6", 512, 512, 1)]
    TAPS = ("dw3_2", "dw4_2", "dw5_5", "dw6")

    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 16, 3, 2, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU())
        self.blocks = nn.ModuleList(_dw(i, o, s, nn.ReLU) for _, i, o, s in self.SPEC)

    def load(self, path=os.path.join(PRETRAINED_DIR, "3ddfa_v2_mb05_120x120.pth")):
        sd = torch.load(verified(path), map_location="cpu")
        sd = {k.replace("module.", "", 1): v for k, v in sd.get("state_dict", sd).items()}
        mine = {"stem.0.weight": sd["conv1.weight"]}
        for p in ("weight", "bias", "running_mean", "running_var"):
            mine[f"stem.1.{p}"] = sd[f"bn1.{p}"]
        for b, (name, *_rest) in enumerate(self.SPEC):
            mine[f"blocks.{b}.0.weight"] = sd[f"{name}.conv_dw.weight"]
            mine[f"blocks.{b}.3.weight"] = sd[f"{name}.conv_sep.weight"]
            for p in ("weight", "bias", "running_mean", "running_var"):
                mine[f"blocks.{b}.1.{p}"] = sd[f"{name}.bn_dw.{p}"]
                mine[f"blocks.{b}.4.{p}"] = sd[f"{name}.bn_sep.{p}"]
        missing, _ = self.load_state_dict(mine, strict=False)
        if [k for k in missing if "num_batches" not in k]:
            raise ValueError(f"3ddfa: missing {missing[:4]}")
        return self.eval()

    def tap_means(self, x):
        h = (x.flip(1) * 255 - 127.5) / 128  # RGB [0, 1] -> BGR, 3DDFA's normalisation
        h = self.stem(h)
        out = []
        for (name, *_r), block in zip(self.SPEC, self.blocks):
            h = block(h)
            if name in self.TAPS:
                out.append(h.mean(dim=(2, 3)))
        return torch.cat(out, 1)


class Retina(nn.Module):
    """RetinaFace MobileNetV1 x0.25 body (stage1-3); taps at the end of each stage."""
    STAGES = [[(8, 16, 1), (16, 32, 2), (32, 32, 1), (32, 64, 2), (64, 64, 1)],
              [(64, 128, 2)] + [(128, 128, 1)] * 5,
              [(128, 256, 2), (256, 256, 1)]]

    def __init__(self):
        super().__init__()
        act = lambda: nn.LeakyReLU(0.1)  # noqa: E731
        s1 = [nn.Sequential(nn.Conv2d(3, 8, 3, 2, 1, bias=False), nn.BatchNorm2d(8), act())]
        s1 += [_dw(i, o, s, act) for i, o, s in self.STAGES[0]]
        self.stage1 = nn.Sequential(*s1)
        self.stage2 = nn.Sequential(*[_dw(i, o, s, act) for i, o, s in self.STAGES[1]])
        self.stage3 = nn.Sequential(*[_dw(i, o, s, act) for i, o, s in self.STAGES[2]])
        self.register_buffer("bgr_mean", torch.tensor([104.0, 117.0, 123.0]).view(1, 3, 1, 1), persistent=False)

    def load(self, path=os.path.join(PRETRAINED_DIR, "retinaface_mobilenet0.25_final.pth")):
        sd = torch.load(verified(path), map_location="cpu")
        sd = {k.replace("module.", "", 1): v for k, v in sd.get("state_dict", sd).items()}
        mine = {k[len("body."):]: v for k, v in sd.items() if k.startswith("body.")}
        missing, _ = self.load_state_dict(mine, strict=False)
        if [k for k in missing if "num_batches" not in k]:
            raise ValueError(f"retina: missing {missing[:4]}")
        return self.eval()

    CHANNELS = (64, 128, 256)  # stage outputs: 16x16, 8x8, 4x4 maps at 128 px

    def maps(self, x):
        """The three stage outputs for RGB input in [0, 1] (NCHW)."""
        h = x.flip(1) * 255 - self.bgr_mean  # RGB [0, 1] -> BGR 0-255 minus RetinaFace's channel means
        out = []
        for stage in (self.stage1, self.stage2, self.stage3):
            h = stage(h)
            out.append(h)
        return out

    def tap_means(self, x):
        return torch.cat([m.mean(dim=(2, 3)) for m in self.maps(x)], 1)


def fuse_bn_(module):
    """Folds every BatchNorm2d that follows a Conv2d into that conv (which gains a bias) and
    replaces the BatchNorm by Identity, in place, so that the exported graph holds plain
    convolutions whose weights keep their names (export.load_onnx_weights reads them back)."""
    for child in module.children():
        if isinstance(child, nn.Sequential):
            items = list(child.named_children())
            for (name_c, conv), (name_b, bn) in zip(items, items[1:]):
                if isinstance(conv, nn.Conv2d) and isinstance(bn, nn.BatchNorm2d):
                    scale = bn.weight / torch.sqrt(bn.running_var + bn.eps)
                    fused = nn.Conv2d(conv.in_channels, conv.out_channels, conv.kernel_size, conv.stride,
                                      conv.padding, conv.dilation, conv.groups, bias=True)
                    with torch.no_grad():
                        fused.weight.copy_(conv.weight * scale.view(-1, 1, 1, 1))
                        base = conv.bias if conv.bias is not None else torch.zeros_like(bn.running_mean)
                        fused.bias.copy_(bn.bias + (base - bn.running_mean) * scale)
                    setattr(child, name_c, fused)
                    setattr(child, name_b, nn.Identity())
        fuse_bn_(child)
    return module





class OnnxConvNet(nn.Module):
    """A frozen convolutional ONNX graph (Conv, PRelu, Add, BatchNormalization) run by PyTorch up
    to the tensors named in `taps`; for "fas", MiniFASNetV2 (minivision-ai Silent-Face-Anti-Spoofing,
    Apache-2.0: print/replay face anti-spoofing at 80 px, BGR 0-255, 2.7x the face box). Experiment:
    its feature maps beside the shipped trunks'. The crop given is the frame model's (RGB in [0, 1],
    1.25x the face box, 128 px), resized to 80 px and turned into BGR 0-255 here."""
    FAS_TAPS = ("/conv_3/model/model.3/Add_output_0", "/conv_4/model/model.5/Add_output_0",
                "/conv_5/model/model.1/Add_output_0", "/conv_6_sep/prelu/PRelu_output_0")

    def __init__(self, path=os.path.join(PRETRAINED_DIR, "minifasnet_v2_80x80.onnx"), taps=FAS_TAPS, size=80):
        super().__init__()
        import onnx
        from onnx import numpy_helper
        m = onnx.load(verified(path))
        self.size, self.taps = size, tuple(taps)
        self.params = nn.ParameterDict()
        names = {}
        for init in m.graph.initializer:
            key = f"p{len(names)}"
            names[init.name] = key
            self.params[key] = nn.Parameter(torch.from_numpy(numpy_helper.to_array(init).copy()), requires_grad=False)
        self.inp = m.graph.input[0].name
        self.nodes, need = [], set(self.taps)
        for n in m.graph.node:
            attrs = {a.name: onnx.helper.get_attribute_value(a) for a in n.attribute}
            self.nodes.append((n.op_type, [names.get(i, i) for i in n.input], n.output[0], attrs))
            if set(self.taps) <= {x[2] for x in self.nodes}:
                break
        missing = need - {x[2] for x in self.nodes}
        if missing:
            raise ValueError(f"{path}: no tensor {sorted(missing)}")

    def _run(self, x):
        x = torch.nn.functional.interpolate(x, size=(self.size, self.size), mode="bilinear", align_corners=False)
        env = {self.inp: x.flip(1) * 255.0}
        val = lambda k: self.params[k] if k in self.params else env[k]
        out = []
        for op, ins, name, at in self.nodes:
            if op == "Conv":
                pads = at.get("pads", [0, 0, 0, 0])
                env[name] = torch.nn.functional.conv2d(val(ins[0]), val(ins[1]), val(ins[2]) if len(ins) > 2 else None,
                                                       at.get("strides", [1, 1]), pads[:2], at.get("dilations", [1, 1]),
                                                       at.get("group", 1))
            elif op == "PRelu":
                h, w = val(ins[0]), val(ins[1]).reshape(1, -1, 1, 1)
                env[name] = torch.clamp(h, min=0) + w * torch.clamp(h, max=0)
            elif op == "Add":
                env[name] = val(ins[0]) + val(ins[1])
            else:
                raise ValueError(f"OnnxConvNet: op {op} before the taps")
            if name in self.taps:
                out.append(env[name])
        return out

    def maps(self, x):
        return self._run(x)

    def tap_means(self, x):
        return torch.cat([m.mean(dim=(2, 3)) for m in self._run(x)], 1)

    def load(self):
        self.eval()
        return self
FACE_BACKBONES = {"3ddfa": Tddfa, "retina": Retina, "fas": OnnxConvNet}
