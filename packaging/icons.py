"""Render the app icon (resources/icons/app.svg) into the raster formats platforms want.

PNG sizes for the Linux icon theme, ``.ico`` for Windows and ``.icns`` for
macOS, all drawn by Qt (QtSvg for the SVG, Qt's own image-format plugins for
ICO and ICNS) offscreen, so no other tool is needed. Nothing here is committed:
``make bundle`` and ``make install-desktop`` render what they need into build/
or the user's icon folder.

Run alone: ``python packaging/icons.py OUT_DIR`` writes every format there.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "app.svg"
#: Sizes of the freedesktop hicolor theme's fixed-size folders (16x16 .. 512x512).
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
#: The largest size each platform format holds (Qt writes one image per file).
PLATFORM_ICONS = {"ico": 256, "icns": 512}


def _app():
    """A QGuiApplication for offscreen drawing (one per process; reused if running)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication([])


def render(size: int, svg: Path = SVG):
    """The SVG drawn into a transparent ``size`` x ``size`` QImage (ARGB32)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app()
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def write_image(image, path: Path, fmt: str) -> None:
    """Save ``image`` as ``fmt``; raise OSError with Qt's reason if it cannot."""
    from PySide6.QtGui import QImageWriter

    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QImageWriter(str(path), fmt.encode())
    if not writer.write(image):
        raise OSError(f"{path}: cannot write {fmt}: {writer.errorString()}")


def write_pngs(out_dir: Path, sizes=PNG_SIZES) -> dict[int, Path]:
    """Write ``app-<size>.png`` for each size into ``out_dir``; return {size: path}."""
    paths = {}
    for size in sizes:
        paths[size] = Path(out_dir) / f"app-{size}.png"
        write_image(render(size), paths[size], "png")
    return paths


def write_platform_icon(out_dir: Path, fmt: str) -> Path | None:
    """Write ``app.<fmt>`` (``ico`` or ``icns``) if this Qt has a writer for it, else return None."""
    from PySide6.QtGui import QImageWriter

    _app()
    if fmt.encode() not in {bytes(f) for f in QImageWriter.supportedImageFormats()}:
        return None
    path = Path(out_dir) / f"app.{fmt}"
    write_image(render(PLATFORM_ICONS[fmt]), path, fmt)
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "build/icons")
    for size, path in write_pngs(target).items():
        print(path)
    for fmt in PLATFORM_ICONS:
        print(write_platform_icon(target, fmt) or f"no {fmt} writer in this Qt")
