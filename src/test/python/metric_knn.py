#!/usr/bin/python3
"""Which LINEAR metric on ganwatch's encoded rows makes the kNN head score better, on the peers'
ADBench protocol (3 seeds, the same splits as ../shared/peers/detect_peers.py). No GAN is trained.

Today's head (detector/KnnHeads) is, in effect, kNN under a seeded random 128-wide linear projection
of the encoded row (BENCHMARKS.md, "What ALAD's training contributes to the kNN head"). This asks
whether any linear map x -> x M that can be learned from normal rows alone would do better:

- identity: the encoded rows themselves;
- random128 (today, the baseline): a Gaussian 128-wide projection, as the untrained layer is;
- whiten-LW: Mahalanobis, the normal rows' covariance with Ledoit-Wolf shrinkage;
- whiten-s0.1 / s0.5: covariance shrunk toward (trace/d) I by that share;
- sqrt-whiten-LW: half-way, Sigma^(-1/4);
- pca95-white / pca99-white: whitening restricted to the components that hold 95 / 99 % of the variance;
- learned-I / learned-W: a square map L (from the identity / from whiten-LW) trained by Adam with a
  margin loss on kNN distances: for normal rows (the fitted ones leave-one-out, and the held-back ones)
  and column-swapped copies of them (training/CorruptedRows: each column swapped with another row's
  with probability 0.25, one always), softplus(1 - (log d(corrupted) - log d(normal))), where d is the
  mean distance to the 5 nearest prototypes under L. Fresh corruptions every step.
  learned-I-30: 30 steps only; learned-diag: a diagonal map (column weights); learned-noise: Gaussian
  noise (sd 0.5) instead of swaps; learned-1col: one column swapped, margin 0.2; learned-slow: lr 0.002;
  learned-marg: every column swapped (samples of the product of the marginals); learned-gauss: samples of
  a Gaussian fitted to the normal rows (a crude generator: the map then weighs what a Gaussian misses);
- oracle (NOT label-free, an upper bound for linear metrics): the same loss, with the training split's
  labelled anomalies in place of corrupted copies (oracle-diag: a diagonal map, column weights only).

Rows are encoded as ganwatch's encoder does (src/test/python/encoding_knn.py, today's two-valued floor).
As in DetectorTrainer, 20 % of the normal training rows are held back and the rest are the prototypes
(up to 4096). The score is the head's: mean distance to the 5 nearest prototypes divided by the mean
of their spreads to the power 0.25 (and the plain 5-NN mean distance, in brackets).

With --gan, the rows come from io.ganwatch.experiments.GeneratorSamples (encoded by ganwatch's own
encoder, after training ALAD on them), and the learned maps use the trained GAN as the negative
sampler: learned-gen (negatives = the generator's samples G(z), 100 steps; -30: 30 steps),
learned-recon (negatives = reconstructions G(E(x)) of fitted rows), beside learned-gauss.

Usage: /usr/bin/python3 src/test/python/metric_knn.py ../shared/datasets/adbench/{6_cardio,4_breastw}.npz ...
       (METRICS=identity,random128,... to run only some; STEPS=300 for the learned ones)
       /usr/bin/python3 src/test/python/metric_knn.py --gan /tmp/metric-gen/{6_cardio,4_breastw}
"""
import os
import sys

import numpy as np
from sklearn.covariance import LedoitWolf
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

from encoding_knn import encode  # ganwatch's encoder, as that script reproduces it


K = 5
ALPHA = 0.25
MAX_PROTOTYPES = 4096
STEPS = int(os.environ.get("STEPS", "300"))


def sqdist(a, b):
    return np.maximum((a * a).sum(1)[:, None] - 2 * a @ b.T + (b * b).sum(1)[None, :], 0)


def knn(protos, queries, k=K, skip_self=False):
    """Indices and distances of the k nearest prototypes (leaving out the query itself when skip_self)."""
    idx_all, dist_all = [], []
    for s in range(0, len(queries), 1024):
        d = sqdist(queries[s:s + 1024], protos)
        if skip_self:
            d[np.arange(d.shape[0]), np.arange(s, s + d.shape[0])] = np.inf
        idx = np.argpartition(d, k, axis=1)[:, :k]
        idx_all.append(idx)
        dist_all.append(np.sqrt(np.take_along_axis(d, idx, 1)))
    return np.concatenate(idx_all), np.concatenate(dist_all)


def head_scores(protos, queries, k=K, alpha=ALPHA, largest=False):
    """KnnHeads.scores: mean distance to the k nearest (their largest, when `largest`) over the mean of their
    spreads ^ alpha, and that distance alone."""
    _, pd = knn(protos, protos, k=k, skip_self=True)
    raw = pd.mean(1)
    floor = np.sort(raw)[int(0.1 * len(raw)):]
    floor = floor[floor > 0][0] if (floor > 0).any() else 1.0
    spreads = np.maximum(raw, floor)
    idx, d = knn(protos, queries, k=k)
    dist = d.max(1) if largest else d.mean(1)
    return dist / spreads[idx].mean(1) ** alpha, dist


def corrupt(rows, rng, p=0.25):
    n, c = rows.shape
    out = rows.copy()
    swap = rng.random((n, c)) < p
    swap[np.arange(n), rng.integers(0, c, n)] = True
    donors = rng.integers(0, n, (n, c))
    out[swap] = rows[donors, np.arange(c)[None, :].repeat(n, 0)][swap]
    return out


def learn(fit, held, L0, rng, steps=STEPS, lr=0.01, batch=256, margin=1.0, diag=False, noise=None,
          p=0.25, negatives=None, gauss=None):
    """A square map trained so corrupted copies lie further (in log kNN distance) than normal rows."""
    L = L0.copy()
    m, v = np.zeros_like(L), np.zeros_like(L)
    queries = np.concatenate([fit, held])
    self_index = np.concatenate([np.arange(len(fit)), -np.ones(len(held), int)])
    for t in range(1, steps + 1):
        b = rng.choice(len(queries), min(batch, len(queries)), replace=False)
        q = queries[b]
        if negatives is not None:  # the oracle: labelled anomalies of the training split
            qc = negatives[rng.integers(0, len(negatives), len(b))]
        elif gauss is not None:  # samples of a Gaussian fitted to the normal rows
            qc = rng.multivariate_normal(gauss[0], gauss[1], len(b))
        elif noise is not None:
            qc = q + noise * rng.standard_normal(q.shape)
        else:
            qc = corrupt(q, rng, p)
        grad = np.zeros_like(L)
        pf = fit @ L.T
        logs, parts = [], []
        for rows, own in ((q, self_index[b]), (qc, -np.ones(len(b), int))):
            d2 = sqdist(rows @ L.T, pf)
            mask = own >= 0
            d2[np.where(mask)[0], own[mask]] = np.inf
            idx = np.argpartition(d2, K, axis=1)[:, :K]
            V = rows[:, None, :] - fit[idx]  # (B, K, d)
            LV = V @ L.T
            norms = np.sqrt((LV * LV).sum(2)) + 1e-9
            dmean = norms.mean(1)
            logs.append(np.log(dmean + 1e-12))
            parts.append((V, LV, norms, dmean))
        gap = logs[1] - logs[0]
        sig = 1 / (1 + np.exp(-(margin - gap)))  # d loss / d (margin - gap)
        for sign, (V, LV, norms, dmean) in zip((1.0, -1.0), parts):
            # d log dmean / d L = sum_j L v v^T / (K dmean |Lv|)
            w = (sign * sig / len(b))[:, None] / (K * dmean[:, None] * norms)
            grad += (LV * w[:, :, None]).reshape(-1, LV.shape[2]).T @ V.reshape(-1, V.shape[2])
        if diag:
            grad = np.diag(np.diag(grad))
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        L -= lr * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return L


def inv_sqrt(cov, power=0.5):
    w, U = np.linalg.eigh(cov)
    w = np.maximum(w, 1e-9 * w.max())
    return U @ np.diag(w ** -power) @ U.T


def metrics(fit, held, seed):
    """name -> linear map M (rows are mapped x -> x M)."""
    d = fit.shape[1]
    rng = np.random.default_rng(seed)
    out = {"identity": np.eye(d), "random128": rng.standard_normal((d, 128)) / np.sqrt(128)}
    cov = np.cov(fit, rowvar=False)
    lw = LedoitWolf().fit(fit).covariance_
    out["whiten-LW"] = inv_sqrt(lw)
    for s in (0.1, 0.5):
        out[f"whiten-s{s}"] = inv_sqrt((1 - s) * cov + s * np.trace(cov) / d * np.eye(d))
    out["sqrt-whiten-LW"] = inv_sqrt(lw, 0.25)
    w, U = np.linalg.eigh(cov)
    w, U = w[::-1], U[:, ::-1]
    for share in (0.95, 0.99):
        r = int(np.searchsorted(np.cumsum(w) / w.sum(), share)) + 1
        out[f"pca{int(share * 100)}-white"] = U[:, :r] / np.sqrt(np.maximum(w[:r], 1e-12))
    return out


LEARNED = {
    "learned-I": dict(),
    "learned-W": dict(whiten=True),
    "learned-I-30": dict(steps=30),
    "learned-diag": dict(diag=True, steps=100),
    "learned-noise": dict(noise=0.5, steps=100),
    "learned-1col": dict(p=0.0, margin=0.2, steps=100),
    "learned-slow": dict(lr=0.002, steps=100),
    "learned-marg": dict(p=1.0, steps=100),
    "learned-gauss": dict(gauss=True, steps=100),
    "learned-gauss-30": dict(gauss=True, steps=30),
    "learned-gauss-m0.2": dict(gauss=True, steps=100, margin=0.2),
    "oracle": dict(steps=300),
    "oracle-diag": dict(steps=300, diag=True),
}


def learned(fit, held, seed, which, anomalies):
    rng = np.random.default_rng(seed + 100)
    kw = dict(LEARNED[which])
    if which.startswith("oracle"):
        kw["negatives"] = anomalies
    if kw.get("gauss"):
        kw["gauss"] = (fit.mean(0), np.cov(fit, rowvar=False))
    L0 = inv_sqrt(LedoitWolf().fit(fit).covariance_).T if kw.pop("whiten", False) else np.eye(fit.shape[1])
    return learn(fit, held, L0, rng, **kw).T


def gan_main(dirs):
    """--gan: rows and ALAD's samples as io.ganwatch.experiments.GeneratorSamples wrote them (Java's encoder)."""
    for top in dirs:
        res = {}
        for seed in (1, 2, 3):
            d = os.path.join(top, f"seed{seed}")
            if not os.path.isdir(d):
                continue
            load = lambda n: np.loadtxt(os.path.join(d, n + ".csv"), delimiter=",", ndmin=2)  # noqa: E731
            fit, held, test, gen, recon = (load(n) for n in ("fit", "held", "test", "gen", "recon"))
            fit = fit[:MAX_PROTOTYPES]
            B, yte = test[:, :-1], test[:, -1]
            rng = np.random.default_rng(seed)
            maps = {"identity": np.eye(fit.shape[1]),
                    "random128": rng.standard_normal((fit.shape[1], 128)) / np.sqrt(128)}
            for name, kw in (("learned-gen", dict(negatives=gen)), ("learned-gen-30", dict(negatives=gen, steps=30)),
                             ("learned-recon", dict(negatives=recon)),
                             ("learned-gauss", dict(gauss=(fit.mean(0), np.cov(fit, rowvar=False)), steps=100))):
                maps[name] = learn(fit, held, np.eye(fit.shape[1]), np.random.default_rng(seed + 100),
                                   **{"steps": 100, **kw}).T
            for name, M in maps.items():
                h, plain = head_scores(fit @ M, B @ M)
                res.setdefault(name, []).append((roc_auc_score(yte, h), roc_auc_score(yte, plain)))
        print(os.path.basename(top.rstrip("/")), flush=True)
        base = np.mean([r[0] for r in res["random128"]])
        for name, v in res.items():
            v = np.array(v)
            print(f"  {name:16s} head {v[:, 0].mean():.4f} ({' / '.join(f'{a:.4f}' for a in v[:, 0])})"
                  f"  [plain {v[:, 1].mean():.4f}]  {v[:, 0].mean() - base:+.4f} vs random128", flush=True)


def main():
    if sys.argv[1] == "--gan":
        gan_main(sys.argv[2:])
        return
    only = os.environ.get("METRICS")
    only = set(only.split(",")) if only else None
    for f in sys.argv[1:]:
        z = np.load(f, allow_pickle=True)
        X, y = z["X"].astype(float), z["y"].astype(int).ravel()
        res = {}
        for seed in (1, 2, 3):
            Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, stratify=y, random_state=seed)
            A, B = encode(Xtr[ytr == 0], Xte, two_valued_floor=1.0)
            anomalies = encode(Xtr[ytr == 0], Xtr[ytr == 1], two_valued_floor=1.0)[1]
            perm = np.random.default_rng(seed).permutation(len(A))
            n_held = max(int(0.2 * len(A)), 40)
            held, fit = A[perm[:n_held]], A[perm[n_held:]][:MAX_PROTOTYPES]
            maps = metrics(fit, held, seed)
            prng = np.random.default_rng(seed + 7)
            negs = (corrupt(held, prng), held + 0.5 * prng.standard_normal(held.shape))
            for name in LEARNED:
                if only is None or name in only:
                    maps[name] = learned(fit, held, seed, name, anomalies)
            for name, M in maps.items():
                if only is not None and name not in only:
                    continue
                h, plain = head_scores(fit @ M, B @ M)
                # label-free proxies: held-back normal rows against swapped / noisy copies of them
                proxy = [roc_auc_score(np.r_[np.zeros(len(held)), np.ones(len(neg))],
                                       head_scores(fit @ M, np.concatenate([held, neg]) @ M)[0]) for neg in negs]
                res.setdefault(name, []).append((roc_auc_score(yte, h), roc_auc_score(yte, plain), *proxy))
        print(os.path.basename(f).rsplit(".", 1)[0], flush=True)
        base = np.mean([r[0] for r in res["random128"]]) if "random128" in res else None
        for name, v in res.items():
            v = np.array(v)
            gap = f"  {v[:, 0].mean() - base:+.4f} vs random128" if base is not None else ""
            print(f"  {name:16s} head {v[:, 0].mean():.4f} ({' / '.join(f'{a:.4f}' for a in v[:, 0])})"
                  f"  [plain {v[:, 1].mean():.4f}]{gap}  proxy swap {v[:, 2].mean():.4f} noise {v[:, 3].mean():.4f}",
                  flush=True)
        for j, proxy in ((2, "swap"), (3, "noise")):
            free = [n for n in res if not n.startswith("oracle")]
            picked = [max(free, key=lambda n: res[n][s][j]) for s in range(3)]
            auc = np.mean([res[n][s][0] for s, n in enumerate(picked)])
            print(f"  picked by {proxy} proxy: {auc:.4f} ({' / '.join(picked)})", flush=True)


if __name__ == "__main__":
    main()
