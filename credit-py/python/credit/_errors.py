"""The exception hierarchy of :mod:`credit`, rooted in :class:`CreditError`.

The Rust core raises one error type with a *kind* (when it happened); the binding maps each kind
onto a class here:

========================  =======================================================================
``PolicyError``           policy files could not be loaded or broke the format or legal hierarchy
                          (``.diagnostics`` lists every problem, each with file, line and column)
``CaseError``             a case is malformed; ``.path`` names the field (``records[2].events[0].on``)
``CoverageError``         a date lies outside the holiday calendar's coverage
``JurisdictionError``     a jurisdiction id is not part of the loaded policy set
``ArgumentError``         an argument has the wrong type or is out of range (a count, a date, a
                          language, a calendar mode); also a ``TypeError`` and a ``ValueError``
``CreditError``           anything else (for example a policy directory that cannot be read)
========================  =======================================================================
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

__all__ = ["CreditError", "PolicyError", "CaseError", "CoverageError", "JurisdictionError", "ArgumentError"]


class CreditError(Exception):
    """Root of every error raised by :mod:`credit`.

    Attributes:
        code: stable snake_case code, e.g. ``unknown_field``, ``calendar_coverage``.
        kind: when it happened: ``policy``, ``case``, ``coverage``, ``jurisdiction``, ``argument``,
            ``io`` or ``internal``.
        path: field path of a case error (``records[0].decided_on``), else ``None``.
        message: the message, without path or help.
        help: guidance on how to fix it, or ``None``.
        diagnostics: every policy diagnostic (a list of dicts); empty for other kinds.
    """

    code: str
    kind: str
    path: Optional[str]
    message: str
    help: Optional[str]
    diagnostics: List[Dict[str, Any]]

    def __init__(
        self,
        message: str,
        *,
        code: str = "error",
        kind: str = "",
        path: Optional[str] = None,
        help: Optional[str] = None,
        diagnostics: Optional[List[Dict[str, Any]]] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.kind = kind
        self.path = path
        self.help = help
        self.diagnostics = list(diagnostics or [])

    def __str__(self) -> str:
        text = f"{self.path}: {self.message}" if self.path else self.message
        if self.help:
            text += f" (help: {self.help})"
        return text

    def __reduce__(self) -> Any:
        return (_rebuild, (type(self), self.message, self.code, self.kind, self.path, self.help, self.diagnostics))


def _rebuild(cls: type, message: str, code: str, kind: str, path: Optional[str], help: Optional[str], diagnostics: List[Dict[str, Any]]) -> CreditError:
    return cls(message, code=code, kind=kind, path=path, help=help, diagnostics=diagnostics)


class PolicyError(CreditError):
    """Policy files were refused; ``.diagnostics`` holds every problem found (all at once)."""


class CaseError(CreditError, ValueError):
    """A case is malformed or refers to unknown catalogue entries; ``.path`` names the field."""


class CoverageError(CreditError, ValueError):
    """A date lies outside the years the holiday calendar covers."""


class JurisdictionError(CreditError, LookupError):
    """A jurisdiction id is not part of the loaded policy set."""


class ArgumentError(CreditError, TypeError, ValueError):
    """An argument of a call has the wrong type or is out of range; ``.path`` names the argument
    (``n``, ``date``, ``lang``, ``mode``). Also a ``TypeError`` and a ``ValueError``, so code written
    against the built-in exceptions keeps working."""
