"""Owns what this program needs from the machine it runs on, below every other layer: where the archive
and the settings live (`location`), where the installed resources are in a source tree, an installed
environment or a frozen app (`resources`), and how this program starts and talks to its own child
processes (`processes`). Standard library and platformdirs only; imports nothing else of the package.
"""
