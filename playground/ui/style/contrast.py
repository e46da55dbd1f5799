"""WCAG contrast between colours, and nudging a colour until it is readable.

Qt-free (hex strings and RGB tuples) so the rules are easy to test. Used to
keep data colours (layer curves, error text) legible on light and dark
backgrounds alike without hand-picking a second set for each.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

RGB = Sequence[int]

#: WCAG's minimum for graphics and large text; body text wants 4.5.
GRAPHICS_RATIO = 3.0
TEXT_RATIO = 4.5


def to_rgb(color: str | RGB) -> tuple[int, int, int]:
    """``"#RRGGBB"`` or ``(r, g, b)`` -> ``(r, g, b)`` ints 0..255."""
    if isinstance(color, str):
        text = color.lstrip("#")
        return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)
    r, g, b = (int(v) for v in color[:3])
    return r, g, b


def to_hex(rgb: RGB) -> str:
    """``(r, g, b)`` -> ``"#rrggbb"``."""
    return "#{:02x}{:02x}{:02x}".format(*to_rgb(rgb))


def relative_luminance(color: str | RGB) -> float:
    """WCAG 2 relative luminance, 0 (black) .. 1 (white)."""
    def channel(v: int) -> float:
        c = v / 255.0
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in to_rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str | RGB, b: str | RGB) -> float:
    """WCAG contrast ratio of two colours, 1 .. 21."""
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def mix(a: str | RGB, b: str | RGB, t: float) -> tuple[int, int, int]:
    """``a`` moved a fraction ``t`` (0..1) of the way to ``b``."""
    ra, rb = to_rgb(a), to_rgb(b)
    return tuple(int(round(x + (y - x) * t)) for x, y in zip(ra, rb))  # type: ignore[return-value]


def readable(color: str | RGB, backgrounds: Iterable[str | RGB], ratio: float = GRAPHICS_RATIO) -> str:
    """``color`` kept, or moved toward white (dark backgrounds) or black (light ones) until readable.

    Keeping the hue and only shifting lightness means a colour sequence keeps
    its order and character (plasma stays plasma-like) on either background.

    Parameters
    ----------
    color : str or (r, g, b)
    backgrounds : iterable of str or (r, g, b)
        Every background the colour is drawn on (e.g. a plot's and its header's);
        they are expected to be all light or all dark.
    ratio : float
        The contrast ratio wanted against every background.

    Returns
    -------
    str
        ``"#rrggbb"``; the first step (of 5 %) that reaches ``ratio``, or pure
        white / black when even that falls short.
    """
    backs = [to_rgb(b) for b in backgrounds]
    if not backs:
        return to_hex(to_rgb(color))
    dark = sum(relative_luminance(b) for b in backs) / len(backs) < 0.18
    target = (255, 255, 255) if dark else (0, 0, 0)
    for step in range(21):
        candidate = mix(color, target, step / 20)
        if min(contrast_ratio(candidate, b) for b in backs) >= ratio:
            return to_hex(candidate)
    return to_hex(target)
