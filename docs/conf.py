"""Sphinx configuration: the docs build with -W (warnings are errors) in CI."""

import sys
from pathlib import Path

import vanguard

sys.path.insert(0, str(Path(__file__).parent / "_ext"))  # local extensions (program_format)

project = "vanguard"
author = "The vanguard developers"
copyright = "2026, the vanguard developers"  # Sphinx reads this exact name (shadows a builtin)
release = vanguard.__version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "sphinx.ext.viewcode",
    "sphinx_click",
    "program_format",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "undoc-members": False}
nitpicky = False
intersphinx_mapping = {}
html_theme = "furo"
html_title = "vanguard"
exclude_patterns = ["_build", "_ext"]
suppress_warnings = ["myst.header"]
