"""``python -m edition``: the command line."""

from edition.cli import run

run()
