#!/usr/bin/python3
"""Feature bagging of the kNN head (Lazarevic and Kumar, 2005), on rows encoded as ganwatch encodes them, on the
peers' ADBench protocol (3 seeds): R members, each the head on a random subset of frac of the columns (and,
with sub > 1, on a random 1/sub of the prototypes, which keeps the scoring cost of one head), each scaled by
its mean on the held-back normal rows, averaged. Held-back rows and prototypes as in training. Prints mean
ROC-AUC/PR-AUC per variant, named bagR-frac/sub.

Usage: /usr/bin/python3 src/test/python/feature_bagging.py ../shared/datasets/adbench/*.npz
"""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from sklearn.metrics import roc_auc_score, average_precision_score
from sklearn.model_selection import train_test_split
from encoding_knn import encode
from metric_knn import head_scores

def main(files):
    for f in files:
        z = np.load(f, allow_pickle=True)
        X, y = z["X"].astype(float), z["y"].astype(int).ravel()
        res = {}
        for seed in (1, 2, 3):
            Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, stratify=y, random_state=seed)
            A, B = encode(Xtr[ytr == 0], Xte, two_valued_floor=1.0)
            rng = np.random.default_rng(seed)
            perm = rng.permutation(len(A))
            nh = int(0.2 * len(A))
            held, fit = A[perm[:nh]], A[perm[nh:]]
            cap = 8192 if A.shape[1] <= 16 else 4096
            if len(fit) > cap:
                fit = fit[rng.choice(len(fit), cap, replace=False)]
            sc = {}
            base = head_scores(fit, B)[0]
            sc["head"] = base
            d = A.shape[1]
            P = len(fit)
            for R, frac, sub in ((8, 0.75, 1), (8, 0.75, 8), (4, 0.75, 4), (16, 0.75, 16), (8, 0.6, 8)):
                acc = np.zeros(len(B))
                for r in range(R):
                    m = max(2, int(round(frac * d)))
                    cols = rng.choice(d, m, replace=False)
                    pr = fit if sub == 1 else fit[rng.choice(P, max(P // sub, 64), replace=False)]
                    s = head_scores(pr[:, cols], B[:, cols])[0]
                    h = head_scores(pr[:, cols], held[:, cols])[0]
                    acc += s / max(np.mean(h), 1e-9)
                sc[f"bag{R}-{frac}/{sub}"] = acc
            for k, v in sc.items():
                res.setdefault(k, []).append((roc_auc_score(yte, v), average_precision_score(yte, v)))
        print(os.path.basename(f).rsplit(".", 1)[0].ljust(16),
              "  ".join(f"{k}: {np.mean([r[0] for r in v]):.4f}/{np.mean([r[1] for r in v]):.3f}" for k, v in res.items()), flush=True)

main(sys.argv[1:])
