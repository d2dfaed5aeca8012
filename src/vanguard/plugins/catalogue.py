"""The catalogue of an app: every initiative and indicator its plugins define, and who defines it.

Names are global to an app: two plugins (or one plugin twice) defining the same initiative
name or indicator code is a :class:`~vanguard.PluginConflictError` naming both, never a
silent override that depends on installation order.
"""

from collections.abc import Iterable

import attrs

from vanguard.model.indicator import Indicator
from vanguard.plugins.errors import PluginConflictError
from vanguard.plugins.initiative import Initiative


@attrs.frozen
class Catalogue:
    """Initiatives and indicators by name, each with the plugin that provides it."""

    initiatives: dict[str, Initiative]
    indicators: dict[str, Indicator]
    initiative_plugin: dict[str, str]
    """Initiative name -> the plugin that contributes it."""
    indicator_initiative: dict[str, str]
    """Indicator code -> the initiative that defines it."""

    @classmethod
    def build(cls, contributions: Iterable[tuple[str, Iterable[Initiative]]]) -> "Catalogue":
        """Merge each plugin's initiatives; :class:`PluginConflictError` on any clash."""
        initiatives: dict[str, Initiative] = {}
        indicators: dict[str, Indicator] = {}
        initiative_plugin: dict[str, str] = {}
        indicator_initiative: dict[str, str] = {}
        for plugin, contributed in contributions:
            for initiative in contributed:
                if initiative.name in initiatives:
                    first = (initiative_plugin[initiative.name], initiative.name)
                    raise PluginConflictError(
                        "initiative", initiative.name, [first, (plugin, initiative.name)]
                    )
                for indicator in initiative.indicators:
                    if indicator.code in indicators:
                        owner = indicator_initiative[indicator.code]
                        first = (initiative_plugin[owner], owner)
                        raise PluginConflictError(
                            "indicator", indicator.code, [first, (plugin, initiative.name)]
                        )
                    indicators[indicator.code] = indicator
                    indicator_initiative[indicator.code] = initiative.name
                initiatives[initiative.name] = initiative
                initiative_plugin[initiative.name] = plugin
        return cls(initiatives, indicators, initiative_plugin, indicator_initiative)


__all__ = ["Catalogue"]
