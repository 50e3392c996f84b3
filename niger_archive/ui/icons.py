"""Owns the app's icons: SVGs from resources/icons, drawn in the palette's text colour at any pixel density."""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QImage, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from ..platform.resources import APP_ICON, icons_dir

SIZES = (16, 20, 24, 32, 48)
APP_SIZES = (16, 24, 32, 48, 64, 128, 256)


@lru_cache(maxsize=None)
def _svg(name: str) -> bytes | None:
    folder = icons_dir()
    if folder is None or not (folder / f"{name}.svg").is_file():
        return None
    return (folder / f"{name}.svg").read_bytes()


def _render(data: bytes, size: int, ratio: float) -> QPixmap:
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.fill(Qt.GlobalColor.transparent)
    renderer = QSvgRenderer(QByteArray(data))
    painter = QPainter(pixmap)
    renderer.render(painter, QRectF(0, 0, pixmap.width(), pixmap.height()))
    painter.end()
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def icon(name: str, sizes: tuple[int, ...] = SIZES) -> QIcon:
    """The named icon; line icons take the current palette's text colour (light and dark themes)."""
    colour = QGuiApplication.palette().color(QPalette.ColorRole.WindowText).name()
    ratio = max(1.0, QGuiApplication.instance().devicePixelRatio() if QGuiApplication.instance() else 1.0)
    return QIcon(_icon(name, sizes, colour, ratio))


@lru_cache(maxsize=256)
def _icon(name: str, sizes: tuple[int, ...], colour: str, ratio: float) -> QIcon:
    """Rendered once per name, colour and pixel density (views ask for header icons on every repaint)."""
    data = _svg(name)
    if data is None:
        return QIcon()
    data = data.replace(b"currentColor", colour.encode("ascii"))
    result = QIcon()
    for size in sizes:
        result.addPixmap(_render(data, size, ratio))
    return result


def app_icon() -> QIcon:
    return icon(APP_ICON, APP_SIZES)


def _gui_application() -> None:
    """Drawing needs a QGuiApplication; outside the app (installing icons, packaging) make an offscreen one."""
    if QGuiApplication.instance() is None:
        _keep.append(QGuiApplication([sys.argv[0] if sys.argv else APP_ICON, "-platform", "offscreen"]))


_keep: list[QGuiApplication] = []


def render_image(svg: Path, size: int) -> QImage:
    """The SVG drawn on a transparent ``size``×``size`` image (the app icon in a given size)."""
    _gui_application()
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not a valid SVG image")
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def write_png(svg: Path, size: int, out: Path) -> Path:
    """Draw the SVG at ``size`` pixels into the PNG file ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if not render_image(svg, size).save(str(out), "PNG"):
        raise OSError(f"could not write {out}")
    return out
