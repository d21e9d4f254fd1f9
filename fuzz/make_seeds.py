#!/usr/bin/env python3
"""Regenerate the committed seed corpora under fuzz/seeds/ from the repository's test data.

    python3 fuzz/make_seeds.py

case_eval: the `case` member of every tests/cases/**/*.json and examples/cases/*.json;
ids: every input of tests/ids/identifiers.json, plus texts embedding identifiers;
policy_loader: policies/ as a whole, each overlay layer on the embedded baseline, each
tests/policies/**/ directory (format: see fuzz/fuzz_targets/policy_loader.rs);
calendar: dates around the calendar's edges, year ends and holidays (format: calendar.rs).
"""
import hashlib, json, os, pathlib, struct, datetime

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fuzz" / "seeds"


def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = SEEDS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)


def policy_input(flags, files):
    return bytes([flags]) + b"\0".join(p.encode() + b"\n" + c for p, c in files)


def tree(base):
    return [(str(p.relative_to(base)), p.read_bytes()) for p in sorted(base.rglob("*.toml"))]


def main():
    for t in ("case_eval", "ids", "policy_loader", "calendar"):
        d = SEEDS / t
        if d.exists():
            for f in d.iterdir():
                f.unlink()
    # case_eval
    for p in sorted((ROOT / "tests" / "cases").rglob("*.json")):
        doc = json.loads(p.read_text())
        if isinstance(doc, dict) and "case" in doc:
            put("case_eval", json.dumps(doc["case"], ensure_ascii=False, indent=1))
    for p in sorted((ROOT / "examples" / "cases").glob("*.json")):
        put("case_eval", p.read_bytes())
    # ids
    ids = json.loads((ROOT / "tests" / "ids" / "identifiers.json").read_text())
    for c in ids["cases"]:
        put("ids", c["input"])
    put("ids", "record r-91110000600037341L of 110105194912310021 and 110105491231002")
    put("ids", "x91110000600037341L110105194912310021y")
    # policy_loader
    pol = ROOT / "policies"
    put("policy_loader", policy_input(0, tree(pol)))
    for layer in sorted(p for p in pol.iterdir() if p.is_dir() and p.name not in ("cn", "calendar")):
        put("policy_loader", policy_input(3, [(f"{layer.name}/{r}", c) for r, c in tree(layer)]))
        put("policy_loader", policy_input(3 | 4 | (len(layer.name) << 3) & 0xF8, [(f"{layer.name}/{r}", c) for r, c in tree(layer)]))
    put("policy_loader", policy_input(1, [(f"cn/{r}", c) for r, c in tree(pol / "cn")]))
    put("policy_loader", policy_input(2, [(f"calendar/{r}", c) for r, c in tree(pol / "calendar")]))
    roots = {p.parent for p in (ROOT / "tests" / "policies").rglob("expected.json")}
    for case in sorted(roots):
        files = tree(case)
        if files:
            put("policy_loader", policy_input(0, files))
            put("policy_loader", policy_input(3, files))
    # calendar: (sel, i32) date, (sel, i32) date, (sel, u32) count, i64, i32
    def near(day):
        off = (day - datetime.date(1985, 1, 1)).days
        return bytes([4]) + struct.pack("<i", off)
    days = [datetime.date(y, m, d) for y in (1990, 2019, 2020, 2024, 2025, 2026, 2027, 2117, 2118, 2130)
            for (m, d) in ((1, 1), (2, 10), (5, 1), (9, 26), (10, 1), (10, 11), (12, 31))]
    for i, day in enumerate(days):
        other = days[(i * 7 + 3) % len(days)]
        for n in (0, 1, 15, 250, 1000):
            put("calendar", near(day) + near(other) + bytes([2]) + struct.pack("<I", n)
                + struct.pack("<q", n * 3 - 7) + struct.pack("<i", n - 5))
    for sel in (0, 1, 2):
        put("calendar", bytes([sel]) + struct.pack("<i", 123456789) + bytes([sel ^ 1]) + struct.pack("<i", -5)
            + bytes([0]) + struct.pack("<I", 0xFFFFFFFF) + struct.pack("<q", -2**63) + struct.pack("<i", -2**31))


if __name__ == "__main__":
    main()
