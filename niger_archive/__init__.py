"""Niger Archive: an offline archive and annotation tool for news coverage."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("niger-archive")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.1.0"
