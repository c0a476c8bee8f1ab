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
from sklearn.metrics import roc_auc_score, average_precision_score
from kde_head import protocol, report
from metric_knn import head_scores


def main(files):
    for f in files:
        res = {}
        for seed, held, fit, B, yte, rng in protocol(f):
            half = len(held) // 2
            sc = {"80%": head_scores(fit, B)[0], "90%": head_scores(np.vstack([fit, held[:half]]), B)[0],
                  "100%": head_scores(np.vstack([fit, held]), B)[0]}
            for k, v in sc.items():
                res.setdefault(k, []).append((roc_auc_score(yte, v), average_precision_score(yte, v)))
        report(f, res)


if __name__ == "__main__":
    main(sys.argv[1:])
