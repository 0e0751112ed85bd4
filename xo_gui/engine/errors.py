"""Errors the user can fix: each message is one clear sentence.

A message is a template and its parameters, ``XoError("{name} is empty", name=...)``:
``str(exc)`` is the English sentence the CLI prints, and the window shows the template
translated and filled in (model/engine_messages.py).  Words and phrases a message is
built with ("drawing", "a folder", "row 3 is empty") are ``Phrase``s, translated too."""
from __future__ import annotations


class Phrase(str):
    """A word or phrase a message is built with: the English text, and its template and
    parameters for the window's translation."""

    template: str
    params: dict[str, object]

    def __new__(cls, template: str, **params: object) -> "Phrase":
        phrase = super().__new__(cls, template.format(**params) if params else template)
        phrase.template, phrase.params = template, params
        return phrase


class XoError(Exception):
    """Base of every error caused by the user's input rather than by a bug."""

    def __init__(self, template: str = "", **params: object) -> None:
        super().__init__(template.format(**params) if params else template)
        self.template, self.params = template, params


class ConfigError(XoError):
    """An impossible network or training setting (a feature larger than its input, ...)."""


class FileFormatError(XoError):
    """A file that cannot be read as what it claims to be (truncated, garbage, hostile)."""
