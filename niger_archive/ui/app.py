"""Owns starting the interface: the QApplication's look (system light/dark palette), and building windows."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from ..platform.i18n import choose_language, current_language, set_language
from ..services.archive import Archive
from ..services.settings import Settings
from .desktop_entry import APP_ID
from .icons import app_icon
from .main_window import MainWindow

APP_NAME = "Niger Archive"
_windows: list[MainWindow] = []  # open windows, kept alive until closed (switching archives opens a new one)


class Application(QApplication):
    """The app object. macOS hands a double-clicked file to a running app as a QFileOpenEvent (sent to
    this object, not as an argument): the newest window opens it."""

    def event(self, event) -> bool:  # noqa: A003 (Qt's name)
        if event.type() == QEvent.Type.FileOpen and event.file() and _windows:
            _windows[-1].open_paths([event.file()])
            return True
        return super().event(event)


def ensure_application() -> QApplication:
    """The running QApplication, created if needed (Fusion style offscreen, so screenshots look the same)."""
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = Application(sys.argv[:1])
        app.setApplicationName(APP_NAME)
        app.setApplicationDisplayName(APP_NAME)
        app.setOrganizationName("niger-archive")
        app.setDesktopFileName(APP_ID)  # ties the window to the installed .desktop entry (Wayland, taskbars)
        if QGuiApplication.platformName() in ("offscreen", "minimal"):
            app.setStyle("Fusion")
        app.setWindowIcon(app_icon())
    return app  # type: ignore[return-value]


_qt_translators: list[QTranslator] = []  # kept alive while installed


def apply_language(settings: Settings) -> str:
    """Show the interface in the language the settings choose (the system's by default): the app's
    own strings (``platform.i18n``), Qt's own dialogs and buttons (Qt's translations), and dates and
    numbers in that locale. Returns the language code shown."""
    app = ensure_application()
    wanted = choose_language(getattr(settings, "interface_language", "system"))
    if wanted == current_language() and _qt_translators:
        return wanted
    code = set_language(wanted)
    for translator in _qt_translators:
        app.removeTranslator(translator)
    _qt_translators.clear()
    if code != "en":
        translator = QTranslator(app)
        if translator.load(QLocale(code), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(translator)
            _qt_translators.append(translator)
    QLocale.setDefault(QLocale(code) if code != "en" else QLocale.system())
    return code


def open_window(archive_dir: str | os.PathLike[str] | None, settings: Settings | None = None, *,
                delete_on_close: bool = True, remember: bool = True, serve: bool = True) -> MainWindow:
    """Open the archive at ``archive_dir`` in a new window (remembered as the last archive).

    With ``serve`` the window listens for files that later launches on the same archive hand over."""
    ensure_application()
    settings = settings or Settings.load()
    apply_language(settings)
    # the window's archive skips the search-index check at opening: the window's search thread
    # makes it once the window is on screen (see MainWindow._warm_up)
    archive = Archive.open(archive_dir, settings=settings, repair_index=False)
    if remember:
        settings.remember_archive(str(archive.root))
    window = MainWindow(archive, settings, open_window=lambda path: _show(open_window(path, settings)),
                        remember=remember)
    if serve:
        from .instance import InstanceServer  # Qt's network module loads only for a window that listens

        window.instance_server = InstanceServer(archive.root, window)
        window.instance_server.opened.connect(window.open_paths)
    _windows.append(window)
    window.destroyed.connect(lambda *_: _forget(window))
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, delete_on_close)
    return window


def _show(window: MainWindow) -> MainWindow:
    window.show()
    return window


def _forget(window: MainWindow) -> None:
    if window in _windows:
        _windows.remove(window)


def build_window(archive_dir: str | os.PathLike[str] | Path | None, *, remember: bool = True,
                 serve: bool = False) -> MainWindow:
    """A ready (not yet shown) main window on the archive at ``archive_dir`` (tests and screenshots).

    With ``remember=False`` the window neither restores nor saves the user's layout and settings;
    with ``serve`` it listens for later launches like the app's window does."""
    return open_window(archive_dir, delete_on_close=False, remember=remember, serve=serve)
