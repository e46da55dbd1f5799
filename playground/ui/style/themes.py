"""View > Theme: the system's look, or Fusion with a light or a dark palette.

A teacher on a projector may want a light window on a dark desktop (or the
reverse). The choice is applied live to the whole application and kept in the
app's QSettings under :data:`SETTINGS_KEY`. Widgets restyle themselves on the
resulting ``QEvent.PaletteChange`` (see :class:`playground.ui.plots.theme.PaletteRestyleMixin`).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QAction, QActionGroup, QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QMenu, QProxyStyle, QStyle, QStyleFactory

from playground.ui.style.contrast import GRAPHICS_RATIO, mix, readable, to_hex

SYSTEM, LIGHT, DARK = "system", "light", "dark"
#: Menu order and the text of each entry.
THEMES = {SYSTEM: "&System", LIGHT: "&Light", DARK: "&Dark"}
SETTINGS_KEY = "view/theme"
FUSION = "Fusion"

_LIGHT = {
    "Window": "#efefef", "WindowText": "#1f1f1f", "Base": "#ffffff", "AlternateBase": "#f5f5f5",
    "Text": "#1f1f1f", "Button": "#efefef", "ButtonText": "#1f1f1f", "BrightText": "#ffffff",
    "Highlight": "#308cc6", "HighlightedText": "#ffffff", "ToolTipBase": "#ffffdc", "ToolTipText": "#1f1f1f",
    "PlaceholderText": "#7f7f7f", "Link": "#0b62a8", "LinkVisited": "#6a3d9a",
    "Light": "#ffffff", "Midlight": "#e3e3e3", "Mid": "#a0a0a0", "Dark": "#a0a0a0", "Shadow": "#696969",
}
_DARK = {
    "Window": "#2b2b2b", "WindowText": "#e6e6e6", "Base": "#1e1e1e", "AlternateBase": "#2b2b2b",
    "Text": "#e6e6e6", "Button": "#363636", "ButtonText": "#e6e6e6", "BrightText": "#ffffff",
    "Highlight": "#2a82da", "HighlightedText": "#ffffff", "ToolTipBase": "#3a3a3a", "ToolTipText": "#e6e6e6",
    "PlaceholderText": "#8c8c8c", "Link": "#6cb4ee", "LinkVisited": "#c39bd3",
    "Light": "#4a4a4a", "Midlight": "#3c3c3c", "Mid": "#8a8a8a", "Dark": "#1a1a1a", "Shadow": "#0f0f0f",
}
# Disabled text must stay visibly dimmer than enabled text in both palettes.
_DISABLED = {LIGHT: "#9a9a9a", DARK: "#7a7a7a"}

# The look the application had before the first theme change ("System" brings it back).
_system: dict = {}


def make_palette(name: str) -> QPalette:
    """The complete :data:`LIGHT` or :data:`DARK` palette (every role set, so nothing leaks in)."""
    roles = _DARK if name == DARK else _LIGHT
    palette = QPalette()
    for role, color in roles.items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(color))
    for role in ("WindowText", "Text", "ButtonText", "PlaceholderText"):
        palette.setColor(QPalette.ColorGroup.Disabled, getattr(QPalette.ColorRole, role), QColor(_DISABLED[name]))
    return palette


class OutlinedFusion(QProxyStyle):
    """Fusion, with check box and radio button indicators outlined in the palette's Mid colour.

    Fusion draws an indicator's frame in a shade of the Window colour and fills it
    with Base. On the dark palette both are near black, so an empty box ("test
    points", "discretize", the input features) all but vanished.
    """

    _OUTLINED = (QStyle.PrimitiveElement.PE_IndicatorCheckBox, QStyle.PrimitiveElement.PE_IndicatorRadioButton)

    def __init__(self) -> None:
        super().__init__(QStyleFactory.create(FUSION))

    def drawPrimitive(self, element, option, painter, widget=None) -> None:  # noqa: N802 - Qt API
        super().drawPrimitive(element, option, painter, widget)
        if element not in self._OUTLINED:
            return
        palette = option.palette
        # Text toward Base: a 3:1 (non-text contrast) frame on either palette.
        frame_color = readable(to_hex(mix(palette.color(QPalette.ColorRole.Text).name(),
                                          palette.color(QPalette.ColorRole.Base).name(), 0.45)),
                               [palette.color(QPalette.ColorRole.Base).name(),
                                palette.color(QPalette.ColorRole.Window).name()], GRAPHICS_RATIO)
        painter.save()
        painter.setPen(QPen(QColor(frame_color), 1.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if element == QStyle.PrimitiveElement.PE_IndicatorRadioButton:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.drawEllipse(QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5))
        else:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.drawRect(option.rect.adjusted(0, 0, -1, -1))
        painter.restore()


def remember_system_look(app: QApplication | None = None) -> None:
    """Keep the application's palette and style as the "System" theme (the first call wins).

    Call before an application style sheet is set: under a style sheet Qt
    reports the style without its name.
    """
    app = app or QApplication.instance()
    if _system.get("app") is app:
        return
    _system.clear()
    _system.update(app=app, palette=QPalette(app.palette()), style=app.style().name())


def apply_theme(name: str, app: QApplication | None = None) -> str:
    """Switch the whole application to theme ``name`` (unknown names mean :data:`SYSTEM`); return it."""
    app = app or QApplication.instance()
    remember_system_look(app)
    name = name if name in THEMES else SYSTEM
    if name == SYSTEM:
        palette, style = _system["palette"], _system["style"]
    else:
        palette, style = make_palette(name), OutlinedFusion()
    app.setPalette(palette)
    # Qt keeps widgets polished by a style sheet on their old palette; setting the
    # style afterwards repolishes every widget, so each one gets a PaletteChange.
    if isinstance(style, QStyle):
        _system["style_object"] = style   # Python owns the proxy: keep it alive while Qt uses it
        app.setStyle(style)
    elif not style or app.setStyle(style) is None:
        app.setStyleSheet(app.styleSheet())
    _system["current"] = name
    return name


def current_theme() -> str:
    """The theme last applied (:data:`SYSTEM` before any)."""
    return _system.get("current", SYSTEM)


def stored_theme(settings) -> str:
    """The theme kept in ``settings`` (:data:`SYSTEM` when missing or unknown)."""
    value = str(settings.value(SETTINGS_KEY, SYSTEM) or SYSTEM).lower()
    return value if value in THEMES else SYSTEM


def add_theme_menu(menu: QMenu, settings, parent) -> QActionGroup:
    """Add View > Theme to ``menu``, apply the stored choice, and store every new one.

    Parameters
    ----------
    menu : QMenu
        The View menu.
    settings : QSettings
        The app's settings; the choice is written at once (a crash keeps it too).
    parent : QObject
        Owner of the action group.

    Returns
    -------
    QActionGroup
        One checkable action per theme, ``action.data()`` its name.
    """
    submenu = menu.addMenu("&Theme")
    group = QActionGroup(parent)
    stored = stored_theme(settings)
    for name, text in THEMES.items():
        action = QAction(text, parent)
        action.setCheckable(True)
        action.setData(name)
        action.setChecked(name == stored)
        group.addAction(action)
        submenu.addAction(action)

    def chosen(action: QAction) -> None:
        settings.setValue(SETTINGS_KEY, apply_theme(action.data()))
        settings.sync()

    group.triggered.connect(chosen)
    if stored != current_theme():
        apply_theme(stored)
    return group
