"""Smoke test: a few training steps on a few synthetic faces, export to ONNX, reload the ONNX
weights and check the outputs. Run: /usr/bin/python3 -m unittest discover -s training/tests
(npm test runs it through tests/unit/training/smoke.test.ts)."""
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from synthetic import write_faces  # noqa: E402
from telltale_train import blend, data, train  # noqa: E402
from telltale_train.export import export, load_onnx_weights  # noqa: E402
from telltale_train.preprocess import SIZE, blend_input, face_box  # noqa: E402


class Smoke(unittest.TestCase):
    def test_blend_pairs_differ_inside_the_mask_only(self):
        with tempfile.TemporaryDirectory() as tmp:
            faces, cache = write_faces(tmp, 2)
            items = data.real_faces(faces, cache)
            rng = np.random.default_rng(0)
            real, fake, kind = blend.make_pair(data.read_rgb(items[0][0]), items[0][1], rng)
            self.assertEqual(real.shape, (SIZE, SIZE, 3))
            self.assertIn(kind, blend.MASK_KINDS)
            x = blend_input(data.read_rgb(items[0][0]), face_box(items[0][1]))
            self.assertEqual(x.shape, (1, 3, SIZE, SIZE))
            self.assertTrue(0 <= x.min() and x.max() <= 1)

    def test_train_export_reload(self):
        with tempfile.TemporaryDirectory() as tmp:
            faces, cache = write_faces(tmp, 8)
            out = os.path.join(tmp, "run")
            train.main(["--out", out, "--limit", "8", "--steps", "2", "--batch", "2", "--workers", "0",
                        "--faces-dir", faces, "--landmarks", cache, "--threads", "1"])
            info = export(os.path.join(out, "model.pt"), os.path.join(tmp, "m.onnx"))
            self.assertLess(info["bytes"], 10 * 1024 * 1024)
            net = load_onnx_weights(info["file"])
            with torch.no_grad():
                logit, cam = net(torch.rand(2, 3, SIZE, SIZE))
            self.assertEqual(tuple(logit.shape), (2, 1))
            self.assertEqual(tuple(cam.shape), (2, 1, SIZE // 32, SIZE // 32))
            self.assertTrue(torch.isfinite(logit).all())


class FrameHead(unittest.TestCase):
    def test_head_folds_into_the_exported_network(self):
        self.check_fold("imagenet", face=False)

    def test_head_folds_into_the_exported_two_trunk_network(self):
        self.check_fold("imagenet+retina", face=True)

    def check_fold(self, names, face):
        """A head fitted on pooled backbone features, folded into FrameNet and exported, gives
        the head's own logits on the same crops, and its CAM averages to the logit."""
        from telltale_train.export import export_net
        from telltale_train.features import backbone, layer_features
        from telltale_train.head import Head, build_net
        torch.manual_seed(0)
        x = torch.rand(12, 3, SIZE, SIZE)
        x[6:, 0] *= 0.5  # the "fakes" are less red: something to learn
        with torch.no_grad():
            feats = np.concatenate([layer_features(backbone(n), x).numpy() for n in names.split("+")], 1)
        d = {"X": feats, "video": np.arange(12), "label": np.array(["real"] * 6 + ["fake"] * 6)}
        h = Head(C=0.1, sbi_weight=0).fit(d, np.arange(12))
        with tempfile.TemporaryDirectory() as tmp:
            info = export_net(build_net(h, face), os.path.join(tmp, "f.onnx"))
            self.assertLess(info["bytes"], 10 * 1024 * 1024)
            net = load_onnx_weights(info["file"])
        with torch.no_grad():
            logit, cam = net(x)
        self.assertEqual(tuple(cam.shape), (12, 1, 4, 4))
        np.testing.assert_allclose(logit[:, 0].numpy(), h.frame_logits(feats), atol=1e-3)
        np.testing.assert_allclose(cam.mean(dim=(2, 3))[:, 0].numpy(), logit[:, 0].numpy(), atol=1e-5)
        self.assertGreater(logit[6:].mean(), logit[:6].mean())


if __name__ == "__main__":
    unittest.main()
