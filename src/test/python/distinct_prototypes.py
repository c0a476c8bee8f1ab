#!/usr/bin/python3
"""Where not every normal row fits as a prototype, which should the kNN head keep? KDD99 10 %, the DAGMM/ALAD
protocol (normal. rows are the anomalies; a 50/50 split; train on the rest of the training half), rows encoded as
ganwatch's encoder scales numbers (encoding_knn.py) with the three categorical columns one-hot. The head
(metric_knn.head_scores) on 4,096 prototypes chosen four ways:

- a uniform sample of the normal training rows (before);
- the first 4,096 distinct rows of a seeded permutation (KnnHeads' first change);
- all 4,096 by farthest-first traversal of the distinct rows (a k-center coreset);
- half the first distinct rows, half farthest-first from them among a pool of the first 8 x 4,096 distinct rows
  (detector/Prototypes, today's).

The KDD99 normal rows repeat heavily, and a deployment's "normal" rows may hold a few anomalies, so each seed can also
be run with a share of the training half's anomalies added to the normal training rows (--contamination).
Scored on 40,000 test rows of each seed's split; prints ROC-AUC, PR-AUC and F1 at the test contamination.

Usage: /usr/bin/python3 src/test/python/distinct_prototypes.py ../shared/datasets/kdd99/kddcup.data_10_percent.gz \
           [--seeds 1,2,3] [--contamination 0,0.002,0.01]
"""
import argparse
import gzip
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from sklearn.metrics import average_precision_score, f1_score, roc_auc_score
from encoding_knn import encode
from metric_knn import head_scores

PROTOTYPES = 4096
POOL_FACTOR = 8


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
    """The first m distinct rows of a permutation, as Prototypes.distinct takes them."""
    seen, out = set(), []
    for i in rng.permutation(len(rows)):
        key = rows[i].tobytes()
        if key not in seen:
            seen.add(key)
            out.append(i)
            if len(out) == m:
                break
    return rows[np.array(out)]


def farthest_first(pool, taken, total):
    """Indices: the first `taken` of the pool, then each next the one farthest from all taken so far."""
    sq = (pool ** 2).sum(1)
    nearest = np.full(len(pool), np.inf)
    for s in range(0, taken, 256):
        block = pool[s:min(s + 256, taken)]
        d = sq[:, None] - 2 * pool @ block.T + (block ** 2).sum(1)[None, :]
        nearest = np.minimum(nearest, np.maximum(d.min(1), 0))
    chosen = list(range(taken))
    for _ in range(total - taken):
        i = int(np.argmax(nearest))
        chosen.append(i)
        nearest = np.minimum(nearest, ((pool - pool[i]) ** 2).sum(1))
    return np.array(chosen)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kdd99")
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--contamination", default="0")
    args = ap.parse_args()
    numeric, onehot, y = load(args.kdd99)
    for contamination in [float(c) for c in args.contamination.split(",")]:
        for seed in [int(s) for s in args.seeds.split(",")]:
            rng = np.random.default_rng(seed)
            perm = rng.permutation(len(y))
            train, test = perm[:len(y) // 2], perm[len(y) // 2:]
            normal, anomalies = train[y[train] == 0], train[y[train] == 1]
            added = int(contamination * len(normal))
            if added:
                normal = np.concatenate([normal, rng.choice(anomalies, added, replace=False)])
            a, b = encode(numeric[normal], numeric[test], two_valued_floor=1.0)
            a, b = np.hstack([a, onehot[normal]]), np.hstack([b, onehot[test]])
            keep = rng.choice(len(b), 40000, replace=False)
            b, labels = b[keep], y[test][keep]
            distinct = np.unique(a, axis=0)
            print(f"seed {seed}, {added} anomalies added: {len(a)} normal training rows, {len(distinct)} distinct",
                  flush=True)
            pool = first_distinct(a, POOL_FACTOR * PROTOTYPES, np.random.default_rng(seed + 10))
            for name, protos in (
                    ("uniform sample", a[np.random.default_rng(seed + 10).choice(len(a), PROTOTYPES, replace=False)]),
                    ("first distinct", pool[:PROTOTYPES]),
                    ("all farthest-first", distinct[farthest_first(distinct, 1, PROTOTYPES)]),
                    ("half sample, half farthest", pool[farthest_first(pool, PROTOTYPES // 2, PROTOTYPES)])):
                s = head_scores(protos, b)[0]
                f1 = f1_score(labels, s >= np.quantile(s, 1 - labels.mean()))
                print(f"  {name:28s} ROC-AUC {roc_auc_score(labels, s):.4f}  PR-AUC "
                      f"{average_precision_score(labels, s):.4f}  F1 @ contamination {f1:.4f}", flush=True)


if __name__ == "__main__":
    main()
