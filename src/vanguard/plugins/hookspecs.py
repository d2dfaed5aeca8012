"""Hook specifications: the whole contract between vanguard and its plugins.

Every hook is documented with its parameters, its return value, whether it is
``firstresult`` and when the host calls it. Implement a hook with
:data:`vanguard.hookimpl` in a module (or object) registered with a
:class:`vanguard.Vanguard` app or exposed through the ``vanguard`` entry-point group.

How the host calls hooks (the same for every hook below):

- an implementation may accept any subset of a hook's parameters, by name;
- implementations are called one at a time, last registered first (``tryfirst`` and
  ``trylast`` are honoured), so that each result and each failure is attributed to its
  plugin; hook *wrappers* are therefore refused when a plugin is registered;
- an implementation that raises is named in the :class:`~vanguard.PluginError` the caller
  receives (the original exception is its ``__cause__``). For the event hooks every other
  plugin is still called before the error is raised, so one failing plugin does not hide
  an event from the rest.

Applications call hooks through the typed facade ``app.hooks`` (a
:class:`~vanguard.plugins.calls.Hooks`), never through pluggy directly: one method per
hook, named after the hook without its ``vanguard_`` prefix.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from vanguard.model.program import Program
from vanguard.plugins.initiative import Initiative
from vanguard.plugins.markers import hookspec
from vanguard.problems import Problem

if TYPE_CHECKING:
    # types only (as tox's hook spec does): importing the app, the ledger or the review here
    # would be an import cycle, and the ledger would load SQLAlchemy for every plugin
    from vanguard.app import Vanguard
    from vanguard.ledger.records import Entry
    from vanguard.review.bulletin import Bulletin
    from vanguard.review.yearend import Evaluation


@hookspec
def vanguard_initiatives() -> Iterable[Initiative]:  # type: ignore[empty-body]  # specs have no body
    """Contribute initiatives.

    :return: the :class:`~vanguard.Initiative` objects this plugin provides (any
        iterable; an empty one is fine). Anything that is not an ``Initiative`` is a
        :class:`~vanguard.PluginError` naming the plugin; the app then disables the
        plugin for its run (:meth:`vanguard.Vanguard.disabled_plugins`) and catalogues the
        other plugins' initiatives.

    Not ``firstresult``: every plugin's initiatives are collected. Called once per
    :class:`~vanguard.Vanguard` app, the first time its initiatives or indicators are needed
    (loading or validating a program, ``vanguard plugins``); the result is cached by the
    app until another plugin is registered. Two plugins contributing the same initiative
    name or indicator code is a :class:`~vanguard.PluginConflictError` naming both.

    Facade: ``app.hooks.initiatives()`` (per plugin) and ``app.initiatives()`` (merged).
    """


@hookspec
def vanguard_check_program(program: Program, app: "Vanguard") -> Iterable[Problem] | None:
    """Check a program beyond what the library itself validates.

    :param program: the program being validated; every reference in it resolves (the
        library's own reference checks passed), so its ids can be looked up safely.
    :param app: the :class:`~vanguard.Vanguard` app validating it (for its initiatives
        and indicators).
    :return: located :class:`~vanguard.Problem` objects (locations are paths into the
        program file, e.g. ``tasks[3].targets[0]``); an empty iterable or ``None`` when
        the program is fine by this plugin.

    Not ``firstresult``: every plugin's problems are reported together, after the
    library's own. A plugin that raises here (or returns something that is not a
    ``Problem``) is disabled for the app's run; the program gets a problem naming it only
    if it uses one of the plugin's initiatives. Called by
    :meth:`vanguard.Vanguard.validate` (so by ``load_program``, ``parse_program`` and
    ``vanguard validate``) each time a program is validated. This is
    for rules that span the program (e.g. "every window in the competition has a post
    responsible for it"); an initiative's check of its own use belongs in
    :attr:`vanguard.Initiative.check_program`, which the host calls for programs that use
    the initiative.

    Facade: ``app.hooks.check_program(program)``.
    """


@hookspec
def vanguard_record_appended(record: "Entry") -> None:
    """React to a record appended to a ledger (an actual reported, an appraisal entered).

    :param record: the record exactly as the ledger stored it, a frozen
        ``vanguard.ledger.Entry``: ``seq`` (1, 2, ... in append order), ``kind`` and
        ``key`` (what it records), ``payload`` (its decoded JSON), ``recorded_at`` (UTC),
        ``prev_hash`` and ``hash`` (the chain). Treat it as read-only.
    :return: nothing; return values are ignored.

    Not ``firstresult``: every plugin is notified. Called by the ledger right after the
    record is durably appended (its transaction committed), once per *new* record
    (appending an identical record again stores nothing and announces nothing), in append
    order, through ``app.hooks.record_appended(record)`` (passed to the ledger as its
    ``on_append``). The append has happened whether or not a plugin fails: a plugin that
    raises becomes a :class:`~vanguard.PluginError` raised to the code that appended,
    after every other plugin was notified.
    """


@hookspec
def vanguard_bulletin_published(bulletin: "Bulletin") -> None:
    """React to a review bulletin being published (a quarterly 简报 of a program's cycle).

    :param bulletin: the published bulletin, a frozen :class:`~vanguard.Bulletin`:
        ``program``, ``campaign``, ``quarter`` (e.g. ``"2006Q1"``), ``as_of``, its
        ``lines`` (each pledge's progress and score), the ranked ``posts`` and ``units``,
        ``program_score`` and the ``laggards``. Treat it as read-only.
    :return: nothing; return values are ignored.

    Not ``firstresult``: every plugin is notified. Called by the library once per bulletin
    published, after it is complete (and, from a ledger, recorded): by
    :meth:`vanguard.review.session.Review.publish` (so by ``vanguard bulletin`` and
    ``vanguard demo``), through ``app.hooks.bulletin_published(bulletin)``. Publishing an
    unchanged quarter again announces the latest version again. Typical uses are mailing
    it, posting it to an intranet, or archiving it.
    """


@hookspec
def vanguard_evaluation_completed(evaluation: "Evaluation") -> None:
    """React to an evaluation of a program being completed (e.g. the year-end evaluation).

    :param evaluation: the completed evaluation, a frozen :class:`~vanguard.Evaluation`:
        ``program``, ``year``, ``as_of``, the appraisal of every post and unit (scores,
        grades, ranks) and the ``findings``. Treat it as read-only.
    :return: nothing; return values are ignored.

    Not ``firstresult``: every plugin is notified. Called by the library once per
    evaluation run, after every score is final (and, from a ledger, recorded with its
    findings): by :meth:`vanguard.review.session.Review.evaluate` (so by
    ``vanguard evaluate`` and ``vanguard demo``), through
    ``app.hooks.evaluation_completed(evaluation)``. Computing an evaluation only to explain
    it (:meth:`vanguard.review.session.Review.explain`) announces nothing.
    """
