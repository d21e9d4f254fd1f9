"""credit — China's public-credit rulebook as data.

Identifier validation, the working-day calendar and explained decisions from the Rust engine
``credit-core``. The binding holds no rules: Python, Rust and JavaScript give identical answers.

>>> import credit
>>> credit.validate_uscc("91110000600037341L").valid
True
>>> r = credit.validate_uscc("91110000600037341K")
>>> (r.valid, r.error.code, r.error.position)
(False, 'invalid_check_character', 18)
>>> engine = credit.Engine.national()
>>> engine.add_working_days("2025-09-30", 1)
datetime.date(2025, 10, 9)

Entry points: :func:`validate_uscc`, :func:`validate_resident_id`, :class:`Engine`
(``national()``, ``from_dir()``, ``with_jurisdiction()``, ``evaluate()``, ``evaluate_many()``,
``is_working_day()``, ``add_working_days()``, ``catalog()``, ``compare()`` → :class:`Comparison`,
``check_measure()`` → :class:`MeasureCheck`, ``serious_ratio()``, ``calendar_years()``, ``with_calendar_mode()``, ``with_calendar_years()``)
and :func:`lint`. The holiday calendar projects years without a State Council notice from the
statute and marks each conclusion that used a projected day (``provisional``,
``projected_years``); ``Engine.national(strict=True)`` makes such a day a :class:`CoverageError`,
and ``calendar_years=[path or (file_name, toml_text), ...]`` loads more year files. ``evaluate``, ``evaluate_many`` and ``compare`` take
``lang="zh"`` or ``lang="en"`` for the language of the explanations.

Errors raised by the engine derive from :class:`CreditError` (:class:`PolicyError`,
:class:`CaseError`, :class:`CoverageError`, :class:`JurisdictionError`, :class:`ArgumentError`);
every error the package raises is one. An invalid identifier is a result, not an exception.
"""

from ._credit import (
    Comparison,
    Decision,
    Engine,
    IdIssue,
    IdResult,
    LintReport,
    MeasureCheck,
    TableResult,
    __version__,
    lint,
    validate_resident_id,
    validate_uscc,
)
from ._errors import ArgumentError, CaseError, CoverageError, CreditError, JurisdictionError, PolicyError

__all__ = [
    "ArgumentError",
    "CaseError",
    "Comparison",
    "CoverageError",
    "CreditError",
    "Decision",
    "Engine",
    "IdIssue",
    "IdResult",
    "JurisdictionError",
    "LintReport",
    "MeasureCheck",
    "TableResult",
    "PolicyError",
    "__version__",
    "lint",
    "validate_resident_id",
    "validate_uscc",
]
