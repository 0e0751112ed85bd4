"""Errors the user can fix: each message is one clear sentence, shown as is."""


class XoError(Exception):
    """Base of every error caused by the user's input rather than by a bug."""


class ConfigError(XoError):
    """An impossible network or training setting (a feature larger than its input, ...)."""


class FileFormatError(XoError):
    """A file that cannot be read as what it claims to be (truncated, garbage, hostile)."""
