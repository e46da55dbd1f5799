"""The Help menu: the offline user guide, the keyboard shortcuts and About.

Everything shown here ships inside the package (``resources/help``,
``resources/licenses``); nothing is fetched.
"""

from playground.ui.help.menu import add_help_menu

__all__ = ["add_help_menu"]
