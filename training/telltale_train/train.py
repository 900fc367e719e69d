"""Trains the blend model on self-blended real faces.

  /usr/bin/python3 -m telltale_train.train --out training/out/run [--minutes 25] [--limit N]

On a CUDA machine (--device cuda, more --workers, --repeat so that worker start-up is paid once per
several passes) the same loop runs unchanged; the sample stream depends on (seed, pass, index)
only, so the data seen do not depend on the device or the worker count.
"""
import argparse
import json
import os
import random
import time

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.metrics import roc_auc_score

from . import blend, data
from .model import BlendNet, load_int8_backbone

PRETRAINED = os.path.join(data.SHARED, "models", "pretrained", "mobilenet_v2_imagenet_int8.pt")


class PairSet(torch.utils.data.Dataset):
    def __init__(self, items, seed, fixed=False, repeat=1):
        self.items, self.seed, self.fixed, self.epoch, self.repeat = items, seed, fixed, 0, repeat

    def __len__(self):
        return len(self.items) * self.repeat

    def __getitem__(self, k):
        # k covers `repeat` passes: pass = epoch * repeat + k // n, each with its own draws.
        i, extra = k % len(self.items), k // len(self.items)
        passes = self.epoch * self.repeat + extra
        seed = self.seed * 1_000_003 + i + (0 if self.fixed else passes * 7919 * len(self.items))
        rng = np.random.default_rng(seed)
        np.random.seed(seed % (2**32))
        path, pts = self.items[i]
        real, fake, _ = blend.make_pair(data.read_rgb(path), pts, rng)
        x = np.stack([real, fake]).astype(np.float32).transpose(0, 3, 1, 2) / 255
        return torch.from_numpy(x), torch.tensor([0.0, 1.0])


def collate(batch):
    return torch.cat([b[0] for b in batch]), torch.cat([b[1] for b in batch])


def evaluate(model, loader, device="cpu"):
    model.eval()
    ys, ps = [], []
    with torch.no_grad():
        for x, y in loader:
            ps.append(torch.sigmoid(model(x.to(device))[0]).squeeze(1).cpu().numpy())
            ys.append(y.numpy())
    model.train()
    y, p = np.concatenate(ys), np.concatenate(ps)
    return float(roc_auc_score(y, p)), float(((p > 0.5) == y).mean())


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--minutes", type=float, default=25)
    ap.add_argument("--epochs", type=int, default=100)
    ap.add_argument("--batch", type=int, default=16, help="faces per step (x2 samples: real + blend)")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N faces (smoke test)")
    ap.add_argument("--steps", type=int, default=0, help="stop after N steps (smoke test)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--seed", type=int, default=19, help="initialisation, order and augmentation")
    ap.add_argument("--split-seed", type=int, default=19, help="train/validation split of the faces")
    ap.add_argument("--faces-dir", default=None)
    ap.add_argument("--landmarks", default=None)
    ap.add_argument("--init", default=None, help="start from this checkpoint (continue training)")
    ap.add_argument("--lr-scale", type=float, default=1.0)
    ap.add_argument("--device", default="cpu", help="cpu, or cuda where a GPU is present")
    ap.add_argument("--repeat", type=int, default=1, help="passes over the faces per loader epoch")
    ap.add_argument("--resample-p", type=float, default=blend.RESAMPLE_P,
                    help="share of crops of both classes down- and up-scaled (blur is not the label)")
    ap.add_argument("--resample-max", type=float, default=blend.RESAMPLE_MAX)
    a = ap.parse_args(argv)
    blend.RESAMPLE_P, blend.RESAMPLE_MAX = a.resample_p, a.resample_max  # data workers fork after this
    random.seed(a.seed)
    np.random.seed(a.seed)
    torch.manual_seed(a.seed)
    torch.set_num_threads(a.threads)
    os.makedirs(a.out, exist_ok=True)

    items = data.real_faces(a.faces_dir, a.landmarks)
    if a.limit:
        items = items[: a.limit]
    order = np.random.default_rng(a.split_seed).permutation(len(items))
    n_val = max(2, len(items) // 20)
    val = [items[i] for i in order[:n_val]]
    train = [items[i] for i in order[n_val:]]
    model = BlendNet()
    if a.init:  # a checkpoint (float16 is fine: copied into the float32 parameters)
        model.load_state_dict(torch.load(a.init, map_location="cpu"))
        loaded = f"all, from {a.init}"
    else:
        loaded = load_int8_backbone(model, PRETRAINED)
    model.to(a.device)
    print(f"faces: {len(train)} train, {len(val)} val; backbone convs loaded: {loaded}; {a.device}", flush=True)

    train_set = PairSet(train, a.seed, repeat=a.repeat)
    loader_args = dict(collate_fn=collate, num_workers=a.workers, persistent_workers=False)
    val_loader = torch.utils.data.DataLoader(PairSet(val, a.seed + 1, fixed=True), batch_size=32, **loader_args)
    params = [
        {"params": model.features.parameters(), "lr": 3e-4 * a.lr_scale},
        {"params": model.head.parameters(), "lr": 1e-3 * a.lr_scale},
    ]
    opt = torch.optim.AdamW(params, weight_decay=1e-4)
    steps_per_epoch = max(1, len(train) // a.batch)
    started = time.time()
    budget = a.minutes * 60
    step, log = 0, []
    done = False
    for epoch in range(a.epochs):
        train_set.epoch = epoch
        g = torch.Generator().manual_seed(a.seed + epoch)
        loader = torch.utils.data.DataLoader(train_set, batch_size=a.batch, shuffle=True, generator=g,
                                             drop_last=True, **loader_args)
        for x, y in loader:
            frac = min(1.0, (time.time() - started) / budget)
            for group, base in zip(opt.param_groups, (3e-4 * a.lr_scale, 1e-3 * a.lr_scale)):
                group["lr"] = base * 0.5 * (1 + np.cos(np.pi * frac))  # cosine over the time budget
            x, y = x.to(a.device, non_blocking=True), y.to(a.device, non_blocking=True)
            logit, _ = model(x)
            loss = F.binary_cross_entropy_with_logits(logit.squeeze(1), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            step += 1
            if step % 20 == 0:
                el = time.time() - started
                print(f"epoch {epoch} step {step} loss {loss.item():.4f} {el:.0f}s "
                      f"{step * a.batch * 2 / el:.1f} img/s", flush=True)
            if (a.steps and step >= a.steps) or time.time() - started > budget:
                done = True
                break
        auc, acc = evaluate(model, val_loader, a.device)
        log.append({"epoch": epoch, "step": step, "seconds": round(time.time() - started), "val_auc": auc, "val_acc": acc})
        print(f"epoch {epoch}: val SBI AUC {auc:.4f} acc {acc:.3f}", flush=True)
        torch.save({k: v.cpu() for k, v in model.state_dict().items()}, os.path.join(a.out, "model.pt"))
        if done:
            break
    with open(os.path.join(a.out, "train-log.json"), "w") as f:
        json.dump({"args": vars(a), "faces_train": len(train), "faces_val": len(val), "steps": step,
                   "seconds": round(time.time() - started), "epochs": log}, f, indent=1)
    return model


if __name__ == "__main__":
    main()
