"""Change points in the mean of a short, noisy series, with a significance every alert must pass.

Location comes from ``ruptures`` (``KernelCPD`` with a linear kernel: the split that most reduces the summed
squared deviation from the segment means, computed in C). ``ruptures`` always finds *a* split, even in pure
noise, so each split is tested before it is reported: a permutation test of the same statistic, the best
split's gain, over random reorderings of the segment. Under "no change" every order of the values is equally
likely, so the p-value is exact for any distribution (Goldstein scores are far from normal) and for any
length, which is what keeps sparse dyads from raising alerts out of noise. With ``max_changes`` above one,
``ruptures`` places that many splits jointly (a warming then a cooling is found even where no single split
stands out) and each is tested between its neighbouring splits; each test is at ``alpha``, so a quiet dyad's
chance of a false alarm grows with ``max_changes``.

Values that share a date cannot be split apart: ``cuts`` lists the allowed split positions (the first index
of each new date). The null distribution takes the best split over *all* positions, which is at least the
best over allowed ones, so the test stays conservative.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import ruptures

#: Permutations drawn per block: the first block is small (most tests stop after it), later ones double up to
#: the largest, which bounds memory to that many × the series length floats.
_FIRST_BLOCK, _LARGEST_BLOCK = 50, 200
#: Longest series ``ruptures`` searches value by value; longer ones are searched on block means first.
_EXACT = 500


@dataclass(frozen=True)
class Change:
    """A tested change in mean: values ``[start, split)`` before it, ``[split, end)`` after it."""

    start: int
    split: int
    end: int
    before: float
    after: float
    effect: float  # (after − before) / pooled standard deviation within the two sides
    p_value: float


def split_gains(values: np.ndarray, min_size: int) -> np.ndarray:
    """Gain of splitting at each position k in [min_size, n − min_size], for each row of ``values``.

    The gain is the drop in summed squared deviation: ``n / (k (n − k)) · (S_k − k · mean)²`` with ``S_k`` the
    sum of the first k values. Rows are independent series (permutations); returns shape (rows, positions).
    """
    n = values.shape[-1]
    k = np.arange(min_size, n - min_size + 1)
    sums = np.cumsum(values, axis=-1)[..., k - 1]
    total = values.sum(axis=-1, keepdims=True)
    return n / (k * (n - k)) * (sums - k * total / n) ** 2


def permutation_p_value(
    values: np.ndarray,
    observed: float,
    min_size: int,
    permutations: int,
    rng: np.random.Generator,
    alpha: float = 1.0,
) -> float:
    """P(best split gain of a random reordering ≥ ``observed``), with the usual +1 so it is never 0.

    Permutations are drawn in blocks; once more reorderings beat ``observed`` than a p-value below ``alpha``
    allows, the test stops early (the answer "not significant" cannot change) and returns the estimate so
    far, (exceedances + 1) / (draws + 1), as in Besag and Clifford's sequential test. Most dyads of a big
    store change nothing and stop after the first block.
    """
    enough = alpha * (permutations + 1) - 1  # exceedances beyond this make p >= alpha
    at_least = 0
    done = 0
    size = _FIRST_BLOCK
    while done < permutations:
        block = min(size, permutations - done)
        size = min(2 * size, _LARGEST_BLOCK)
        shuffled = rng.permuted(np.broadcast_to(values, (block, values.size)), axis=1)
        best = split_gains(shuffled, min_size).max(axis=1)
        at_least += int(np.count_nonzero(best >= observed * (1 - 1e-9)))
        done += block
        if at_least >= enough:
            break
    return (at_least + 1) / (done + 1)


def _snap(split: int, cuts: np.ndarray, low: int, high: int) -> int | None:
    """The allowed split position nearest ``split`` within [low, high], or None when there is none."""
    allowed = cuts[(cuts >= low) & (cuts <= high)]
    if allowed.size == 0:
        return None
    return int(allowed[np.argmin(np.abs(allowed - split))])


def _ruptures_splits(values: np.ndarray, min_size: int, n_splits: int) -> list[int]:
    """The ``n_splits`` split positions ``ruptures`` finds jointly (dynamic programming), or [] if none fit."""
    n_splits = min(n_splits, values.size // min_size - 1)
    if n_splits < 1:
        return []
    algo = ruptures.KernelCPD(kernel="linear", min_size=min_size).fit(values.reshape(-1, 1))
    try:
        return [int(b) for b in algo.predict(n_bkps=n_splits)[:-1]]
    except ruptures.exceptions.BadSegmentationParameters:
        return []


def locate_splits(values: np.ndarray, min_size: int, n_splits: int = 1) -> list[int]:
    """Where ``ruptures`` best cuts the series into ``n_splits + 1`` segments of at least ``min_size`` values.

    Its exact search is quadratic in the length, so a long series (a busy dyad over years) is first cut into
    at most ``_EXACT`` blocks of equal length: for splits between blocks, the squared deviation of the values
    is that of the block means (times the block length) plus a constant, so ``ruptures`` on the block means
    finds the best block boundaries (the few values of a last, partial block left out); each split is then the
    best position within one block of its boundary. Where the gain is flat, that can be a few blocks from the
    single best position: a difference inside the noise, and the test scores the split actually chosen.
    """
    n = values.size
    block = -(-n // _EXACT)
    if block == 1:
        return _ruptures_splits(values, min_size, n_splits)
    whole = n // block
    means = values[: whole * block].reshape(whole, block).mean(axis=1)
    coarse = [b * block for b in _ruptures_splits(means, max(1, -(-min_size // block)), n_splits)]
    bounds = [0, *coarse, n]
    splits = []
    for i, split in enumerate(coarse):
        start, end = bounds[i], bounds[i + 2]
        low, high = max(start + min_size, split - block), min(end - min_size, split + block)
        gains = split_gains(values[start:end], min_size)[low - start - min_size : high - start - min_size + 1]
        splits.append(low + int(np.argmax(gains)) if gains.size else split)
    return splits


def tested_split(
    values: np.ndarray,
    start: int,
    split: int,
    end: int,
    min_size: int,
    permutations: int,
    rng: np.random.Generator,
    alpha: float = 1.0,
) -> Change:
    """The change at ``split`` between the neighbouring splits ``start`` and ``end``, with its p-value.

    The null distribution is the best split of random reorderings of ``values[start:end]``.
    """
    segment = values[start:end]
    n = segment.size
    local = split - start
    before, after = segment[:local], segment[local:]
    observed = float(split_gains(segment, min_size)[local - min_size])
    pooled = np.sqrt(((before.size - 1) * before.var(ddof=1) + (after.size - 1) * after.var(ddof=1)) / (n - 2))
    step = after.mean() - before.mean()
    # both sides constant (a clean break): scale by the segment's spread instead, so the score stays finite
    effect = float(step / (pooled if pooled > 0 else segment.std(ddof=1)))
    return Change(
        start=start,
        split=split,
        end=end,
        before=float(before.mean()),
        after=float(after.mean()),
        effect=effect,
        p_value=permutation_p_value(segment, observed, min_size, permutations, rng, alpha),
    )


def _allowed(splits: list[int], cuts: np.ndarray, n: int, min_size: int) -> list[int]:
    """Each split moved to the nearest allowed position, dropping those that then leave a side too short."""
    kept: list[int] = []
    for split in splits:
        low = (kept[-1] if kept else 0) + min_size
        snapped = _snap(split, cuts, low, n - min_size)
        if snapped is not None and snapped not in kept:
            kept.append(snapped)
    return kept


def find_changes(
    values: np.ndarray,
    cuts: np.ndarray | None = None,
    min_size: int = 3,
    alpha: float = 0.01,
    permutations: int = 999,
    max_changes: int = 1,
    seed: int = 0,
) -> list[Change]:
    """Significant changes in mean of ``values`` (in time order), in order.

    ``ruptures`` places up to ``max_changes`` splits jointly; each is tested between its neighbours (the
    series start and end for the first and last). While one fails (p-value not below ``alpha``), the weakest
    is dropped and the rest are tested again between their new neighbours. ``cuts`` are
    the allowed split positions (default: all); ``min_size`` the fewest values on each side. The seed makes
    repeated runs give the same answer.
    """
    values = np.asarray(values, dtype=float)
    n = values.size
    cuts = np.arange(n + 1) if cuts is None else np.asarray(cuts)
    if n < 2 * min_size or np.ptp(values) == 0:
        return []
    splits = _allowed(locate_splits(values, min_size, max_changes), cuts, n, min_size)
    rng = np.random.default_rng(seed)
    while splits:
        bounds = [0, *splits, n]
        found = [
            tested_split(values, bounds[i], split, bounds[i + 2], min_size, permutations, rng, alpha)
            for i, split in enumerate(splits)
        ]
        weakest = max(found, key=lambda change: change.p_value)
        if weakest.p_value < alpha:
            return found
        # drop the least convincing split and test the others again, with its two segments joined
        splits = [c.split for c in found if c is not weakest]
    return []
