#!/usr/bin/python3
"""Should the kNN head's prototypes include the normal rows that training holds back? On the protocol of kde_head.py
(seeds 1-3; 20 % of the normal training rows held back, up to 4096 or 8192 of the rest the prototypes), the head's
ROC-AUC/PR-AUC with today's prototypes (80 % of the rows), with half the held-back rows added (90 %), and with all of
them (100 %). The held-back rows calibrate the threshold today, so using them needs leave-one-out calibration scores.

Usage: /usr/bin/python3 src/test/python/all_prototypes.py ../shared/datasets/adbench/*.npz
"""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from kde_head import evaluate
from metric_knn import head_scores


def prototypes(held, fit, B, rng):
    """The head on 80 %, 90 % and 100 % of the normal rows as prototypes, for one seed's rows."""
    half = len(held) // 2
    return {"80%": head_scores(fit, B)[0], "90%": head_scores(np.vstack([fit, held[:half]]), B)[0],
            "100%": head_scores(np.vstack([fit, held]), B)[0]}


if __name__ == "__main__":
    evaluate(sys.argv[1:], prototypes)
