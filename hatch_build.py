"""Build hook: the shipped examples travel inside the wheel, as ``vanguard/examples``.

So that ``vanguard demo`` works from an installed wheel. Only standard wheels get them: an
editable install reads the source checkout's ``examples/`` directly (a copy would go
stale as the examples change).
"""

from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class ExamplesHook(BuildHookInterface):  # type: ignore[type-arg]  # hatchling's generic config
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name == "wheel" and version == "standard":
            build_data["force_include"]["examples"] = "vanguard/examples"
