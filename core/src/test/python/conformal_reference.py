"""Checks fewshot's conformal constructions against a direct numpy/scipy implementation.

usage: conformal_reference.py CASE_DIR ALPHA
CASE_DIR holds what ConformalDifferentialTest wrote: logits.npy, y.npy, cal.npy, eval.npy and the Java results.
Prints one line per check ("OK" or "FAIL"); exits 1 on any failure.
"""
import sys
import numpy as np
from scipy.stats import beta

case, alpha = sys.argv[1], float(sys.argv[2])
z = np.load(f'{case}/logits.npy').astype(np.float64)
y = np.load(f'{case}/y.npy')
cal, ev = np.load(f'{case}/cal.npy'), np.load(f'{case}/eval.npy')
failures = 0


def check(what, value, limit):
    global failures
    ok = bool(value <= limit)
    failures += 0 if ok else 1
    print(f'{"OK  " if ok else "FAIL"} {what} {value:.3g} <= {limit:.3g}', flush=True)


p = np.exp(z - z.max(1, keepdims=True))
p /= p.sum(1, keepdims=True)


def lac_scores(p, labels):
    return 1.0 - p[np.arange(len(labels)), labels]


def aps_mass(row, v):
    """Mass of every class at least as likely as v (ties enter together)."""
    return row[row >= v].sum()


def aps_scores(p, labels):
    return np.array([aps_mass(p[i], p[i, labels[i]]) for i in range(len(labels))])


def quantile(scores):
    n = len(scores)
    k = int(np.ceil((n + 1) * (1 - alpha)))
    return np.inf if k > n else np.sort(scores)[k - 1]


q_lac = quantile(lac_scores(p[cal], y[cal]))
q_aps = quantile(aps_scores(p[cal], y[cal]))
q_java = np.load(f'{case}/thresholds.npy')
# thresholds are one calibration score each: equal up to the summation order of the softmax
for name, ref, got in (('lac', q_lac, q_java[0]), ('aps', q_aps, q_java[1])):
    check(f'{name} threshold', 0 if ref == got else abs(ref - got), 1e-12)

sizes, covers = np.load(f'{case}/sizes.npy'), np.load(f'{case}/covers.npy')
pe, ye = p[ev], y[ev]
for m, (name, q) in enumerate((('lac', q_lac), ('aps', q_aps))):
    if name == 'lac':
        s_all = 1.0 - pe
        ref_size = (s_all <= q).sum(1)
        ref_cover = lac_scores(pe, ye) <= q
        near = (np.abs(s_all - q) <= 1e-12).any(1)
    else:
        # the set: classes whose APS mass is <= q; a prefix of the classes by probability
        mass = np.array([[aps_mass(pe[i], v) for v in pe[i]] for i in range(len(ye))])
        ref_size = (mass <= q).sum(1)
        ref_cover = aps_scores(pe, ye) <= q
        near = (np.abs(mass - q) <= 1e-12).any(1)
    check(f'{name} set sizes differing off the threshold', int(np.sum((sizes[m] != ref_size) & ~near)), 0)
    check(f'{name} coverage differing off the threshold', int(np.sum((covers[m] != ref_cover) & ~near)), 0)
    check(f'{name} rows at the threshold (ambiguous, not compared)', int(near.sum()), max(3, len(ye) // 50))
    out = np.load(f'{case}/outcome.npy')
    check(f'{name} mean coverage', abs(out[2 * m] - ref_cover.mean()), near.sum() / len(ye) + 1e-12)
    check(f'{name} mean size', abs(out[2 * m + 1] - ref_size.mean()), near.sum() * len(pe[0]) / len(ye) + 1e-12)

# class-conditional LAC: one threshold per class from that class's calibration rows (inf when too few)
classes = p.shape[1]
q_class = np.full(classes, np.inf)
short = 0
for c in range(classes):
    s_c = lac_scores(p[cal][y[cal] == c], y[cal][y[cal] == c])
    k = int(np.ceil((len(s_c) + 1) * (1 - alpha)))
    if k > len(s_c):
        short += 1
    else:
        q_class[c] = np.sort(s_c)[k - 1]
s_all = 1.0 - pe
ref_size = (s_all <= q_class[None, :]).sum(1)
ref_cover = (1.0 - pe[np.arange(len(ye)), ye]) <= q_class[ye]
near = (np.abs(s_all - q_class[None, :]) <= 1e-12).any(1)
check('class-conditional set sizes differing off the threshold', int(np.sum((sizes[2] != ref_size) & ~near)), 0)
check('class-conditional coverage differing off the threshold', int(np.sum((covers[2] != ref_cover) & ~near)), 0)
out = np.load(f'{case}/outcome.npy')
check('class-conditional mean coverage', abs(out[4] - ref_cover.mean()), near.sum() / len(ye) + 1e-12)
check('class-conditional mean size', abs(out[5] - ref_size.mean()), near.sum() * classes / len(ye) + 1e-12)
check('classes too short for a per-class promise', abs(out[6] - short), 0)

cal_s = np.sort(np.load(f'{case}/cal_score.npy'))
s = np.r_[np.load(f'{case}/eval_score.npy'), np.load(f'{case}/ood_score.npy')]
ref_p = (1.0 + np.searchsorted(cal_s, s, side='right')) / (len(cal_s) + 1.0)
got_p = np.load(f'{case}/p.npy')
check('p-values (exact)', float(np.max(np.abs(got_p - ref_p))), 0)

# Benjamini-Hochberg, written from the definition
order = np.argsort(ref_p, kind='stable')
N = len(ref_p)
passed = np.nonzero(ref_p[order] <= alpha * np.arange(1, N + 1) / N)[0]
ref_bh = np.zeros(N, bool)
if len(passed):
    ref_bh = ref_p <= ref_p[order][passed[-1]]
check('BH flags differing', int(np.sum(np.load(f'{case}/bh.npy').astype(bool) != ref_bh)), 0)

n = len(cal)
l = int(np.floor((n + 1) * alpha))
band = np.load(f'{case}/band.npy')
if l == 0:
    ref_band = np.array([1.0, 1.0, 1.0])
else:
    ref_band = np.array([1 - l / (n + 1), 1 - beta.ppf(0.975, l, n + 1 - l), 1 - beta.ppf(0.025, l, n + 1 - l)])
check('acceptance band (mean, lo, hi)', float(np.max(np.abs(band - ref_band))), 1e-9)

print(f'{failures} failed')
sys.exit(1 if failures else 0)
