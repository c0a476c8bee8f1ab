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
from kde_head import evaluate  # the same rows, held back the same way
from metric_knn import head_scores


def bagged(held, fit, B, rng):
    """Today's head and the bagged variants, for one seed's rows."""
    sc = {"head": head_scores(fit, B)[0]}
    d, P = fit.shape[1], len(fit)
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
    return sc


if __name__ == "__main__":
    evaluate(sys.argv[1:], bagged)
