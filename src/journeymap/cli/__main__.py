"""``python -m journeymap.cli`` runs the CLI (used by tests to run the installed code)."""

from journeymap.cli.app import main

main()
