"""Conversion of the case (and population) values the binding does not read directly: dates,
enums, decimals, sets, other mappings and numpy values. Called one value at a time by the
binding's walker (``credit-py/src/input.rs``), so nesting and NaN checks stay in the core."""

from __future__ import annotations

import collections.abc
import datetime
import decimal
import enum
from typing import Any


def _default(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        raise TypeError("datetime.datetime is not a civil date; pass .date() or 'YYYY-MM-DD'")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    # numpy scalars and arrays (e.g. from pandas' to_dict("records")), without importing numpy
    if type(value).__module__ == "numpy":
        if hasattr(value, "tolist"):
            return value.tolist()
        if hasattr(value, "item"):
            return value.item()
    raise TypeError(f"{type(value).__name__} is not JSON-like")


def convert(value: Any) -> Any:
    """One value the binding does not take as is → a plain str / int / float / list / dict.

    Raises ``TypeError`` for anything that is not JSON-like (the binding then reports
    ``wrong_type`` with the value's type); ``datetime.datetime`` is refused, not truncated.
    """
    if isinstance(value, collections.abc.Mapping):
        return dict(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return _default(value)
