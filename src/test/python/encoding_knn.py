#!/usr/bin/python3
"""kNN (distance to the 5th nearest normal training row) on rows encoded the way ganwatch's encoder
scales numeric columns, and on variants of that scaling, on the peers' ADBench protocol (3 seeds,
the same splits as ../shared/peers/detect_peers.py). No GAN is trained: this isolates the encoding.

The encoder (features/FeatureSpecLearner): log1p for a non-negative column with skewness > 2, then
(v - median) / max(IQR / 1.349, floor * std). Variants: the floor (0.5, or 1 for two-valued columns
only, or for all), no log1p, and scikit-learn's standardisation as the peers use it.

Usage: /usr/bin/python3 src/test/python/encoding_knn.py ../shared/datasets/adbench/*.npz
"""
import os
import sys

import numpy as np
from scipy.stats import skew
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.neighbors import NearestNeighbors


def encode(normal, rows, log=True, floor=0.5, two_valued_floor=0.5, standardise=False):
    """Encodes `rows` with the scaling learned on `normal`, column by column."""
    out_n, out = [], []
    for j in range(normal.shape[1]):
        a, b = normal[:, j].copy(), rows[:, j].copy()
        if standardise:
            centre, scale = a.mean(), a.std()
        else:
            if log and a.min() >= 0 and skew(a) > 2.0:
                a, b = np.log1p(a), np.log1p(np.maximum(b, 0))
            q1, centre, q3 = np.percentile(a, [25, 50, 75])
            f = two_valued_floor if len(np.unique(a)) <= 2 else floor
            scale = max((q3 - q1) / 1.349, f * a.std())
        if scale <= 1e-12:
            scale = 1.0
        out_n.append((a - centre) / scale)
        out.append((b - centre) / scale)
    return np.array(out_n).T, np.array(out).T


VARIANTS = {
    "before": dict(),
    "two-valued floor 1 (today)": dict(two_valued_floor=1.0),
    "floor 1": dict(floor=1.0, two_valued_floor=1.0),
    "no log1p": dict(log=False),
    "standardised (peers)": dict(standardise=True),
}


def main(files):
    for f in files:
        z = np.load(f, allow_pickle=True)
        X, y = z["X"].astype(float), z["y"].astype(int).ravel()
        res = {k: [] for k in VARIANTS}
        for seed in (1, 2, 3):
            Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, stratify=y, random_state=seed)
            for k, kw in VARIANTS.items():
                A, B = encode(Xtr[ytr == 0], Xte, **kw)
                d = NearestNeighbors(n_neighbors=5).fit(A).kneighbors(B)[0]
                res[k].append(roc_auc_score(yte, d[:, -1]))
        print(os.path.basename(f).rsplit(".", 1)[0].ljust(16),
              "  ".join(f"{k}: {np.mean(v):.4f}" for k, v in res.items()), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
