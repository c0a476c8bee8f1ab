#!/usr/bin/python3
"""How large a share of the kNN head's prototypes should farthest-first traversal choose, on ADBench sets whose normal
rows do not all fit? kde_head.protocol (the peers' splits, seeds 1-3, 20 % of the normal training rows held
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
from distinct_prototypes import farthest_first, first_distinct
from kde_head import protocol, prototype_cap
from metric_knn import head_scores

SHARES = (0.125, 0.25, 0.5)


def main(files):
    for f in files:
        res = {}
        for seed, _, fit, B, yte, _ in protocol(f, sample=False):
            cap = prototype_cap(fit.shape[1])
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
