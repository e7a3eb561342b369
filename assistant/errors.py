"""Errors a user sees: always bilingual, always naming the file."""

from __future__ import annotations


class AssistantError(Exception):
    """Base class; `str()` is the message to show."""


class IngestError(AssistantError):
    def __init__(self, path: str, ko: str, en: str):
        self.path, self.ko, self.en = path, ko, en
        super().__init__(f"{path}: {ko} / {en}")


class IndexMissingError(AssistantError):
    pass


class ConfigError(AssistantError, ValueError):
    """A settings, rules or users file (or a COUNCIL_ASSISTANT_* variable) that cannot be used; the
    message names the file or variable. Also a ValueError, as the settings errors were before."""
