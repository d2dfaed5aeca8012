"""The simulation model: trainees, the start-ups they found, and the jobs those create.

Each month and county: trainees ~ Poisson(``trainees_per_month``); start-ups ~
Binomial(trainees, ``startup_probability``); every start-up creates itself (its founder's
job) plus Poisson(``extra_jobs_per_startup``) further jobs. The jobs of ``n`` start-ups are
drawn in one go as ``n + Poisson(n * extra)``, which has exactly the distribution of the sum
of ``n`` independent ``1 + Poisson(extra)`` draws, so there is no loop over people.
"""

from collections.abc import Mapping, MutableMapping

import attrs

from vanguard import Array, StepContext

TRAINED = "entrepreneurship.trained"
STARTUPS = "entrepreneurship.startups"
JOBS = "entrepreneurship.jobs"
STARTUP_RATE = "entrepreneurship.startup_rate"


@attrs.frozen
class StartupModel:
    """Stateless model: every month's draws depend only on that month's parameters.

    Outputs per period (flows): people trained, start-ups and jobs created. The start-up
    rate (an indicator of the initiative) is a ratio: the engine derives it from the totals
    of start-ups and trained, so the model does not return it.
    """

    def start(self, ctx: StepContext) -> MutableMapping[str, Array]:
        """No state is carried between months."""
        return {}

    def step(
        self, state: MutableMapping[str, Array], inputs: Mapping[str, Array], ctx: StepContext
    ) -> Mapping[str, Array]:
        """One month of training, start-ups and jobs for every replication and county."""
        rate = ctx.param("trainees_per_month")
        probability = ctx.param("startup_probability")
        extra = ctx.param("extra_jobs_per_startup")
        # Trainees are Poisson and each starts a business with the start-up probability:
        # founders and the other trainees are independent Poisson counts (thinning), the
        # same law as a binomial draw on the trainees. The counts are coupled draws
        # (inverse CDF on shared uniforms): "+20 % training places" moves each cell's
        # count up, it does not reshuffle the stream, so scenarios pair tightly.
        startups = ctx.poisson(rate * probability)
        trained = startups + ctx.poisson(rate * (1 - probability))
        jobs = startups + ctx.poisson(startups * extra)
        # The start-up rate is not returned: the engine divides the totals of its parts.
        # The counts are float64 already (``ctx.poisson``'s contract): returned as they are.
        return {TRAINED: trained, STARTUPS: startups, JOBS: jobs}


__all__ = ["JOBS", "STARTUPS", "STARTUP_RATE", "TRAINED", "StartupModel"]
