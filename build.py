#!/usr/bin/env python3
"""Build the edition: ``python build.py`` does what ``edition build`` does.

Any arguments are those of ``edition build`` (``--corpus DIR``, ``--out DIR``,
``--strict``, ``--quiet``).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from edition.cli import main

if __name__ == "__main__":
    sys.exit(main(["build", *sys.argv[1:]]))
