"""Tables of head.py --json runs side by side (one row per setting in each file), in markdown:
grouped CV, LOMO mean (and the per-method LOMO AUCs weighted by their fakes), fixtures AUC, the top-scoring fixture reals, then per-method LOMO and
the fixtures' per-video scores.

  /usr/bin/python3 -m telltale_train.compare ../bench/out/pool/mean.json ../bench/out/pool/meanmax.json
"""
import json
import sys

from . import data


def label(r):
    return f"{r.get('pool', 'mean')} C={r['C']}"


def main(argv=None):
    runs = []
    for path in (argv if argv is not None else sys.argv[1:]):
        with open(path) as f:
            runs.extend(json.load(f))
    fx_label = {r["file"]: r["label"] for r in data.fixtures_manifest()}
    print("| pool | grouped CV | LOMO mean | LOMO, fakes-weighted | fixtures | top fixture reals (score; fakes below it) |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for r in runs:
        pv = {f: s for f, s in r["fixtures"]["per_video"].items() if s is not None}
        fakes = [s for f, s in pv.items() if fx_label.get(f) == "fake"]
        reals = sorted(((s, f) for f, s in pv.items() if fx_label.get(f) == "real"), reverse=True)[:3]
        top = "; ".join(f"{f.replace('real__', '')} {s:+.2f} ({sum(x < s for x in fakes)}/{len(fakes)})"
                        for s, f in reals)
        pm = [x for x in r["lomo"]["per_method"].values() if x["auc"] is not None]
        weighted = sum(x["auc"] * x["n"] for x in pm) / sum(x["n"] for x in pm)
        print(f"| {label(r)} | {r['grouped_cv']['auc']:.3f} | {r['lomo']['method_mean_auc']:.3f} | {weighted:.3f} | "
              f"{r['fixtures']['auc']:.3f} | {top} |")
    methods = sorted(runs[0]["lomo"]["per_method"])
    print("\n| LOMO AUC | n | " + " | ".join(label(r) for r in runs) + " |")
    print("| --- | ---: |" + " ---: |" * len(runs))
    for m in methods:
        n = runs[0]["lomo"]["per_method"][m]["n"]
        cells = []
        for r in runs:
            a = r["lomo"]["per_method"].get(m, {}).get("auc")
            cells.append("-" if a is None else f"{a:.2f}")
        print(f"| {m} | {n} | " + " | ".join(cells) + " |")
    files = sorted(runs[0]["fixtures"]["per_video"], key=lambda f: (fx_label.get(f, ""), f))
    print("\n| fixture (mean frame logit) | label | " + " | ".join(label(r) for r in runs) + " |")
    print("| --- | --- |" + " ---: |" * len(runs))
    for f in files:
        cells = []
        for r in runs:
            s = r["fixtures"]["per_video"].get(f)
            cells.append("no face" if s is None else f"{s:+.2f}")
        print(f"| {f} | {fx_label.get(f, '?')} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
