#!/usr/bin/env python3
"""en_stanford_politeness: does the agent-side `rudeness` detector follow human politeness?

10,956 requests (Wikipedia talk pages + Stack Exchange), each rated by 5 people; Normalized
Score < 0 = impolite. Each request becomes one transcript, [customer: neutral question]
[agent: REQUEST], all in one NDJSON stream. Reports the rate of `rudeness` (and of any verbal
anti-pattern) per decile of Normalized Score (decile 1 = least polite), and examples of what
fires in the most polite decile and what stays quiet in the least polite one.
"""

import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as C  # noqa: E402

OPENER = "Hi, I have a question about my account."
FILES = ["wikipedia.annotated.csv", "stack-exchange.annotated.csv"]


def main():
    folder = C.dataset("en_stanford_politeness")
    if not folder:
        return 0
    items = []
    for name in FILES:
        with open(os.path.join(folder, name), encoding="utf-8", newline="") as f:
            for n, row in enumerate(csv.DictReader(f), 2):  # ids repeat across files: use the line
                items.append((f"{name.split('.')[0]}:{n}:{row['Id']}", row["Request"],
                              float(row["Normalized Score"]), name.split(".")[0]))
    records = [C.transcript(tid, [("customer", OPENER), ("agent", text)], lang="en", channel="chat")
               for tid, text, _, _ in items]
    results, stderr, _ = C.score(records, name="politeness")
    missing = [t for t, *_ in items if t not in results]
    print("## en_stanford_politeness\n")
    print(f"{len(items)} requests, {len(results)} scored, {len(missing)} not scored")
    if missing:
        print("not scored:", missing[:10], C.short(stderr, 600))
    items = [it for it in items if it[0] in results]

    def verbal(tid):
        return sorted(set(C.anti_ids(results[tid])) - C.STRUCTURAL)

    items.sort(key=lambda it: it[2])
    n = len(items)
    rows, rates = [], []
    ap_by_decile = []
    for d in range(10):
        part = items[d * n // 10:(d + 1) * n // 10]
        k = sum("rudeness" in verbal(t) for t, *_ in part)
        a = sum(bool(verbal(t)) for t, *_ in part)
        lo, hi = C.wilson(k, len(part))
        rates.append(k / len(part))
        counts = {}
        for t, *_ in part:
            for x in verbal(t):
                counts[x] = counts.get(x, 0) + 1
        ap_by_decile.append(counts)
        rows.append((d + 1, len(part), f"{part[0][2]:+.2f} … {part[-1][2]:+.2f}",
                     f"{k} ({C.pct(k, len(part))})", f"{100 * lo:.1f}–{100 * hi:.1f}%",
                     f"{a} ({C.pct(a, len(part))})"))
        C.figure(f"politeness.rudeness_rate.decile{d + 1}", k / len(part))
    print("\n`rudeness` said by the agent, per decile of Normalized Score (1 = least polite):\n")
    print(C.table(["decile", "requests", "score range", "rudeness", "95% CI", "any verbal anti-pattern"], rows))
    print("\nVerbal anti-patterns by decile: " + "; ".join(
        f"d{d + 1}: " + (", ".join(f"{k} {v}" for k, v in sorted(c.items())) or "none")
        for d, c in enumerate(ap_by_decile)))
    # Bottom and top quartile (the paper's impolite / polite classes).
    q = n // 4
    for label, part in (("bottom quartile (impolite)", items[:q]), ("top quartile (polite)", items[-q:])):
        k = sum("rudeness" in verbal(t) for t, *_ in part)
        print(f"\n{label}: rudeness {k}/{len(part)} = {C.pct(k, len(part))}")
    ratio = rates[0] / rates[9] if rates[9] else float("inf")
    C.figure("politeness.decile1_over_decile10", ratio if ratio != float("inf") else 999.0)
    rude_all = [(t, s) for t, _, s, _ in items if "rudeness" in verbal(t)]
    print(f"\nrudeness fires on {len(rude_all)}/{n} requests ({C.pct(len(rude_all), n)}).")

    by_id = {t: (text, s) for t, text, s, _ in items}

    def evidence(tid):
        return "; ".join(f"{a['id']}: \"{C.short(a.get('text', ''), 80)}\" ({a.get('rule', '')})"
                         for a in results[tid].get("anti_patterns", []) if a["id"] not in C.STRUCTURAL)

    print("\nRudeness in the most polite decile (false alarms?):\n")
    top = items[9 * n // 10:]
    fp = [t for t, *_ in top if "rudeness" in verbal(t)]
    print(C.table(["score", "request", "evidence"],
                  [(f"{by_id[t][1]:+.2f}", C.short(by_id[t][0], 150), evidence(t)) for t in fp[:12]]))
    print("\nThe 12 least polite requests and what defuse said:\n")
    print(C.table(["score", "request", "verbal anti-patterns"],
                  [(f"{s:+.2f}", C.short(text, 150), evidence(t) or "—") for t, text, s, _ in items[:12]]))
    print("\nRules firing rudeness (all deciles):\n")
    rules = {}
    for t, *_ in items:
        for a in results[t].get("anti_patterns", []):
            if a["id"] == "rudeness":
                rules[a.get("rule", "?")] = rules.get(a.get("rule", "?"), 0) + 1
    print(C.table(["rule", "requests"], sorted(rules.items(), key=lambda x: -x[1])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
