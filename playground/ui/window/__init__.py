"""The main window and where its layout is remembered."""
