"""A realistic synthetic population for the credit engine: subjects with valid unified social
credit codes (GB 32100, each checked with `credit.validate_uscc`) from several regions, their
records (ids from the engine's catalogue), events and proposed measures, as pyarrow tables ready
for `Engine.evaluate_table`.

    from population import generate
    subjects, records, events, measures = generate(10_000, seed=1)

Run as a script to print a summary: `.venv/bin/python examples/notebooks/population.py 1000`.
"""

from __future__ import annotations

import datetime as dt
import random
import sys

import pyarrow as pa

import credit

# GB/T 2260 region codes (cities and municipalities) with a name for the plots.
REGIONS = {
    "110000": "北京 Beijing",
    "310000": "上海 Shanghai",
    "350100": "福州 Fuzhou",
    "510700": "绵阳 Mianyang",
    "130100": "石家庄 Shijiazhuang",
    "220500": "通化 Tonghua",
}

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
ORG_BODY = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # the organisation code body uses digits and capitals


def _org_value(c: str) -> int:
    return int(c) if c.isdigit() else ord(c) - ord("A") + 10


def uscc(region: str, rng: random.Random) -> str:
    """A unified social credit code (department 9, category 1: an enterprise) in `region`."""
    body = "".join(rng.choice("0123456789") for _ in range(8))
    org = 11 - sum(_org_value(c) * w for c, w in zip(body, ORG_WEIGHTS)) % 11
    org_check = {10: "X", 11: "0"}.get(org, str(org))
    first17 = "91" + region + body + org_check
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return first17 + USCC_ALPHABET[(31 - total % 31) % 31]


# (conduct, list, weight): most records are ordinary penalties; a few put the subject on a
# serious list (after notice): about 0.75 % of records, so the serious-subject ratio of a region
# sits around the 1 % target and some regions exceed it.
CONDUCT = [
    ("administrative_penalty_general", None, 60),
    ("administrative_penalty_minor", None, 20),
    ("environmental_violation", None, 10),
    ("work_safety_violation", None, 6),
    ("judgment_debtor_refuses", "judgment_debtor", 0.4),
    ("tax_evasion_major", "major_tax_violator", 0.2),
    ("wage_arrears_malicious", "wage_arrears", 0.15),
]
MEASURES = ["key_supervision", "credit_reminder", "high_consumption_restriction", "procurement_ban"]


def generate(n: int, seed: int = 1, as_of: dt.date = dt.date(2025, 10, 9)):
    """`n` legal persons, about 1.5 records each, as (subjects, records, events, measures)."""
    rng = random.Random(seed)
    regions = list(REGIONS)
    weights = [w for _, _, w in CONDUCT]
    s_key, s_id, s_region = [], [], []
    r_key, r_id, r_conduct, r_list, r_decided = [], [], [], [], []
    e_key, e_rec, e_on, e_type = [], [], [], []
    m_key, m_measure, m_rec = [], [], []
    for i in range(n):
        region = rng.choice(regions)
        code = uscc(region, rng)
        key = f"S{i:07d}"
        s_key.append(key)
        s_id.append(code)
        s_region.append(region)
        for j in range(rng.choice([0, 1, 1, 2, 2, 3])):
            conduct, lst, _ = rng.choices(CONDUCT, weights)[0]
            decided = as_of - dt.timedelta(days=rng.randint(20, 900))
            rid = f"r{j + 1}"
            r_key.append(key)
            r_id.append(rid)
            r_conduct.append(conduct)
            r_list.append(lst)
            r_decided.append(decided)
            if lst:
                e_key.append(key)
                e_rec.append(rid)
                e_on.append(decided - dt.timedelta(days=rng.randint(5, 30)))
                e_type.append("notified")
            if rng.random() < 0.25:
                filed = decided + dt.timedelta(days=rng.randint(1, max(1, (as_of - decided).days - 1)))
                e_key.append(key)
                e_rec.append(rid)
                e_on.append(filed)
                e_type.append("objection_filed")
            if rng.random() < 0.3:
                m_key.append(key)
                m_measure.append(rng.choice(MEASURES))
                m_rec.append(rid)
    for code in s_id[: min(len(s_id), 200)]:
        assert credit.validate_uscc(code).valid, code
    subjects = pa.table({"key": s_key, "id": s_id, "kind": ["legal_person"] * n, "region": s_region})
    records = pa.table(
        {
            "key": r_key,
            "record": r_id,
            "conduct": r_conduct,
            "list": pa.array(r_list, pa.string()),
            "decided_on": pa.array(r_decided, pa.date32()),
        }
    )
    events = pa.table({"key": e_key, "record": e_rec, "on": pa.array(e_on, pa.date32()), "type": e_type})
    measures = pa.table({"key": m_key, "measure": m_measure, "record": m_rec})
    return subjects, records, events, measures


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    tables = generate(n)
    for name, t in zip(["subjects", "records", "events", "measures"], tables):
        print(f"{name}: {t.num_rows} rows")
    ok = all(credit.validate_uscc(c).valid for c in tables[0].column("id").to_pylist())
    print("every identifier valid:", ok)
