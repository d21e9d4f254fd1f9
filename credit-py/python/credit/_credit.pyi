"""Type stubs for the extension module ``credit._credit`` (see ``credit/__init__.pyi``)."""

import datetime
import os
from typing import Any, Callable, Dict, Iterable, Iterator, List, Literal, Mapping, Optional, Protocol, Sequence, Tuple, Union, final

__version__: str

@final
class IdIssue:
    """One problem (or non-fatal finding) in an identifier."""

    @property
    def code(self) -> str: ...
    @property
    def position(self) -> Optional[int]: ...
    @property
    def message(self) -> str: ...
    def to_dict(self) -> Dict[str, Any]: ...

@final
class IdResult:
    """The outcome of validating one identifier; ``repr`` shows only the masked identifier."""

    @property
    def kind(self) -> str: ...
    @property
    def valid(self) -> bool: ...
    @property
    def error(self) -> Optional[IdIssue]: ...
    @property
    def findings(self) -> List[IdIssue]: ...
    @property
    def masked(self) -> str: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def __bool__(self) -> bool: ...

def validate_uscc(s: str) -> IdResult: ...
def validate_resident_id(s: str) -> IdResult: ...

_Date = Union[datetime.date, str]
_Case = Union[Mapping[str, Any], str, bytes]

class _ArrowStream(Protocol):
    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any: ...

# A pyarrow/polars table, a pandas DataFrame, or anything exporting the Arrow PyCapsule stream.
_Table = Union[_ArrowStream, Any]
_PathLike = Union[str, "os.PathLike[str]"]

@final
class Decision:
    """An explained decision (the JSON contract); read top-level fields as ``d["grade"]`` or ``d.grade``."""

    def to_dict(self) -> Dict[str, Any]: ...
    def to_json(self, indent: Optional[int] = None) -> str: ...
    def to_text(self) -> str: ...
    def keys(self) -> List[str]: ...
    def get(self, key: str, default: Any = None) -> Any: ...
    def __getitem__(self, key: str) -> Any: ...
    def __getattr__(self, name: str) -> Any: ...
    def __contains__(self, key: str) -> bool: ...
    def __str__(self) -> str: ...

@final
class Comparison:
    """One case evaluated under several jurisdictions; ``str(comparison)`` is the text report."""

    @property
    def jurisdictions(self) -> List[str]: ...
    @property
    def differences(self) -> List[Dict[str, Any]]:
        """Dicts with ``path``, ``values``, ``rules`` and ``why`` (each keyed by jurisdiction)."""
        ...
    @property
    def decisions(self) -> Dict[str, Dict[str, Any]]: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def to_json(self, indent: Optional[int] = None) -> str: ...
    def to_text(self) -> str: ...
    def __str__(self) -> str: ...
    def __len__(self) -> int: ...
    def __bool__(self) -> bool: ...

class _Records(Protocol):
    """A pandas-like table: anything with ``to_dict("records")``."""

    def to_dict(self, orient: Literal["records"]) -> List[Dict[str, Any]]: ...

_Lang = Optional[Literal["zh", "en"]]
_CalendarMode = Literal["project", "strict"]
_CalendarYears = Sequence[Union[_PathLike, Tuple[str, str]]]

@final
class Engine:
    """One jurisdiction layer of a validated policy set plus the holiday calendar (immutable)."""

    @staticmethod
    def national(*, strict: bool = False, calendar_years: Optional[_CalendarYears] = None) -> Engine: ...
    @staticmethod
    def from_dir(
        path: _PathLike,
        jurisdiction: str = "cn",
        *,
        strict: bool = False,
        calendar_years: Optional[_CalendarYears] = None,
    ) -> Engine: ...
    @staticmethod
    def from_sources(
        files: Union[Mapping[str, str], Sequence[Tuple[str, str]]],
        jurisdiction: str = "cn",
        *,
        strict: bool = False,
        calendar_years: Optional[_CalendarYears] = None,
    ) -> Engine: ...
    def with_jurisdiction(self, id: str) -> Engine: ...
    def with_calendar_mode(self, mode: _CalendarMode) -> Engine:
        """``"project"`` (default: unpublished years projected, answers marked provisional) or ``"strict"``."""
        ...
    def with_calendar_years(self, files: _CalendarYears) -> Engine:
        """More calendar year files: paths or ``(file_name, toml_text)`` tuples; a bad file raises ``PolicyError``."""
        ...
    def calendar_years(self) -> List[Dict[str, Any]]:
        """``{"year", "status": "published" | "projected", "source"}`` (+ ``"published"`` date) per year."""
        ...
    @property
    def calendar_mode(self) -> _CalendarMode: ...
    @property
    def jurisdiction(self) -> str: ...
    def jurisdictions(self) -> List[str]: ...
    @property
    def policy_version(self) -> str: ...
    @property
    def calendar_version(self) -> str: ...
    def is_working_day(self, date: _Date) -> bool: ...
    def add_working_days(self, date: _Date, n: int) -> datetime.date: ...
    def next_working_day(self, date: _Date) -> datetime.date: ...
    def working_days_between(self, start: _Date, end: _Date) -> int: ...
    def evaluate(self, case: _Case, lang: _Lang = None) -> Decision: ...
    def evaluate_many(self, cases: Iterable[_Case], lang: _Lang = None) -> List[Decision]: ...
    def evaluate_table(
        self,
        subjects: _Table,
        records: Optional[_Table] = None,
        events: Optional[_Table] = None,
        measures: Optional[_Table] = None,
        *,
        key: Union[str, Sequence[str]],
        as_of: Optional[_Date] = None,
        lang: _Lang = None,
        explain: bool = False,
        strict: bool = False,
        workers: Optional[int] = None,
        chunk_size: int = 8192,
        progress: Union[None, bool, Callable[[int, int], Any]] = None,
    ) -> TableResult:
        """Evaluate tables (pyarrow, polars, pandas, or any object with ``__arrow_c_stream__``)
        linked by the caller's ``key`` columns; see :class:`TableResult` for the result schemas.

        Input columns (others are ignored; a null is a missing value; dates are Arrow
        date32/date64/timestamp at midnight or strict ``YYYY-MM-DD`` text):

        - ``subjects``: key columns, ``id``, ``kind``; optional ``sector``, ``status``, ``region``,
          ``since``, ``as_of`` (overrides the ``as_of`` argument row by row);
        - ``records``: key columns, ``record`` (id), ``conduct``, ``decided_on``; optional
          ``domain``, ``severity``, ``decided_by``, ``list``, ``term``;
        - ``events``: key columns, ``record``, ``on``, ``type``; optional ``extension``,
          ``destination``, ``note``;
        - ``measures``: key columns, ``measure``, ``record``; optional ``by``, ``by_kind``,
          ``voluntary`` (bool), ``target``.

        Runs without the GIL on ``workers`` threads (default: every core), started once per call;
        each takes ``chunk_size / workers`` subjects at a time (one worker: ``chunk_size``), and
        ``progress`` is called as these pieces finish. Each worker after the first evaluates on
        its own copy of the policy data (``Engine.replica`` in Rust: made on first use, a few
        milliseconds, and kept with this engine), so the threads never share a reference count
        and scale with the cores.
        """
        ...
    def check_measures(
        self,
        table: _Table,
        *,
        as_of: _Date,
        key: Union[None, str, Sequence[str]] = None,
        detail: bool = False,
        workers: Optional[int] = None,
    ) -> Tuple[Any, Any]:
        """The proposed-measure checks on record facts through the catalogue compiled into dense
        tables (``credit_core::measure_table``): one row per proposed measure with ``measure``,
        ``conduct``, ``severity``, ``list``, ``status``, ``in_scope``, ``subject_kind``,
        ``decided_on`` and optionally ``target``, ``by_kind``, ``voluntary``, ``notified``,
        ``events`` (list of event types) — the records table of :meth:`evaluate_table` joined with
        the proposals has them all. Returns ``(results, errors)`` as pyarrow tables: results
        aligned with the input (``key`` columns as given, ``allowed`` (bool, null on a bad row),
        ``failed_mask`` (uint16: bit i = the i-th of catalogue, legal_basis, record_in_force,
        not_suspended, scope, relevance, not_lifted, proportionality, subject_kind,
        voluntary_only, notice), and with ``detail=True`` ``failed`` and ``rules``); errors
        ``row``, ``code``, ``path`` (the column), ``message``."""
        ...
    def check_measure(
        self,
        measure: str,
        *,
        conduct: str,
        decided_on: _Date,
        as_of: _Date,
        status: str,
        subject_kind: str,
        severity: Optional[str] = None,
        list: Optional[str] = None,
        target: Optional[str] = None,
        by_kind: Optional[str] = None,
        voluntary: Optional[bool] = None,
        notified: Optional[bool] = None,
        events: Optional[Iterable[str]] = None,
    ) -> MeasureCheck:
        """One proposed-measure check, answered as :meth:`evaluate` answers the same proposal in
        a case (same verdict, failed checks and rule ids), through the catalogue compiled into
        dense tables at ``as_of`` (kept in the engine for the last few dates). The arguments are
        the record's fields in the case contract — ``conduct``, ``decided_on``, ``severity``
        (``None``: the conduct's own), ``list`` — its evaluated ``status`` (``active``,
        ``suspended``, ``expired``, ``repaired``, ``removed``, ``exited``, ``revoked``: a
        decision's ``records[i].status``, or the ``status`` column of ``evaluate_table``), the
        subject's kind, the proposal's ``target``, ``by_kind`` and ``voluntary``, ``notified``
        (a ``notified`` event on or before the decision) and ``events`` (the event types on the
        record on or before ``as_of``; they decide ``not_lifted``). The sanction scope comes from
        the severity. Raises :class:`ArgumentError` with the codes :meth:`evaluate` gives
        (``unknown_measure``, ``unknown_conduct``, ``unknown_list``, ``list_criteria_not_met``,
        ``unknown_value``, ``invalid_date``, ``wrong_type``)."""
        ...
    def catalog(self) -> Dict[str, Any]: ...
    def compare(self, case: _Case, jurisdictions: Sequence[str], lang: _Lang = None) -> Comparison: ...
    def serious_ratio(self, subjects: Union[Iterable[Mapping[str, Any]], _Records]) -> List[Dict[str, Any]]: ...

@final
class TableResult:
    """The result of :meth:`Engine.evaluate_table`: four ``pyarrow.Table`` objects, each starting
    with the caller's key columns exactly as given (taken from the input row; not masked).
    ``subjects, records, measures, errors = result`` unpacks them. Text columns are
    dictionary-encoded (``dictionary<int32, string>``: pandas categoricals, polars categoricals)
    except ``record`` and ``explanation``; lists are ``list<dictionary<int32, string>>``.

    - ``subjects``: ``grade``, ``lists`` (list), ``triage`` (null when none), ``triage_action``,
      ``supervision`` (the level), ``treatment`` (list), ``incentives`` (list, earned),
      ``provisional`` (bool)[, ``explanation`` (string)];
    - ``records``: ``record`` (string), ``conduct``, ``domain``, ``severity``, ``list``,
      ``in_scope`` (bool), ``status``, ``status_since``, ``period_start``, ``nominal_end``,
      ``effective_end`` (date32), ``days_remaining`` (int64), ``objection_reply_due``
      (list<date32>), ``objection_overdue`` (bool), ``publish_due``, ``publication_min_end``,
      ``publication_max_end``, ``double_publicity_due`` (date32), ``double_publicity_on_time``
      (bool), ``repair_status``, ``repair_eligible`` (bool), ``repair_eligible_from`` (date32),
      ``provisional`` (bool), ``subject_kind``, ``decided_on`` (date32), ``notified`` (bool,
      notified on or before the decision), ``events`` (list, types on or before ``as_of``)[,
      ``explanation``];
    - ``measures``: ``measure``, ``record`` (string), ``verdict`` (``allowed`` / ``refused``),
      ``allowed`` (bool), ``failed`` (list of check names), ``rules`` (list of rule ids)[,
      ``legal_basis`` (list), ``explanation``];
    - ``errors``: ``table`` (``subjects`` / ``records`` / ``events`` / ``measures``), ``row``
      (int64, in that table), ``code``, ``path`` (in the subject's case), ``message`` (masked).
    """

    @property
    def subjects(self) -> Any: ...
    @property
    def records(self) -> Any: ...
    @property
    def measures(self) -> Any: ...
    @property
    def errors(self) -> Any: ...
    def __iter__(self) -> Iterator[Any]: ...

@final
class MeasureCheck:
    """The answer of :meth:`Engine.check_measure`."""

    @property
    def measure(self) -> str: ...
    @property
    def verdict(self) -> Literal["allowed", "refused"]:
        """``"allowed"`` when every check passed, else ``"refused"`` (a decision's ``verdict``)."""
        ...
    @property
    def allowed(self) -> bool: ...
    @property
    def failed(self) -> Tuple[str, ...]:
        """The failed checks (``"proportionality"``, ...) in the order of a decision's ``failed``."""
        ...
    @property
    def failed_mask(self) -> int:
        """The failed checks as bits, as the ``failed_mask`` column of :meth:`Engine.check_measures`."""
        ...
    @property
    def failed_rules(self) -> Tuple[str, ...]:
        """The rule each failed check cites (``failed_rules[i]`` for ``failed[i]``; the ``rule`` of
        the decision's ``checks`` entry)."""
        ...
    @property
    def rules(self) -> Tuple[str, ...]:
        """The rule ids of a decision's explanation of this measure (built when read)."""
        ...
    def to_dict(self) -> Dict[str, Any]:
        """``{"measure", "verdict", "failed", "rules"}`` as plain values."""
        ...

@final
class LintReport:
    """The policy lint report; ``str(report)`` is the text report."""

    @property
    def ok(self) -> bool: ...
    @property
    def diagnostics(self) -> List[Dict[str, Any]]: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def __bool__(self) -> bool: ...

def lint(path: _PathLike) -> LintReport: ...
