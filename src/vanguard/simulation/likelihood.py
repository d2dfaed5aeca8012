"""The objective a calibration minimises, and the synthetic years its bootstrap refits.

Observations are flattened into one vector (:class:`Targets`): a :class:`~vanguard.
simulation.observations.ObservedTotal` is one element, a :class:`~vanguard.simulation.
observations.ObservedSeries` one element per month. The simulated counterpart of each element is
the mean over replications of the year-end total, or of the month's flow (the difference
of successive to-date means).

Three objectives:

``"moments"`` (the default)
    simulated moments: the weighted sum of squared gaps, each relative to the observed
    value, or in units of its ``sd`` when the total states one. ObservedSeries are refused: a
    month's count is fitted by a count likelihood.
``"poisson"``
    the Poisson deviance of each count (``2 * sum(y log(y / mu) - (y - mu))``), zero at a
    perfect fit; a total with an ``sd`` adds its squared gap in units of ``sd`` (the
    Gaussian deviance), so totals and counts are on one scale (-2 log likelihood).
``"negative-binomial"``
    -2 times the negative-binomial log likelihood (variance ``mu + mu**2 / k``) less a
    constant of the data: ``k`` per indicator, given in ``dispersion`` or, when not given,
    the value maximising the likelihood at the current means (a one-dimensional search on
    ``log k``; large ``k`` is Poisson), so the fit maximises the profile likelihood.

The objective is a deterministic function of the parameters because every evaluation
reuses the same seed (common random numbers).
"""

import math
from collections.abc import Mapping, Sequence

import attrs
import numpy as np

from vanguard.problems import Problem, ProgramError
from vanguard.simulation.observations import ObservedSeries, ObservedTotal
from vanguard.simulation.results import SimulationResult
from vanguard.simulation.tally import Floats

LIKELIHOODS = ("moments", "poisson", "negative-binomial")

_LOG_K = (-6.0, 12.0)
"""The range searched for ``log k`` (k from 0.0025, very overdispersed, to 160,000:
Poisson for any count a program reports)."""


@attrs.frozen(eq=False)
class Targets:
    """The observations as one vector, and where each element comes from."""

    codes: tuple[str, ...]
    """Per element, its indicator."""
    periods: tuple[int | None, ...]
    """Per element, the simulated period of a month's count (``None``: the year-end total)."""
    labels: tuple[str, ...]
    """Per element, ``code`` or ``code[month]``: how problems name it."""
    values: Floats
    sd: Floats
    """Per element, the standard error of a total (``NaN``: none stated)."""

    def simulated(self, result: SimulationResult) -> Floats:
        """The simulated mean of every element."""
        found = np.empty(len(self.codes))
        for j, (code, period) in enumerate(zip(self.codes, self.periods, strict=True)):
            if period is None:
                found[j] = result.mean(code)
            else:  # a month's flow: the difference of successive to-date means
                before = result.mean(code, period=period - 1) if period else 0.0
                found[j] = result.mean(code, period=period) - before
        return found

    @property
    def scale(self) -> Floats:
        """Per element, what divides its gap in the moments objective and the Jacobian
        check: the ``sd`` when stated, else the observed value (1 when it is 0)."""
        plain = np.where(self.values != 0, np.abs(self.values), 1.0)
        scale: Floats = np.where(np.isnan(self.sd), plain, self.sd)
        return scale


def targets_of(
    observations: Mapping[str, ObservedTotal | ObservedSeries],
    period_labels: Sequence[str],
    likelihood: str,
) -> Targets:
    """Flatten ``observations`` over the simulation's months (``period_labels``).

    :raises ProgramError: naming the place: an unknown likelihood, a series under the
        moments objective, a month the program does not run, a negative-binomial fit of a
        total without a series to estimate its dispersion from.
    """
    if likelihood not in LIKELIHOODS:
        raise ProgramError(
            [Problem("likelihood", f"{likelihood!r} is not one of {', '.join(LIKELIHOODS)}")]
        )
    month_at = {label: p for p, label in enumerate(period_labels)}
    codes: list[str] = []
    periods: list[int | None] = []
    labels: list[str] = []
    values: list[float] = []
    sds: list[float] = []
    problems = []
    for code, item in observations.items():
        if isinstance(item, ObservedTotal):
            codes.append(code)
            periods.append(None)
            labels.append(code)
            values.append(item.value)
            sds.append(math.nan if item.sd is None else item.sd)
            continue
        if likelihood == "moments":
            problems.append(
                Problem(
                    f"observed: {code}",
                    "a monthly series is fitted by a count likelihood: pass "
                    "likelihood='poisson' or 'negative-binomial'",
                )
            )
            continue
        for month, count in zip(item.periods, item.values, strict=True):
            if month not in month_at:
                problems.append(
                    Problem(f"observed: {code} {month}", "the program runs no such month")
                )
                continue
            codes.append(code)
            periods.append(month_at[month])
            labels.append(f"{code}[{month}]")
            values.append(count)
            sds.append(math.nan)
    if problems:
        raise ProgramError(problems)
    return Targets(tuple(codes), tuple(periods), tuple(labels), np.array(values), np.array(sds))


def objective(
    likelihood: str,
    targets: Targets,
    simulated: Floats,
    weight: Floats,
    dispersion: Mapping[str, float],
) -> float:
    """The value to minimise for ``simulated`` means (see the module's docstring);
    ``weight`` multiplies each element's term; ``dispersion`` fixes ``k`` per code."""
    y = targets.values
    if likelihood == "moments":
        return float(np.sum(weight * ((simulated - y) / targets.scale) ** 2))
    stated = ~np.isnan(targets.sd)
    total = float(
        np.sum((weight * ((simulated - y) / np.where(stated, targets.sd, 1.0)) ** 2)[stated])
    )
    counts = ~stated
    if likelihood == "poisson":
        return total + float(np.sum((weight * poisson_deviance(y, simulated))[counts]))
    for code in dict.fromkeys(np.array(targets.codes)[counts].tolist()):
        mine = counts & (np.array(targets.codes) == code)
        k = dispersion.get(code)
        if k is None:
            k = profiled_dispersion(y[mine], simulated[mine])
        total += float(
            np.sum(weight[mine] * negative_binomial_deviance(y[mine], simulated[mine], k))
        )
    return total


def poisson_deviance(y: Floats, mu: Floats) -> Floats:
    """Per count, ``2 (y log(y / mu) - (y - mu))`` (``inf`` where ``mu <= 0 < y``)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        log_ratio = np.where(y > 0, y * np.log(y / np.maximum(mu, 0.0)), 0.0)
    deviance: Floats = 2.0 * (log_ratio - (y - mu))
    return np.where((mu <= 0) & (y > 0), np.inf, deviance)


def negative_binomial_deviance(y: Floats, mu: Floats, k: float) -> Floats:
    """Per count, ``2 (l_sat - l_nb)``: -2 times the negative-binomial log likelihood of
    ``y`` at mean ``mu`` and size ``k`` (variance ``mu + mu**2 / k``), less -2 times the
    saturated *Poisson* log likelihood (a constant of the data alone). Comparable across
    ``k``, so ``k`` may be profiled between evaluations; near the Poisson deviance for
    large ``k``."""
    saturated = np.where(y > 0, y * np.log(np.where(y > 0, y, 1.0)), 0.0) - y - _lgamma(y + 1.0)
    deviance: Floats = 2.0 * (saturated - _nb_log_likelihood(y, mu, k))
    return deviance


def _nb_log_likelihood(y: Floats, mu: Floats, k: float) -> Floats:
    mu = np.maximum(mu, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_mu = np.where(y > 0, y * np.log(mu / (mu + k)), 0.0)
        found: Floats = (
            _lgamma(y + k) - math.lgamma(k) - _lgamma(y + 1.0) + k * np.log(k / (k + mu)) + log_mu
        )
    return np.where((mu <= 0) & (y > 0), -np.inf, found)


def _lgamma(x: Floats) -> Floats:
    # a handful of months per indicator: math.lgamma per element keeps numpy the only
    # dependency (scipy.special.gammaln would do the same in an extra)
    return np.array([math.lgamma(v) for v in np.ravel(x)]).reshape(np.shape(x))


def profiled_dispersion(y: Floats, mu: Floats) -> float:
    """The size ``k`` maximising the negative-binomial likelihood of ``y`` at means ``mu``
    (golden-section search on ``log k`` within :data:`_LOG_K`)."""

    def cost(log_k: float) -> float:
        return -float(np.sum(_nb_log_likelihood(y, mu, math.exp(log_k))))

    low, high = _LOG_K
    ratio = (math.sqrt(5.0) - 1.0) / 2.0
    a, b = high - ratio * (high - low), low + ratio * (high - low)
    fa, fb = cost(a), cost(b)
    for _ in range(60):  # (0.618 ** 60) * 18 is far below any meaningful change in k
        if fa <= fb:
            high, b, fb = b, a, fa
            a = high - ratio * (high - low)
            fa = cost(a)
        else:
            low, a, fa = a, b, fb
            b = low + ratio * (high - low)
            fb = cost(b)
    return math.exp((low + high) / 2.0)


def synthetic_counts(
    likelihood: str,
    targets: Targets,
    fitted: Floats,
    dispersion: Mapping[str, float],
    rng: np.random.Generator,
    years: int,
) -> Floats:
    """``(years, elements)``: observations drawn from the fitted observation model, for
    the bootstrap: each month's count (and each total without an ``sd``) from the count
    likelihood at the fitted means; totals with an ``sd`` from a normal around them."""
    mu = np.maximum(fitted, 0.0)
    drawn = np.empty((years, len(mu)))
    stated = ~np.isnan(targets.sd)
    drawn[:, stated] = rng.normal(mu[stated], targets.sd[stated], size=(years, int(stated.sum())))
    for j in np.flatnonzero(~stated):
        if likelihood == "poisson":
            drawn[:, j] = rng.poisson(mu[j], size=years)
        else:  # negative binomial as a gamma-Poisson mixture of size k
            k = dispersion[targets.codes[j]]
            drawn[:, j] = rng.poisson(rng.gamma(k, mu[j] / k, size=years)) if mu[j] else 0.0
    return drawn


def fitted_dispersion(
    targets: Targets, simulated: Floats, given: Mapping[str, float]
) -> dict[str, float]:
    """Per code fitted by counts, ``k`` as given or profiled at ``simulated``."""
    codes = np.array(targets.codes)
    counts = np.isnan(targets.sd)
    found = {}
    for code in dict.fromkeys(codes[counts].tolist()):
        mine = counts & (codes == code)
        found[code] = given.get(code) or profiled_dispersion(targets.values[mine], simulated[mine])
    return found


__all__ = [
    "LIKELIHOODS",
    "Targets",
    "fitted_dispersion",
    "negative_binomial_deviance",
    "objective",
    "poisson_deviance",
    "profiled_dispersion",
    "synthetic_counts",
    "targets_of",
]
