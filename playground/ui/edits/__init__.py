"""Every user change as an undoable command: the ``Actions`` the panels call and the QUndoCommands."""
