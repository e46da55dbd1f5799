"""The experiment as a document: Open / Save / New, unsaved work, autosave and crash recovery."""
