#!/usr/bin/env python3
"""en_stc3_dch_helpdesk_dialogues: do defuse's customer signals and outcome agree with people?

390 Weibo customer-helpdesk dialogues (translated to English), each rated by 19 annotators for
customer satisfaction S, task accomplishment A and dialogue effectiveness E (-2..2). Each
dialogue becomes one transcript (helpdesk -> agent, customer -> customer; a turn's utterances
are joined with line breaks, as separate messages). Spearman's rho between defuse-derived
values and the mean ratings:
  outcome   +1 de-escalated, 0 unresolved, -1 escalated
  signals   satisfied - hostility - threat (counts of customer signals)
  combined  outcome + signals / 10 (outcome first, signals break ties)
  score     defuse's 0..100 score (an agent-behaviour score, not a satisfaction estimate)
and the dialogues where the combined value and mean S disagree most (by percentile rank).
Options: --show N prints the N most disagreeing dialogues in full (default 10).
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as C  # noqa: E402

OUTCOME = {"de-escalated": 1, "unresolved": 0, "escalated": -1}


def mean(xs):
    return sum(xs) / len(xs)


def percentile_ranks(xs):
    r = C.ranks(xs)
    n = len(xs)
    return [(v - 0.5) / n for v in r]


def dialogue(d):
    """One STC-3 dialogue as a defuse transcript: helpdesk -> agent, a turn's utterances joined."""
    turns = [("agent" if t["sender"] == "helpdesk" else "customer", "\n".join(t["utterances"]))
             for t in d["turns"]]
    return C.transcript(d["id"], turns, lang="en", channel="social")


def load(folder):
    with open(os.path.join(folder, "stc3-nddq-test-annotations.json"), encoding="utf-8") as f:
        return json.load(f)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", type=int, default=10)
    args = ap.parse_args()
    folder = C.dataset("en_stc3_dch_helpdesk_dialogues")
    if not folder:
        return 0
    data = load(folder)

    records, gold = [], {}
    for d in data:
        records.append(dialogue(d))
        q = [a["quality"] for a in d["annotations"]]
        gold[d["id"]] = {k: mean([x[k] for x in q]) for k in "SAE"}

    results, stderr, _ = C.score(records, name="stc3")
    missing = [r["id"] for r in records if r["id"] not in results]
    print("## en_stc3_dch_helpdesk_dialogues\n")
    print(f"{len(records)} dialogues converted, {len(results)} scored, {len(missing)} not scored"
          + (f": {missing[:10]}" if missing else ""))
    if stderr.strip():
        print("stderr:", C.short(stderr, 600))
    ids = [r["id"] for r in records if r["id"] in results]

    vals = {}
    for i in ids:
        rec = results[i]
        cs = C.customer_ids(rec)
        o = OUTCOME[rec["outcome"]]
        sig = cs.count("satisfied") - cs.count("hostility") - cs.count("threat")
        vals[i] = {"outcome": o, "signals": sig, "combined": o + sig / 10.0, "score": rec["score"],
                   "sig": cs}

    S = [gold[i]["S"] for i in ids]
    rows = []
    for name in ("outcome", "signals", "combined", "score"):
        x = [vals[i][name] for i in ids]
        cells = [name]
        for k in "SAE":
            y = [gold[i][k] for i in ids]
            rho = C.spearman(x, y)
            cells.append(f"{rho:+.3f}")
            if k == "S":
                C.figure(f"stc3.rho_S.{name}", rho)
                cells.append(f"{C.spearman_p(rho, len(ids)):.1g}")
        rows.append(cells)
    for name, x in (("turns (context)", [results[i]["turns"] for i in ids]),
                    ("agent turns (context)", [results[i]["agent_turns"] for i in ids])):
        rows.append([name] + [f"{C.spearman(x, [gold[i][k] for i in ids]):+.3f}" for k in "S"]
                    + [""] + [f"{C.spearman(x, [gold[i][k] for i in ids]):+.3f}" for k in "AE"])
    print("\nSpearman rho against the mean of 19 raters (n = %d):\n" % len(ids))
    print(C.table(["defuse value", "rho vs S", "p (S)", "rho vs A", "rho vs E"], rows))

    # Distributions.
    out_counts = {}
    for i in ids:
        out_counts[results[i]["outcome"]] = out_counts.get(results[i]["outcome"], 0) + 1
    print("\nMean S by defuse outcome:\n")
    rows = []
    for o in ("de-escalated", "unresolved", "escalated"):
        sel = [gold[i]["S"] for i in ids if results[i]["outcome"] == o]
        neg = sum(s < 0 for s in sel)
        rows.append((o, len(sel), f"{mean(sel):+.2f}" if sel else "n/a", f"{neg}/{len(sel)}"))
    print(C.table(["outcome", "dialogues", "mean S", "dialogues with mean S < 0"], rows))
    print("\nCustomer signals (dialogues with at least one):\n")
    rows = []
    for s in ("hostility", "threat", "satisfied"):
        sel = [gold[i]["S"] for i in ids if s in vals[i]["sig"]]
        rest = [gold[i]["S"] for i in ids if s not in vals[i]["sig"]]
        rows.append((s, len(sel), f"{mean(sel):+.2f}" if sel else "n/a", f"{mean(rest):+.2f}"))
    print(C.table(["signal", "dialogues", "mean S with", "mean S without"], rows))

    print("\nMean S with and without each agent step:\n")
    rows = []
    for st in ("greet", "clarify", "empathize", "apologize", "solve", "commit", "close"):
        sel = [gold[i]["S"] for i in ids if C.step_hit(results[i], st)]
        rest = [gold[i]["S"] for i in ids if not C.step_hit(results[i], st)]
        rows.append((st, len(sel), f"{mean(sel):+.2f}" if sel else "n/a",
                     f"{mean(rest):+.2f}" if rest else "n/a"))
    print(C.table(["step", "dialogues", "mean S with", "mean S without"], rows))

    # Disagreements: percentile rank of the combined value vs of mean S.
    comb = [vals[i]["combined"] for i in ids]
    pr_d, pr_s = percentile_ranks(comb), percentile_ranks(S)
    gap = sorted(range(len(ids)), key=lambda k: -abs(pr_d[k] - pr_s[k]))
    lower = [k for k in gap if pr_d[k] < pr_s[k]][:5]
    shown = gap[: args.show] + [k for k in lower if k not in gap[: args.show]]
    print(f"\nThe {args.show} dialogues where defuse (combined) and the raters disagree most, "
          f"then the 5 worst where defuse is lower than the raters:\n")
    rows = []
    for k in shown:
        i = ids[k]
        rec = results[i]
        rows.append((i, f"{gold[i]['S']:+.2f}", rec["outcome"], ", ".join(vals[i]["sig"]) or "none",
                     rec["score"], "defuse higher" if pr_d[k] > pr_s[k] else "defuse lower"))
    print(C.table(["id", "mean S", "outcome", "customer signals", "score", "direction"], rows))
    by_id = {d["id"]: d for d in data}
    for k in shown:
        i = ids[k]
        rec = results[i]
        print(f"\n#### {i} — mean S {gold[i]['S']:+.2f}, outcome {rec['outcome']}, score {rec['score']}")
        for c in rec.get("customer", []):
            print(f"- signal {c['id']} (turn {c['turn']}, {c.get('rule', '')}): {C.short(c.get('text', ''), 140)}")
        for n, t in enumerate(by_id[i]["turns"], 1):
            print(f"  {n}. {t['sender']}: {C.short(' / '.join(t['utterances']), 400)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
