"""Edit > Preferences: theme, data colours, number precision, boundary resolution, default speed (issue 12)."""

from playground.ui.preferences.adapter import PreferencesController, install

__all__ = ["PreferencesController", "install"]
