#!/usr/bin/python3
"""The kNN head plus a Gaussian kernel density over the same prototypes (kde_head.py), combined without labels: each
score is standardised against the held-back normal rows' scores (median and interquartile range), then
head + w * density, for w 0.25, 0.5 and 1 and three bandwidths (scikit-learn's 'scale' rule 1 / (width * variance),
four times it, and 1 / h^2 with h^2 the median squared distance of a prototype to its 5th neighbour). Same protocol,
hold-back and prototypes as kde_head.py; prints mean ROC-AUC/PR-AUC per score over seeds 1-3.

Usage: /usr/bin/python3 src/test/python/combo_head.py ../shared/datasets/adbench/*.npz
"""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from kde_head import evaluate, kde
from metric_knn import head_scores, knn


def standardised(scores, held):
    """Scores in units of the held-back normal rows' interquartile range, from their median."""
    spread = np.percentile(held, 75) - np.percentile(held, 25)
    return (scores - np.median(held)) / (spread if spread > 0 else 1.0)


def combined(held, fit, B, rng):
    """Today's head and its sums with a density, for one seed's rows."""
    sc = {}
    head_test, head_held = head_scores(fit, B)[0], head_scores(fit, held)[0]
    sc["head"] = head_test
    d, var = fit.shape[1], fit.var()
    _, pd = knn(fit, fit, skip_self=True)
    h2 = np.median(pd[:, -1] ** 2)
    for name, gamma in (("scale", 1 / (d * var)), ("scale4", 4 / (d * var)), ("knn", 1 / h2)):
        dens_test, dens_held = kde(fit, B, gamma), kde(fit, held, gamma)
        for w in (0.25, 0.5, 1.0):
            sc[f"{name}w{w}"] = standardised(head_test, head_held) + w * standardised(dens_test, dens_held)
    return sc


if __name__ == "__main__":
    evaluate(sys.argv[1:], combined)
