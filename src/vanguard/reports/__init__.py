"""Rendered reports: the quarterly bulletin as a self-contained HTML page."""

from vanguard.reports.bulletin_page import render_bulletin_html

__all__ = ["render_bulletin_html"]
