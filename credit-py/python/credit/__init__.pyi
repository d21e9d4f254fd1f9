from ._credit import (
    Comparison as Comparison,
    Decision as Decision,
    Engine as Engine,
    IdIssue as IdIssue,
    IdResult as IdResult,
    LintReport as LintReport,
    __version__ as __version__,
    lint as lint,
    validate_resident_id as validate_resident_id,
    validate_uscc as validate_uscc,
)
from ._errors import (
    ArgumentError as ArgumentError,
    CaseError as CaseError,
    CoverageError as CoverageError,
    CreditError as CreditError,
    JurisdictionError as JurisdictionError,
    PolicyError as PolicyError,
)

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
    "PolicyError",
    "__version__",
    "lint",
    "validate_resident_id",
    "validate_uscc",
]
