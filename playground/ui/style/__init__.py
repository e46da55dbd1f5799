"""How the app looks: light and dark themes, readable contrast."""
