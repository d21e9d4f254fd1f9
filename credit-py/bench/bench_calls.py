"""Per-call cost of the Python binding, measured with time.perf_counter (no pytest-benchmark).

    .venv/bin/python credit-py/bench/bench_calls.py [--quick]

Build the extension in release mode first (``maturin develop --release``, as scripts/test.sh
does): a debug build is many times slower. Each row is the best of several rounds (the least
disturbed by other processes) divided by the number of calls in a round.
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import subprocess
import sys
import time

import credit

CASE_3_RECORDS = {
    "as_of": "2025-10-09",
    "subject": {"id": "91110000600037341L", "kind": "legal_person", "sector": "private_enterprise", "status": "active"},
    "records": [
        {
            "id": "r1",
            "conduct": "administrative_penalty_general",
            "decided_on": "2025-06-02",
            "events": [{"on": "2025-09-26", "type": "objection_filed"}],
        },
        {
            "id": "r2",
            "conduct": "judgment_debtor_obstructs",
            "severity": "serious",
            "decided_on": "2025-03-03",
            "decided_by": "某市中级人民法院",
            "list": "judgment_debtor",
            "events": [{"on": "2025-02-20", "type": "notified"}, {"on": "2025-03-05", "type": "published"}],
        },
        {"id": "r3", "conduct": "administrative_penalty_general", "decided_on": "2024-01-15"},
    ],
}


MEASURE_CASE = {
    "as_of": "2025-10-09",
    "subject": {"id": "91110000600037341L", "kind": "legal_person"},
    "records": [{"id": "r1", "conduct": "judgment_debtor_obstructs", "decided_on": "2025-03-03",
                 "list": "judgment_debtor", "events": [{"on": "2025-02-20", "type": "notified"}]}],
    "proposed_measures": [{"measure": "high_consumption_restriction", "record": "r1", "by_kind": "court",
                           "target": "legal_representative"}],
}


# The same check as MEASURE_CASE's proposal, as the arguments of `engine.check_measure`: the record's
# fields as the case gives them plus its evaluated status (a decision's records[0].status).
MEASURE_ARGS = dict(conduct="judgment_debtor_obstructs", decided_on="2025-03-03", as_of="2025-10-09",
                    status="active", subject_kind="legal_person", list="judgment_debtor", by_kind="court",
                    target="legal_representative", notified=True, events=("notified",))


def ensure_zen(install):
    """The `zen` module (zen-engine), installed into this interpreter's environment with pip when
    missing and `install` is true (the bench's own setup; nothing else needs it). `None` when it
    cannot be had (no wheel for this platform, no network)."""
    try:
        return importlib.import_module("zen")
    except ImportError:
        if not install:
            return None
    print("zen-engine is not installed: pip install zen-engine (bench setup only) ...", file=sys.stderr)
    r = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "zen-engine"], capture_output=True, text=True)
    if r.returncode != 0:
        print(f"  pip failed: {r.stderr.strip()[-300:]}", file=sys.stderr)
        return None
    importlib.invalidate_caches()
    try:
        return importlib.import_module("zen")
    except ImportError:
        return None


def zen_checks(engine, measure_id, as_of):
    """Every check of `measure_id` as zen expressions, `(check name, expression)` in the order of
    a decision's `failed` list, from the engine's catalogue as it stands today (MEA-1..7, PER-1,
    OBJ-2, SUB-2/6, NAT-5; the checks of `eval/measures.rs`), for records decided while today's
    list and notice versions are in force. Inputs: the facts `check_measure` takes, with the
    record's resolved severity."""
    cat = engine.catalog()
    m = cat["measures"][measure_id]
    q = json.dumps  # a JSON string literal is a zen string literal
    rank = "(severity == 'serious' ? 2 : (severity == 'general' ? 1 : 0))"
    sevs = cat["severities"]
    minor_out = any(s.get("minor_out_of_scope") for s in cat["scope"].values())
    sanctionable = [k for k, v in sevs.items() if v["sanctionable"] and not (minor_out and k == "minor")]
    mx = {k: sevs[k]["max_intensity"] for k in ("serious", "general", "minor")}
    max_int = f"(severity == 'serious' ? {mx['serious']} : (severity == 'general' ? {mx['general']} : {mx['minor']}))"
    kind_of = {k: v["kind"] for k, v in cat["lists"].items()}
    notice_of = [k for k, v in cat["lists"].items() if v["kind"] == "serious" and v["notice_required"]]
    notice_on = all(v["required"] for v in cat["notice"].values())
    ranks = {"minor": 0, "general": 1, "serious": 2}
    basis_ok = not m["rights_reducing"] or any(
        b["rank"] in ("law", "administrative_regulation", "judicial_interpretation") for b in m["legal_basis"])
    any_sev = m["causes"]["any_severity"]
    market = ["financial_institution", "credit_agency", "industry_association", "news_media", "market_actor"]
    lifts = [x["on"] for x in m["lifted_by"] if not x.get("lists")]
    watch = [k for k, v in kind_of.items() if v == "watch"]
    target = "(target ?? subject_kind)"
    by_kind = "(by_kind ?? 'administrative_body')"
    serious = [k for k, v in kind_of.items() if v == "serious"]
    return [
        ("catalogue", q((m["from"] or as_of) <= as_of <= (m["until"] or as_of))),
        ("legal_basis", q(basis_ok)),
        ("record_in_force", "status == 'active' or status == 'suspended'"),
        ("not_suspended", "status != 'suspended'"),
        ("scope", f"severity in {q(sanctionable)} and not (list in {q(watch)} and {q(m['family'] != 'management')})"),
        ("relevance", f"list in {q(m['causes']['lists'])} or conduct in {q(m['causes']['conduct'])}"
                      + (f" or {rank} >= {ranks[any_sev]}" if any_sev else "")),
        ("not_lifted", "true" if not lifts else f"none({q(lifts)}, # in events)"),
        ("proportionality", f"{rank} >= {ranks[m['min_severity']]} and {m['intensity']} <= {max_int}"
                            + (f" and list in {q(serious)}" if m["requires_list"] else "")),
        ("subject_kind", f"(({target} == 'legal_representative' or {target} == 'responsible_person') ? "
                         f"subject_kind != 'natural_person' : {target} == subject_kind) and {target} in {q(m['targets'])}"),
        ("voluntary_only", f"{by_kind} in {q(m['voluntary_for'])} and voluntary" if m["voluntary_for"]
                           else f"not ({by_kind} in {q(market)}) or voluntary"),
        ("notice", f"not (list in {q(notice_of)} and {q(notice_on)}) or notified"),
    ]


def zen_jdm(checks):
    """A GoRules JSON Decision Model: one expression node, a key per check, then `failed` and
    `verdict`."""
    exprs = [{"id": k, "key": "ok_" + k, "value": v} for k, v in checks]
    failed = ", ".join(f"$.ok_{k} ? '' : '{k}'" for k, _ in checks)
    exprs.append({"id": "failed", "key": "failed", "value": f"filter([{failed}], # != '')"})
    exprs.append({"id": "verdict", "key": "verdict", "value": "len($.failed) == 0 ? 'allowed' : 'refused'"})
    return {
        "nodes": [
            {"id": "in", "type": "inputNode", "name": "request", "position": {"x": 0, "y": 0}},
            {"id": "checks", "type": "expressionNode", "name": "checks", "position": {"x": 200, "y": 0},
             "content": {"expressions": exprs}},
            {"id": "out", "type": "outputNode", "name": "response", "position": {"x": 400, "y": 0}},
        ],
        "edges": [
            {"id": "e1", "sourceId": "in", "targetId": "checks", "type": "edge"},
            {"id": "e2", "sourceId": "checks", "targetId": "out", "type": "edge"},
        ],
    }


def zen_expression(checks):
    """The same checks as one zen expression giving `{verdict, failed}`."""
    failed = "filter([" + ", ".join(f"({v}) ? '' : '{k}'" for k, v in checks) + "], # != '')"
    return f"{{failed: {failed}, verdict: len({failed}) == 0 ? 'allowed' : 'refused'}}"


def zen_input(measure_args):
    """The zen decision's input: the facts of `check_measure` as one dict."""
    a = dict(measure_args)
    a.pop("decided_on"), a.pop("as_of")
    a.setdefault("target", None), a.setdefault("by_kind", None), a.setdefault("voluntary", False)
    a["events"] = list(a.get("events", ()))
    return a


def _date(s):
    import datetime

    return datetime.date.fromisoformat(s)


def _dist_version(name):
    try:
        from importlib.metadata import version

        return version(name)
    except Exception:  # noqa: BLE001 - only a label
        return "?"


def best_per_call(fn, calls, rounds):
    """Seconds per call: the fastest of `rounds` rounds of `fn()` run `calls` times."""
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        best = min(best, time.perf_counter() - t0)
    return best / calls


def fmt(seconds):
    if seconds < 1e-6:
        return f"{seconds * 1e9:8.1f} ns"
    if seconds < 1e-3:
        return f"{seconds * 1e6:8.2f} µs"
    return f"{seconds * 1e3:8.2f} ms"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer calls and rounds (a smoke run)")
    ap.add_argument("--no-zen", action="store_true", help="skip the zen-engine comparison")
    ap.add_argument("--no-install", action="store_true", help="do not pip install zen-engine when it is missing")
    args = ap.parse_args()
    scale = 10 if args.quick else 1
    rounds = 3 if args.quick else 5

    engine = credit.Engine.national()
    decision = engine.evaluate(CASE_3_RECORDS)  # warm up, and check the case is valid
    assert len(decision["records"]) == 3
    batch = [CASE_3_RECORDS] * 10_000

    rows = []
    n = 200_000 // scale
    rows.append(("credit.validate_uscc(s)", n, best_per_call(lambda: credit.validate_uscc("91110000600037341L"), n, rounds)))
    rows.append(("engine.is_working_day('YYYY-MM-DD')", n,
                 best_per_call(lambda: engine.is_working_day("2025-10-09"), n, rounds)))
    n = 5_000 // scale
    rows.append(("engine.evaluate(dict), 3 records", n, best_per_call(lambda: engine.evaluate(CASE_3_RECORDS), n, rounds)))
    # A field read converts only that field: the same cost for a small and a large decision.
    small = engine.evaluate({"as_of": "2025-10-09", "subject": CASE_3_RECORDS["subject"]})
    large_case = dict(CASE_3_RECORDS, records=[dict(r, id=f"r{i}") for i in range(30) for r in CASE_3_RECORDS["records"][:1]])
    large = engine.evaluate(large_case)
    n = 100_000 // scale
    rows.append(("decision.grade, no records", n, best_per_call(lambda: small.grade, n, rounds)))
    rows.append(("decision.grade, 30 records", n, best_per_call(lambda: large.grade, n, rounds)))
    rows.append(("engine.evaluate(dict, lang='en'), 3 records", n,
                 best_per_call(lambda: engine.evaluate(CASE_3_RECORDS, lang="en"), n, rounds)))
    rows.append(("  ... + decision.to_dict()", n,
                 best_per_call(lambda: engine.evaluate(CASE_3_RECORDS).to_dict(), n, rounds)))
    # One proposed-measure check through the public API: the call, then the verdict and the failed
    # checks read (the budget row of the issue "Facts first, words on demand").
    n = 20_000 // scale

    def measure_check():
        d = engine.evaluate(MEASURE_CASE)
        m = d.measures[0]
        return m["verdict"], m["failed"]

    assert measure_check()[0] in ("allowed", "refused")
    rows.append(("one measure check: evaluate + verdict + failed", n, best_per_call(measure_check, n, rounds)))
    check_measure = engine.check_measure
    measure_id = MEASURE_CASE["proposed_measures"][0]["measure"]

    def single_check():
        r = check_measure(measure_id, **MEASURE_ARGS)
        return r.verdict, r.failed

    def single_check_literal():
        # The keyword arguments written out at the call (no ** unpacking of a dict).
        r = check_measure("high_consumption_restriction", conduct="judgment_debtor_obstructs",
                          decided_on="2025-03-03", as_of="2025-10-09", status="active",
                          subject_kind="legal_person", list="judgment_debtor", by_kind="court",
                          target="legal_representative", notified=True, events=("notified",))
        return r.verdict, r.failed

    # Both paths give the same answer on the bench case (the tests prove it on the corpus).
    assert single_check() == (measure_check()[0], tuple(measure_check()[1])) == single_check_literal()
    n = 100_000 // scale
    rows.append(("one measure check: engine.check_measure + verdict + failed", n, best_per_call(single_check, n, rounds)))
    rows.append(("  ... keyword arguments written out", n, best_per_call(single_check_literal, n, rounds)))
    dates = dict(MEASURE_ARGS, decided_on=_date(MEASURE_ARGS["decided_on"]), as_of=_date(MEASURE_ARGS["as_of"]))
    rows.append(("  ... dates as datetime.date", n,
                 best_per_call(lambda: (lambda r: (r.verdict, r.failed))(check_measure(measure_id, **dates)), n, rounds)))
    zen = None if args.no_zen else ensure_zen(install=not args.no_install)
    zen_note = None
    if zen is None:
        zen_note = ("zen-engine: not available here" + ("" if args.no_zen else " (could not be installed)") +
                    "; peer reference from the issue: 15 µs per check (not re-measured)")
    else:
        checks = zen_checks(engine, measure_id, MEASURE_ARGS["as_of"])
        decision = zen.ZenEngine().create_decision(json.dumps(zen_jdm(checks)))
        expression = zen.compile_expression(zen_expression(checks))
        # zen takes the record's resolved severity (check_measure derives it from the conduct).
        resolved = engine.evaluate(MEASURE_CASE)["records"][0]["severity"]
        zin = zen_input(dict(MEASURE_ARGS, severity=resolved))

        def zen_check():
            r = decision.evaluate(zin)["result"]
            return r["verdict"], r["failed"]

        def zen_expr_check():
            r = expression.evaluate(zin)
            return r["verdict"], r["failed"]

        # The zen decision answers as check_measure does on the bench case and on variants of it.
        variants = [dict(MEASURE_ARGS), dict(MEASURE_ARGS, target=None), dict(MEASURE_ARGS, notified=False),
                    dict(MEASURE_ARGS, status="expired", severity="general"), dict(MEASURE_ARGS, list=None),
                    dict(MEASURE_ARGS, by_kind="financial_institution"), dict(MEASURE_ARGS, status="suspended")]
        for v in variants:
            mine = check_measure(measure_id, **v)
            theirs = decision.evaluate(zen_input(dict(v, severity=v.get("severity") or resolved)))["result"]
            assert (mine.verdict, list(mine.failed)) == (theirs["verdict"], theirs["failed"]), (v, mine, theirs)
            theirs = expression.evaluate(zen_input(dict(v, severity=v.get("severity") or resolved)))
            assert (mine.verdict, list(mine.failed)) == (theirs["verdict"], theirs["failed"]), (v, mine, theirs)
        zen_version = getattr(zen, "__version__", None) or _dist_version("zen-engine")
        rows.append((f"zen-engine {zen_version}: decision.evaluate(dict) + verdict + failed", n // 5,
                     best_per_call(zen_check, n // 5, rounds)))
        rows.append(("  ... the same checks as one compiled zen expression", n,
                     best_per_call(zen_expr_check, n, rounds)))
    many_rounds = 2 if args.quick else 3
    per_batch = best_per_call(lambda: engine.evaluate_many(batch), 1, many_rounds)
    rows.append(("engine.evaluate_many(10,000 cases), per case", len(batch), per_batch / len(batch)))

    print(f"credit {credit.__version__} · Python {platform.python_version()} · {platform.machine()} · "
          f"best of {rounds} rounds ({many_rounds} for evaluate_many)")
    width = max(len(r[0]) for r in rows)
    print(f"{'call':<{width}}  {'calls/round':>11}  {'per call':>11}  {'calls/s':>12}")
    print("-" * (width + 40))
    for name, calls, sec in rows:
        print(f"{name:<{width}}  {calls:>11,}  {fmt(sec):>11}  {1 / sec:>12,.0f}")
    print(f"\nevaluate_many(10,000): {per_batch:.3f} s for the batch")
    if zen_note:
        print(zen_note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
