"""``python -m playground.ui.canvas``: the network editor alone, see :mod:`playground.ui.canvas.demo`."""

import sys

from playground.ui.canvas.demo import main

sys.exit(main())
