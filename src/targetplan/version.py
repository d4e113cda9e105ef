"""The version of targetplan (one place: the package, files it writes and the docs read it here)."""

__version__ = "0.1.0"
