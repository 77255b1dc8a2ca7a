"""Summarises Autobahn reports (index.json) per case category; exits 1 on any FAILED or ERROR case or a missing report."""
import json
import sys
from collections import Counter, defaultdict

ORDER = ["OK", "NON-STRICT", "INFORMATIONAL", "UNIMPLEMENTED", "FAILED", "ERROR"]
# ERROR: the suite could not run the case (a crash, a refused connection): as bad as FAILED.
BAD = {"FAILED", "ERROR"}
failed = False
for path, role in zip(sys.argv[1:], ["server", "client"]):
    try:
        with open(path) as handle:
            index = json.load(handle)
    except (OSError, ValueError) as error:
        print(f"{role} role: no report at {path} ({error})")
        failed = True
        continue
    for agent, cases in index.items():
        by_category = defaultdict(Counter)
        for case_id, result in cases.items():
            by_category[case_id.split(".")[0]][result["behavior"]] += 1
            if result["behavior"] in BAD or result.get("behaviorClose") in BAD:
                failed = True
                print(f"FAILED {role} {case_id}: {result.get('behavior')} / close {result.get('behaviorClose')}")
        total = Counter()
        print(f"\n{role} role ({agent}), {len(cases)} cases")
        print("| category | " + " | ".join(ORDER) + " |")
        print("|---|" + "---|" * len(ORDER))
        for category in sorted(by_category, key=int):
            counts = by_category[category]
            total.update(counts)
            print(f"| {category} | " + " | ".join(str(counts.get(b, 0)) for b in ORDER) + " |")
        print("| all | " + " | ".join(str(total.get(b, 0)) for b in ORDER) + " |")
sys.exit(1 if failed else 0)
