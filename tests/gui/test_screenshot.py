"""`niger-archive screenshot` renders the window offscreen to a PNG."""

from __future__ import annotations

import argparse

from PySide6.QtGui import QImage

from niger_archive.cli import ui_subcommands


def test_screenshot_command_writes_a_png_of_the_chosen_view(sample_archive, tmp_path, capsys):
    sample_archive.close()
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")

    def add(name, func, help_text, group=None):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--archive")
        p.set_defaults(func=func)
        return p

    ui_subcommands.register(add)
    out = tmp_path / "shots" / "claims.png"
    args = parser.parse_args(["screenshot", str(out), "--archive", str(sample_archive.root), "--view", "claims",
                              "--size", "1000x700"])
    assert args.func(args) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1000, 700)
    assert "saved" in capsys.readouterr().out
