"""``python -m playground``: the same entry point as the ``playground`` command.

Also the entry script of the PyInstaller bundle (packaging/playground.spec).
"""

import multiprocessing
import sys

if __name__ == "__main__":
    # In the frozen bundle the training engine's child process (spawn start
    # method) is the bundle's executable run again with --multiprocessing-fork:
    # this turns that run into the child and exits before any app code. A no-op
    # everywhere else.
    multiprocessing.freeze_support()
    from playground.cli import main

    sys.exit(main())
