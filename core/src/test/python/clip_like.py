"""Independent CLIP-like feature sets for the differential suite (numpy only; not the project's generator).

Unit rows = shared direction + class mean + noise, renormalised. The knobs are the ones that break solvers:
classes, dims, the strength of the shared component (mean pairwise cosine about 0.1 or 0.4), isotropic or
anisotropic (power-law) noise, the pool per class, and the seed.

usage: clip_like.py OUT_DIR CLASSES DIM SHARED(weak|strong) NOISE(iso|aniso) POOL_PER_CLASS TEST_ROWS SEED
"""
import sys
import numpy as np

out, classes, dim, shared, noise, pool, test_rows, seed = sys.argv[1:9]
C, D, pool, T, seed = int(classes), int(dim), int(pool), int(test_rows), int(seed)
rng = np.random.default_rng(seed)
# Weights tuned so that random pairs have cosine ~0.42 (strong) or ~0.1 (weak), same-class pairs ~0.57 / ~0.3.
shared_w, mean_w, noise_w = {'strong': (0.75, 0.45, 0.7), 'weak': (0.3, 0.5, 0.75)}[shared]
u = rng.standard_normal(D)
u /= np.linalg.norm(u)
if noise == 'aniso':
    spec = 1.0 / np.sqrt(np.arange(1, D + 1))
    basis = np.linalg.qr(rng.standard_normal((D, D)))[0]
else:
    spec = np.ones(D)
    basis = np.eye(D)
spec = spec / np.sqrt((spec ** 2).sum())
means = (rng.standard_normal((C, D)) * spec) @ basis.T
means /= np.linalg.norm(means, axis=1, keepdims=True)


def draw(labels, centres):
    z = (rng.standard_normal((len(labels), D)) * spec * 1.1) @ basis.T
    x = shared_w * u + mean_w * centres[labels] + noise_w * z
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


train_y = np.repeat(np.arange(C), pool).astype(np.int64)
test_y = (np.arange(T) % C).astype(np.int64)
ood_centres = (rng.standard_normal((max(2, C // 5), D)) * spec) @ basis.T
ood_centres /= np.linalg.norm(ood_centres, axis=1, keepdims=True)
ood_y = np.arange(max(200, T // 5)) % len(ood_centres)
# Text embeddings: the class mean pulled towards a "modality gap" direction, as CLIP's text tower is.
gap = rng.standard_normal(D)
gap /= np.linalg.norm(gap)
text = 0.8 * means + 0.3 * u + 0.3 * gap + 0.2 * rng.standard_normal((C, D)) / np.sqrt(D)
text /= np.linalg.norm(text, axis=1, keepdims=True)
np.save(f'{out}/train_x.npy', draw(train_y, means))
np.save(f'{out}/train_y.npy', train_y)
np.save(f'{out}/test_x.npy', draw(test_y, means))
np.save(f'{out}/test_y.npy', test_y)
np.save(f'{out}/ood_x.npy', draw(ood_y, ood_centres))
np.save(f'{out}/text_x.npy', text.astype(np.float32))
