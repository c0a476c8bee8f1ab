#!/usr/bin/python3
"""Where normal rows repeat, which prototypes should the kNN head keep? KDD99 10 %, the DAGMM/ALAD protocol (normal.
rows are the anomalies; a 50/50 split; train on the rest of the training half), rows encoded as ganwatch's encoder
scales numbers (encoding_knn.py) with the three categorical columns one-hot. The head (metric_knn.head_scores) on
4,096 prototypes chosen three ways: a uniform sample of the normal training rows (before), a uniform sample of their
distinct rows, and the first 4,096 distinct rows of a seeded permutation (KnnHeads.distinct, today). Scored on
40,000 test rows of each seed's split; prints ROC-AUC, PR-AUC and F1 at the test contamination.

Usage: /usr/bin/python3 src/test/python/distinct_prototypes.py ../shared/datasets/kdd99/kddcup.data_10_percent.gz
"""
import gzip
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from sklearn.metrics import average_precision_score, f1_score, roc_auc_score
from encoding_knn import encode
from metric_knn import head_scores

PROTOTYPES = 4096


def load(path):
    """Numeric columns, one-hot categorical columns, and 1 for `normal.` (the anomalies of this protocol)."""
    rows = [line.rstrip("\n").split(",") for line in gzip.open(path, "rt")]
    y = np.array([r[41] == "normal." for r in rows], dtype=int)
    numeric = np.array([[float(v) for i, v in enumerate(r[:41]) if i not in (1, 2, 3)] for r in rows])
    blocks = []
    for c in (1, 2, 3):
        index = {v: i for i, v in enumerate(sorted(set(r[c] for r in rows)))}
        block = np.zeros((len(rows), len(index)))
        block[np.arange(len(rows)), [index[r[c]] for r in rows]] = 1
        blocks.append(block)
    return numeric, np.hstack(blocks), y


def first_distinct(rows, m, rng):
    """The first m distinct rows of a permutation, as KnnHeads.distinct takes them."""
    seen, out = set(), []
    for i in rng.permutation(len(rows)):
        key = rows[i].tobytes()
        if key not in seen:
            seen.add(key)
            out.append(i)
            if len(out) == m:
                break
    return rows[np.array(out)]


def main(path):
    numeric, onehot, y = load(path)
    for seed in (1, 2, 3):
        rng = np.random.default_rng(seed)
        perm = rng.permutation(len(y))
        train, test = perm[:len(y) // 2], perm[len(y) // 2:]
        normal = train[y[train] == 0]
        a, b = encode(numeric[normal], numeric[test], two_valued_floor=1.0)
        a, b = np.hstack([a, onehot[normal]]), np.hstack([b, onehot[test]])
        keep = rng.choice(len(b), 40000, replace=False)
        b, labels = b[keep], y[test][keep]
        distinct = np.unique(a, axis=0)
        print(f"seed {seed}: {len(a)} normal training rows, {len(distinct)} distinct", flush=True)
        for name, protos in (("uniform sample", a[rng.choice(len(a), PROTOTYPES, replace=False)]),
                             ("sample of distinct rows", distinct[rng.choice(len(distinct), PROTOTYPES, replace=False)]),
                             ("first distinct of a permutation", first_distinct(a, PROTOTYPES, rng))):
            s = head_scores(protos, b)[0]
            f1 = f1_score(labels, s >= np.quantile(s, 1 - labels.mean()))
            print(f"  {name:32s} ROC-AUC {roc_auc_score(labels, s):.4f}  PR-AUC "
                  f"{average_precision_score(labels, s):.4f}  F1 @ contamination {f1:.4f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
