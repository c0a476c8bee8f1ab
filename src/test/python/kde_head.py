#!/usr/bin/python3
"""Other heads than the kNN head, on rows encoded as ganwatch encodes them (encoding_knn.py), on the peers'
ADBench protocol (3 seeds): a Gaussian kernel density over the same prototypes, -log sum exp(-gamma d^2), with
gamma from scikit-learn's 'scale' rule (1 / (width * variance)) times 0.25, 1 or 4, or 1 / (2 m h^2) with h^2 the
median squared distance of a prototype to its 5th neighbour and m 0.5, 1 or 2; and OC-SVM (the peers' settings)
on the encoded rows. As in training, 20 % of the normal rows are held back and up to 4096 (8192 for rows of at most
16 columns) of the rest are the prototypes. Prints mean ROC-AUC/PR-AUC per head.

Usage: /usr/bin/python3 src/test/python/kde_head.py ../shared/datasets/adbench/*.npz
"""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from scipy.special import logsumexp
from sklearn.metrics import roc_auc_score, average_precision_score
from sklearn.model_selection import train_test_split
from sklearn.svm import OneClassSVM
from encoding_knn import encode
from metric_knn import head_scores, sqdist, knn


def kde(protos, q, gamma):
    """-log sum over the prototypes of exp(-gamma d^2), per query row."""
    out = []
    for s in range(0, len(q), 1024):
        d = sqdist(q[s:s+1024], protos)
        out.append(-logsumexp(-gamma * d, axis=1))
    return np.concatenate(out)

def prototype_cap(width):
    """Prototypes the head keeps at most for rows of `width` encoded columns (AladConfig.maxPrototypes)."""
    return 8192 if width <= 16 else 4096


def protocol(path, sample=True):
    """The peers' protocol on one archive, seeds 1-3, as training holds rows back: yields the seed, the held-back
    normal rows, the prototypes (all fitted rows when not `sample`, else a sample of up to prototype_cap of them),
    the encoded test rows, their labels, and the seed's generator (for more draws)."""
    z = np.load(path, allow_pickle=True)
    X, y = z["X"].astype(float), z["y"].astype(int).ravel()
    for seed in (1, 2, 3):
        Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, stratify=y, random_state=seed)
        A, B = encode(Xtr[ytr == 0], Xte, two_valued_floor=1.0)
        rng = np.random.default_rng(seed)
        perm = rng.permutation(len(A))
        nh = int(0.2 * len(A))
        held, fit = A[perm[:nh]], A[perm[nh:]]
        cap = prototype_cap(A.shape[1])
        if sample and len(fit) > cap:
            fit = fit[rng.choice(len(fit), cap, replace=False)]
        yield seed, held, fit, B, yte, rng


def report(path, res):
    """One line per archive: mean ROC-AUC/PR-AUC over the seeds of each score in res (name -> [(roc, pr), ...])."""
    print(os.path.basename(path).rsplit(".", 1)[0].ljust(16),
          "  ".join(f"{k}: {np.mean([r[0] for r in v]):.4f}/{np.mean([r[1] for r in v]):.3f}" for k, v in res.items()),
          flush=True)


def evaluate(files, scores):
    """For each archive, seeds 1-3 of protocol(): scores(held, fit, B, rng) gives {name: test scores}; prints the mean
    ROC-AUC/PR-AUC of each name (report)."""
    for f in files:
        res = {}
        for seed, held, fit, B, yte, rng in protocol(f):
            for k, v in scores(held, fit, B, rng).items():
                res.setdefault(k, []).append((roc_auc_score(yte, v), average_precision_score(yte, v)))
        report(f, res)


def heads(held, fit, B, rng):
    """Today's head, the densities and OC-SVM on the encoding, for one seed's rows."""
    sc = {}
    sc["head"] = head_scores(fit, B)[0]
    d = fit.shape[1]
    var = fit.var()
    _, pd = knn(fit, fit, skip_self=True)
    h2 = np.median(pd[:, -1] ** 2)
    for m in (0.25, 1, 4):
        sc[f"kde-scale*{m}"] = kde(fit, B, m / (d * var))
    for m in (0.5, 1, 2):
        sc[f"kde-knn*{m}"] = kde(fit, B, 1 / (2 * m * h2))
    sc["ocsvm-enc"] = -OneClassSVM(kernel="rbf", nu=0.1, gamma="scale").fit(fit[:10000]).decision_function(B)
    return sc


if __name__ == "__main__":
    evaluate(sys.argv[1:], heads)
