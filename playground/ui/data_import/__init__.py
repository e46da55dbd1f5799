"""File > Import CSV…: the import dialog, its background reading, and its one link to the window (adapter)."""
