"""Owns the interface-related commands of the command line: screenshot (Qt is imported only when run)."""

from __future__ import annotations

import argparse

from .output import EXIT_FAILED, EXIT_OK, safe

VIEWS = ("library", "reader", "claims", "entities", "compare", "review")


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(x) for x in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError("size must look like 1440x900") from None
    if not (320 <= width <= 8000 and 240 <= height <= 8000):
        raise argparse.ArgumentTypeError("size must be between 320x240 and 8000x8000")
    return width, height


def cmd_screenshot(args: argparse.Namespace) -> int:
    from ..ui.screenshot import render_screenshot

    try:
        out = render_screenshot(args.out, args.archive, args.view, args.size, args.query)
    except OSError as exc:
        print(f"error: {safe(str(exc))}")
        return EXIT_FAILED
    print(f"saved {safe(str(out))}")
    return EXIT_OK


def register(add) -> None:
    p = add("screenshot", cmd_screenshot, "render the app window offscreen to a PNG image")
    p.add_argument("out", metavar="OUT.png")
    p.add_argument("--view", choices=VIEWS, default="reader", help="what the window shows (default: reader)")
    p.add_argument("--size", type=_size, default=(1440, 900), metavar="WxH", help="window size (default 1440x900)")
    p.add_argument("--query", default=None, help="search typed into the library (library view; default: troops)")
