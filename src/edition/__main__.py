"""``python -m edition``: the command line."""

import sys

from edition.cli import main

sys.exit(main())
