"""Data files shipped with the app (icons, example datasets, lessons, styles).

Installed as the package ``playground.resources``; read them through
:mod:`playground.assets`, never by a path relative to the source tree.
"""
