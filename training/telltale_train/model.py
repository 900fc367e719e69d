"""MobileNetV2 (torchvision layout, BatchNorm folded into the convolutions) with one logit and a
coarse class-activation map. The backbone starts from the shared ImageNet int8 TorchScript
(/work/shared/models/pretrained/mobilenet_v2_imagenet_int8.pt), dequantised."""
import torch
import torch.nn as nn
import torchvision

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


def _fold_bn(module):
    """Replaces every BatchNorm2d by Identity and gives every conv a bias (BN is folded in the
    int8 weights)."""
    for name, child in list(module.named_children()):
        if isinstance(child, nn.BatchNorm2d):
            setattr(module, name, nn.Identity())
        elif isinstance(child, nn.Conv2d) and child.bias is None:
            conv = nn.Conv2d(child.in_channels, child.out_channels, child.kernel_size, child.stride,
                             child.padding, child.dilation, child.groups, bias=True)
            setattr(module, name, conv)
        else:
            _fold_bn(child)


class BlendNet(nn.Module):
    """Input: RGB in [0, 1], NCHW. Outputs: logit [N, 1] (P(fake) = sigmoid) and cam [N, 1, h, w]
    (per-cell logits whose mean, plus the bias, is the logit)."""

    def __init__(self):
        super().__init__()
        base = torchvision.models.mobilenet_v2(weights=None)
        _fold_bn(base)
        self.features = base.features
        self.register_buffer("mean", torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(IMAGENET_STD).view(1, 3, 1, 1))
        self.dropout = nn.Dropout(0.2)
        self.head = nn.Conv2d(1280, 1, 1)  # a linear layer applied per cell

    def forward(self, x):
        f = self.features((x - self.mean) / self.std)
        cam = self.head(self.dropout(f))
        logit = cam.mean(dim=(2, 3))
        return logit, cam


def load_int8_backbone(model, path):
    """Copies the dequantised int8 weights into model.features; returns how many were loaded."""
    ts = torch.jit.load(path, map_location="cpu")
    names = []
    for node in ts.graph.nodes():
        if node.kind() == "prim::GetAttr":
            n = node.s("name")
            if "packed" in n and n.startswith("_jit_pass_hoist_conv_packed_params.") and n not in names:
                names.append(n)
    modules = dict(model.named_modules())
    loaded = 0
    for n in names:
        path_ = n[len("_jit_pass_hoist_conv_packed_params."):].split("._packed_params")[0]
        w, b = ts._c.getattr(n).unpack()
        conv = modules[path_]
        assert conv.weight.shape == w.shape, (path_, conv.weight.shape, w.shape)
        with torch.no_grad():
            conv.weight.copy_(w.dequantize())
            conv.bias.copy_(b.float() if b is not None else torch.zeros_like(conv.bias))
        loaded += 1
    return loaded


class FrameNet(nn.Module):
    """The frame model: the frozen ImageNet MobileNetV2 backbone and a linear head over the
    spatial means of four of its feature maps (features.LAYERS; head.py fits it). The head is
    stored per layer as a 1x1 convolution (standardisation folded in), so it can be applied
    per cell: each layer's per-cell logits are average-pooled to the 4x4 grid and summed with
    the bias into the class-activation map, whose mean is exactly the logit.

    With `face=True` a second frozen trunk, RetinaFace's face-detection MobileNetV1 x0.25
    (face_backbones.Retina, BatchNorm folded), adds the spatial means of its three stage outputs
    the same way (features.py --backbone imagenet+retina: ImageNet features first).

    Input: RGB in [0, 1], NCHW, 128 x 128. Outputs as BlendNet: logit [N, 1], cam [N, 1, 4, 4]."""

    LAYERS = (6, 13, 17, 18)
    CHANNELS = (32, 96, 320, 1280)
    POOL = (4, 2, 1, 1)  # 16x16, 8x8, 4x4, 4x4 maps at 128 px -> the 4x4 grid
    FACE_POOL = (4, 2, 1)  # Retina's 16x16, 8x8, 4x4 stage outputs

    def __init__(self, face=False):
        super().__init__()
        from .face_backbones import Retina, fuse_bn_
        self.face = fuse_bn_(Retina()) if face else None
        face_channels = Retina.CHANNELS if face else ()
        self.face_proj = nn.ModuleList(nn.Conv2d(c, 1, 1, bias=False) for c in face_channels)
        base = torchvision.models.mobilenet_v2(weights=None)
        _fold_bn(base)
        self.features = base.features[: max(self.LAYERS) + 1]
        self.register_buffer("mean", torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(IMAGENET_STD).view(1, 3, 1, 1))
        self.proj = nn.ModuleList(nn.Conv2d(c, 1, 1, bias=False) for c in self.CHANNELS)
        self.bias = nn.Parameter(torch.zeros(1))

    def set_head(self, coef, offset):
        """coef: the linear weights over the concatenated pooled features (len sum(CHANNELS)),
        already divided by the standardisation scale; offset: the logit's constant."""
        coef = torch.as_tensor(coef, dtype=torch.float32)
        projs = list(self.proj) + list(self.face_proj)
        assert len(coef) == sum(p.in_channels for p in projs), (len(coef), [p.in_channels for p in projs])
        i = 0
        with torch.no_grad():
            for conv in projs:
                c = conv.in_channels
                conv.weight.copy_(coef[i:i + c].view(1, c, 1, 1))
                i += c
            self.bias.fill_(float(offset))

    def forward(self, x):
        h = (x - self.mean) / self.std
        cam = None
        k = 0
        for i, block in enumerate(self.features):
            h = block(h)
            if i in self.LAYERS:
                m = self.proj[k](h)
                if self.POOL[k] > 1:
                    m = nn.functional.avg_pool2d(m, self.POOL[k])
                cam = m if cam is None else cam + m
                k += 1
        if self.face is not None:
            for proj, pool, f in zip(self.face_proj, self.FACE_POOL, self.face.maps(x)):
                m = proj(f)
                cam = cam + (nn.functional.avg_pool2d(m, pool) if pool > 1 else m)
        cam = cam + self.bias
        return cam.mean(dim=(2, 3)), cam
