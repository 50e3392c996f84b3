"""Owns turning the command registry into QActions, shortcuts, menus and the toolbar (nothing is declared twice).

A command's keys are live where its context is: ``global`` keys anywhere in the window, the others
only while the focus is inside the widgets of that context (the reader, the library table, …), so
single-letter keys never get in the way of typing in a field.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMenuBar, QToolBar, QWidget

from ..commands.keys import Keymap
from ..commands.reference import context_title
from ..commands.registry import MENUS, Registry
from ..platform.i18n import tr
from .icons import icon

ICONS = {
    "file.import": "import", "file.export": "export", "file.open_archive": "open", "edit.undo": "undo",
    "edit.redo": "redo", "go.search": "search", "annotate.highlight": "highlight", "claim.mark": "claim",
    "annotate.entity": "entity", "view.compare": "compare", "view.review": "review", "view.library": "library",
    "help.keys": "help", "view.palette": "palette",
}
TOOLBAR = ("file.import", "file.export", None, "edit.undo", "edit.redo", None, "annotate.highlight",
           "claim.mark", "annotate.entity", None, "view.compare", "view.palette", "help.keys")


class CommandActions:
    def __init__(self, window: QMainWindow, registry: Registry, keymap: Keymap,
                 context_widgets: dict[str, list[QWidget]], run: Callable[[str], None]) -> None:
        self.window = window
        self.registry = registry
        self.keymap = keymap
        self.run = run  # looked up at each trigger (tests record what a key ran by replacing it)
        self.actions: dict[str, QAction] = {}
        for cmd in registry:
            title = tr(cmd.title)  # shown in the interface language; keys stay the same
            action = QAction(icon(ICONS[cmd.id]) if cmd.id in ICONS else icon(""), title, window)
            action.setObjectName(f"action:{cmd.id}")
            keys = keymap.keys_for(cmd.id)
            action.setShortcuts([QKeySequence(k) for k in keys])
            where = tr(context_title(cmd.context))
            action.setToolTip(f"{title} ({tr(' or ').join(keys)})" if keys else title)
            action.setStatusTip(f"{tr(cmd.description)} — {where}")
            action.triggered.connect(lambda _checked=False, command_id=cmd.id: self.run(command_id))
            if cmd.context == "global":
                action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
                window.addAction(action)
            else:
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                for widget in context_widgets.get(cmd.context, []):
                    widget.addAction(action)
            self.actions[cmd.id] = action

    def build_menus(self, menubar: QMenuBar, extra: dict[str, Callable[[QMenu], None]] | None = None) -> dict[str, QMenu]:
        """One menu per registry menu (submenus for "Menu/Sub"), separators between sections.

        ``extra`` may add entries that are not commands (e.g. the recent archives submenu)."""
        menus: dict[str, QMenu] = {}
        for name in MENUS:
            commands = self.registry.in_menu(name)
            if not commands:
                continue
            menu = menubar.addMenu(f"&{tr(name)}")
            menu.setObjectName(f"menu:{name}")
            menus[name] = menu
            submenus: dict[str, QMenu] = {}
            section = None
            for cmd in commands:
                target = menu
                if "/" in cmd.menu:
                    sub = cmd.menu.split("/", 1)[1]
                    if sub not in submenus:
                        submenus[sub] = menu.addMenu(tr(sub))
                        submenus[sub].setObjectName(f"menu:{cmd.menu}")
                    target = submenus[sub]
                elif section is not None and cmd.section != section:
                    menu.addSeparator()
                if "/" not in cmd.menu:
                    section = cmd.section
                target.addAction(self.actions[cmd.id])
            if extra and name in extra:
                menu.addSeparator()
                extra[name](menu)
        return menus

    def build_toolbar(self, window: QMainWindow) -> QToolBar:
        bar = QToolBar(tr("Toolbar"), window)
        bar.setObjectName("toolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        for command_id in TOOLBAR:
            if command_id is None:
                bar.addSeparator()
            elif command_id in self.actions:
                bar.addAction(self.actions[command_id])
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        return bar

    def refresh_icons(self) -> None:
        """Redraw the icons in the current palette's text colour (after a light/dark switch)."""
        for command_id, name in ICONS.items():
            if command_id in self.actions:
                self.actions[command_id].setIcon(icon(name))

    def update_history(self, undo_label: str | None, redo_label: str | None) -> None:
        """The Edit menu names the next undo and redo ("Undo Set verdict to disputed")."""
        for command_id, verb, label in (("edit.undo", "Undo", undo_label), ("edit.redo", "Redo", redo_label)):
            action = self.actions.get(command_id)
            if action is not None:
                action.setText(f"{tr(verb)} {tr(label).replace('&', '&&')}" if label else tr(verb))
                action.setEnabled(label is not None)
