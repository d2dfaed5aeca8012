"""``python -m vanguard`` runs the command line."""

from vanguard.cli import main

main()
