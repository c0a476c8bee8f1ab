#!/usr/bin/python3
"""The kNN head's k and aggregation, and more prototypes, on rows encoded as ganwatch encodes them (encoding_knn.py),
on the peers' ADBench protocol (3 seeds, kde_head.protocol). The prototypes are all normal training rows (held back
and fitted) where they fit under the cap, as the head keeps them today. Scores: the head (mean distance to the k
nearest over the mean of their spreads ^ 0.25) for k = 5 (today), 10 and 20; k = 10 without the spread; the largest
of the 5 distances instead of their mean. With --prototypes (for sets over the cap, such as 32_shuttle): the cap
(sampled from the fitted rows), 2 and 4 times the cap, and every normal training row. Prints mean ROC-AUC/PR-AUC.

Usage: /usr/bin/python3 src/test/python/k_sweep.py ../shared/datasets/adbench/*.npz
       /usr/bin/python3 src/test/python/k_sweep.py --prototypes ../shared/datasets/adbench/32_shuttle.npz
"""
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
import kde_head
import metric_knn as mk
from kde_head import prototype_cap


def head(protos, B, k=5, alpha=0.25, largest=False):
    """The head's score (metric_knn.head_scores) with k neighbours."""
    return mk.head_scores(protos, B, k=k, alpha=alpha, largest=largest)[0]


def ks(held, fit, B, rng):
    allp = np.concatenate([held, fit])
    protos = allp if len(allp) <= prototype_cap(allp.shape[1]) else fit
    sc = {f"k{k}": head(protos, B, k) for k in (5, 10, 20)}
    sc["k10a0"] = head(protos, B, 10, alpha=0.0)
    sc["k5max"] = head(protos, B, largest=True)
    return sc


def prototypes(held, fit, B, rng):
    allp = np.concatenate([held, fit])
    cap = prototype_cap(allp.shape[1])
    sc = {"cap": head(fit[rng.choice(len(fit), cap, replace=False)] if len(fit) > cap else fit, B)}
    for m in (2, 4):
        sc[f"cap*{m}"] = head(allp[rng.choice(len(allp), min(len(allp), cap * m), replace=False)], B)
    sc["all"] = head(allp, B)
    return sc


if __name__ == "__main__":
    if sys.argv[1] == "--prototypes":
        unsampled = kde_head.protocol
        kde_head.protocol = lambda path: unsampled(path, sample=False)
        kde_head.evaluate(sys.argv[2:], prototypes)
    else:
        kde_head.evaluate(sys.argv[1:], ks)
