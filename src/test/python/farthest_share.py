#!/usr/bin/python3
"""How large a share of the kNN head's prototypes should farthest-first traversal choose, on ADBench sets whose normal
rows do not all fit? Protocol of kde_head.py (the peers' splits, seeds 1-3, 20 % of the normal training rows held
back, up to 4,096 prototypes, 8,192 for rows of at most 16 columns); the pool is the first 8 x that many distinct
fitted rows of a permutation (distinct_prototypes.first_distinct), and the prototypes are its first rows (the sample)
or the sample's first (1 - share) of them plus the rest farthest-first from them (detector/Prototypes uses a half).
Prints mean ROC-AUC/PR-AUC per share.

Usage: /usr/bin/python3 src/test/python/farthest_share.py ../shared/datasets/adbench/{5_campaign,32_shuttle}.npz
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.model_selection import train_test_split
from distinct_prototypes import farthest_first, first_distinct
from encoding_knn import encode
from metric_knn import head_scores

SHARES = (0.125, 0.25, 0.5)


def main(files):
    for f in files:
        z = np.load(f, allow_pickle=True)
        X, y = z["X"].astype(float), z["y"].astype(int).ravel()
        res = {}
        for seed in (1, 2, 3):
            Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, stratify=y, random_state=seed)
            A, B = encode(Xtr[ytr == 0], Xte, two_valued_floor=1.0)
            perm = np.random.default_rng(seed).permutation(len(A))
            fit = A[perm[int(0.2 * len(A)):]]
            cap = 8192 if A.shape[1] <= 16 else 4096
            pool = first_distinct(fit, 8 * cap, np.random.default_rng(seed + 10))
            variants = {"sample": pool[:cap]}
            for share in SHARES:
                if len(pool) > cap:
                    variants[f"farthest {share}"] = pool[farthest_first(pool, cap - int(share * cap), cap)]
            for name, protos in variants.items():
                s = head_scores(protos, B)[0]
                res.setdefault(name, []).append((roc_auc_score(yte, s), average_precision_score(yte, s)))
        print(os.path.basename(f), "  ".join(f"{k}: {np.mean([r[0] for r in v]):.4f}/{np.mean([r[1] for r in v]):.4f}"
                                            for k, v in res.items()), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
