"""An analyst's session with the credit engine, from Python.

1. load the bundled national engine;
2. evaluate a small batch of cases in one call (``evaluate_many``, English explanations);
3. tabulate the decisions: a pandas DataFrame if pandas is installed, plain rows otherwise;
4. compute the serious-subject ratio (TRI-7) per region for a synthetic population;
5. compare one case across two jurisdictions.

Run from the repository root after ``bash scripts/test.sh`` (or ``maturin develop``):

    .venv/bin/python examples/python/analyst.py

pandas is optional: nothing here needs it.
"""

from __future__ import annotations

import credit

try:  # optional
    import pandas as pd
except ImportError:  # pragma: no cover - depends on the environment
    pd = None

SUBJECT = {"id": "91110000600037341L", "kind": "legal_person", "sector": "private_enterprise", "status": "active"}


def case(as_of, records=(), measures=()):
    return {"as_of": as_of, "subject": dict(SUBJECT), "records": list(records), "proposed_measures": list(measures)}


CASES = {
    "clean record": case("2025-10-09"),
    "general penalty, objection pending": case(
        "2025-10-09",
        [
            {
                "id": "r1",
                "conduct": "administrative_penalty_general",
                "decided_on": "2025-06-02",
                "events": [{"on": "2025-09-26", "type": "objection_filed"}],
            }
        ],
    ),
    "judgment debtor, three proposed measures": case(
        "2025-10-09",
        [
            {
                "id": "r1",
                "conduct": "judgment_debtor_obstructs",
                "severity": "serious",
                "decided_on": "2025-03-03",
                "decided_by": "某市中级人民法院",
                "list": "judgment_debtor",
                "events": [
                    {"on": "2025-02-20", "type": "notified"},
                    {"on": "2025-03-05", "type": "published"},
                ],
            }
        ],
        [
            {"measure": "high_consumption_restriction", "record": "r1", "by": "某市中级人民法院", "by_kind": "court",
             "target": "legal_representative"},
            {"measure": "high_consumption_restriction", "record": "r1", "by": "某市中级人民法院", "by_kind": "court"},
            {"measure": "higher_loan_rates", "record": "r1", "by": "某商业银行", "by_kind": "financial_institution"},
        ],
    ),
}


def section(title):
    print(f"\n== {title} " + "=" * max(0, 70 - len(title)))


def show_table(rows):
    """A DataFrame when pandas is available, else one line per row."""
    if pd is not None:
        with pd.option_context("display.width", 160, "display.max_columns", None):
            print(pd.DataFrame(rows).to_string(index=False))
    else:
        for r in rows:
            print("  " + ", ".join(f"{k}={v}" for k, v in r.items()))


def main():
    engine = credit.Engine.national()
    section("engine")
    print(repr(engine))
    print(f"{len(engine.jurisdictions())} jurisdictions; pandas {'available' if pd is not None else 'not installed'}")

    section("batch evaluation (evaluate_many, lang='en')")
    decisions = engine.evaluate_many(list(CASES.values()), lang="en")
    rows = []
    for name, d in zip(CASES, decisions):
        measures = d["measures"]
        rows.append(
            {
                "case": name,
                "grade": d["grade"],
                "supervision": d["supervision"]["level"],
                "lists": ",".join(m["list"] for m in d["lists"]),
                "records": ",".join(f'{r["id"]}:{r["status"]}' for r in d["records"]),
                "allowed": sum(1 for m in measures if m["verdict"] == "allowed"),
                "refused": "; ".join(f'{m["measure"]} ({",".join(m["failed"])})' for m in measures if m["verdict"] == "refused"),
            }
        )
    show_table(rows)
    print("\nthe second decision, as text:\n")
    print(decisions[1].to_text())

    section("serious-subject ratio (TRI-7), Shijiazhuang, synthetic population")
    population = []
    for region, n, serious in (("130102", 300, 4), ("130104", 250, 2), ("130105", 100, 1)):
        for i in range(n):
            p = {"id": f"{region}-{i:04d}", "kind": "legal_person", "region": region}
            if i < serious:
                p["lists"] = ["judgment_debtor"]
                if region == "130102" and i == 0:
                    p["status"] = "deregistered"  # triage sends it to the exit list
            population.append(p)
    population.append({"id": "11010519491231002X", "kind": "natural_person", "region": "130102"})  # not counted
    sjz = engine.with_jurisdiction("cn-hebei-shijiazhuang")
    # a pandas DataFrame of subjects works as well: sjz.serious_ratio(pd.DataFrame(population))
    ratio = sjz.serious_ratio(pd.DataFrame(population) if pd is not None else population)
    show_table(ratio)

    section("compare across jurisdictions (lang='en')")
    cmp = engine.compare(CASES["general penalty, objection pending"], ["cn-sichuan-mianyang", "cn-jilin-tonghua"],
                         lang="en")
    status = next(d for d in cmp.differences if d["path"] == "records[0].status")
    for j, v in status["values"].items():
        print(f"  {j:<22} records[0].status = {v:<10} because: {status['why'][j]}  {status['rules'][j]}")
    print(f"\n{len(cmp.differences)} differing fields in all:\n")
    print(cmp)


if __name__ == "__main__":
    main()
