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
