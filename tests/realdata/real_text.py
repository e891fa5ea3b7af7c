#!/usr/bin/env python3
"""Real text end to end: TWCS Twitter threads, ABCD chats, an AWS PCA call, Russian MultiWOZ.

No gold labels: the checks are that defuse does not crash and that every input appears either
as a record on stdout or as an error line on stderr; the figures are the distributions of
scores, outcomes, steps and anti-patterns; a few transcripts are printed for a QA reading.

  en_twcs_twitter_support  threads rebuilt from in_response_to_tweet_id (a root and all its
                           descendants, in time order, one customer per thread: another
                           customer's reply and its sub-thread are dropped); company
                           (inbound=False) -> agent,
                           customer tweets -> customer; timestamps kept; channel social
  en_abcd_sample           `original` turns; agent/customer kept, `action` (system log) dropped
  en_aws_pca_sample        testfile.json read by defuse itself (--input-format auto); if the
                           binary cannot read it, converted here from SpeechSegments
  ru_multiwoz_mt_fallback  blank-line separated dialogues, lines alternate user (customer),
                           system (agent)
  es_citibanamex_twitter_support  each of the bank's own replies (screen_name Citibanamex)
                           as one agent turn, channel social

Besides "nothing lost", one figure per dataset is guarded: the share of transcripts where
the agent's conduct is flagged (arguing, rudeness, accusing_dishonesty, excuse,
third_party_blame, management_deflection, contract_blame, two_news). Hotel bookings
(MultiWOZ) and a bank's scripted Twitter replies are polite: nearly every such flag there is
a false positive, so the share stays small.
Options: --show prints every example transcript in full; --flagged lists every conduct flag
(the polite-text figures are only honest if each flag is read).
"""

import argparse
import csv
import io
import json
import os
import re
import sys
from datetime import datetime

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as C  # noqa: E402

STEPS = ["greet", "clarify", "empathize", "apologize", "solve", "commit", "close"]
FLAGGED = False  # --flagged: list every conduct flag, to be read
CONDUCT = {"arguing", "rudeness", "accusing_dishonesty", "excuse", "third_party_blame",
           "management_deflection", "contract_blame", "two_news"}


def twcs(folder):
    raw = open(os.path.join(folder, "twcs.csv"), "rb").read().decode("utf-8")
    # One record holds a bare carriage return inside an unquoted field (see README): blank it.
    raw = re.sub(r"\r(?!\n)", " ", raw)
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    by_id = {}
    for r in rows:
        by_id[r["tweet_id"]] = r
    parent = {}
    for r in rows:
        p = r["in_response_to_tweet_id"].strip()
        if p:
            p = str(int(float(p)))
            if p in by_id:
                parent[r["tweet_id"]] = p
    children = {}
    for c, p in parent.items():
        children.setdefault(p, []).append(c)
    roots = [r["tweet_id"] for r in rows if r["tweet_id"] not in parent]

    def ts(r):
        return datetime.strptime(r["created_at"], "%a %b %d %H:%M:%S %z %Y")

    threads, side = [], 0
    for root in roots:
        # Keep one customer per thread: a reply by another customer starts a side thread
        # (dropped with its replies) instead of being merged with the first customer's.
        owner = by_id[root]["author_id"] if by_id[root]["inbound"] == "True" else None
        seen, stack, dropped = [], [root], 0
        while stack:
            t = stack.pop()
            r = by_id[t]
            if r["inbound"] == "True":
                if owner is None:
                    owner = r["author_id"]
                elif r["author_id"] != owner:
                    dropped += 1
                    continue
            seen.append(t)
            stack.extend(children.get(t, []))
        side += dropped
        tweets = sorted((by_id[t] for t in seen), key=ts)
        companies = sorted({t["author_id"] for t in tweets if t["inbound"] == "False"})
        turns = [("customer" if t["inbound"] == "True" else "agent", t["text"],
                  ts(t).strftime("%Y-%m-%d %H:%M:%S")) for t in tweets]
        threads.append(C.transcript(f"twcs-{root}", turns, lang="en", channel="social",
                                    agent=companies[0] if companies else "none"))
    return threads, len(rows), side


def abcd(folder):
    with open(os.path.join(folder, "abcd_sample.json"), encoding="utf-8") as f:
        data = json.load(f)
    out = []
    for d in data:
        turns = [(sp, text) for sp, text in d["original"] if sp in ("agent", "customer")]
        out.append(C.transcript(f"abcd-{d['convo_id']}", turns, lang="en", channel="chat",
                                metadata={"flow": d["scenario"]["flow"], "subflow": d["scenario"]["subflow"]}))
    return out


def multiwoz(folder):
    with open(os.path.join(folder, "test_dialogues_001_ru.txt"), encoding="utf-8") as f:
        blocks = [b for b in re.split(r"\n\s*\n", f.read()) if b.strip()]
    out = []
    for n, b in enumerate(blocks, 1):
        lines = [l.strip() for l in b.splitlines() if l.strip()]
        turns = [("customer" if i % 2 == 0 else "agent", l) for i, l in enumerate(lines)]
        out.append(C.transcript(f"multiwoz-ru-{n:03d}", turns, lang="ru", channel="chat"))
    return out


def citibanamex_replies(folder):
    out = []
    with open(os.path.join(folder, "tweets.csv"), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["screen_name"] == "Citibanamex" and row["text"].strip():
                out.append(C.transcript(f"citi-reply-{row['status_id']}", [("agent", row["text"])],
                                        lang="es", channel="social"))
    return out


def pca_convert(path):
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    labels = {s["Speaker"]: s["DisplayText"].lower() for s in d["ConversationAnalytics"]["SpeakerLabels"]}
    turns = []
    for s in d["SpeechSegments"]:
        role = "agent" if labels.get(s["SegmentSpeaker"]) == "agent" else "customer"
        secs = float(s["SegmentStartTime"])
        turns.append((role, s["DisplayText"], f"{int(secs // 3600):02d}:{int(secs % 3600 // 60):02d}:{secs % 60:06.3f}"[:8]))
    return C.transcript("pca-testfile-converted", turns, lang="en", channel="call")


def error_lines(stderr):
    return [l for l in stderr.splitlines() if l.strip()]


def distribution(name, records, results, stderr):
    n_in = len(records)
    errs = error_lines(stderr)
    scored = [r["id"] for r in records if r["id"] in results]
    # An input missing from stdout must have an error line naming its line in the stream.
    err_lines = set()
    for e in errs:
        m = re.match(r".*?\.ndjson:(\d+):", e)
        if m:
            err_lines.add(int(m.group(1)))
    lost = [r["id"] for i, r in enumerate(records, 1) if r["id"] not in results and i not in err_lines]
    print(f"\n### {name}\n")
    print(f"{n_in} inputs: {len(scored)} scored, {len(err_lines)} error lines, {len(lost)} lost"
          + (f" ({lost[:5]})" if lost else ""))
    kinds = {}
    for e in errs:
        k = re.sub(r"^.*?\.ndjson:\d+: ", "", e)
        kinds[k] = kinds.get(k, 0) + 1
    if kinds:
        print("errors: " + "; ".join(f"{k} × {v}" for k, v in sorted(kinds.items(), key=lambda x: -x[1])))
    C.figure(f"realtext.{name}.lost", len(lost))
    if not scored:
        return
    scores = sorted(results[i]["score"] for i in scored)
    bins = [0] * 11
    for s in scores:
        bins[min(int(s) // 10, 10)] += 1
    print("\nscore histogram: " + ", ".join(
        f"{10 * b}-{10 * b + 9 if b < 10 else 100}: {c}" for b, c in enumerate(bins) if c))
    m = len(scores)
    print(f"score mean {sum(scores) / m:.1f}, median {scores[m // 2]}, min {scores[0]}, max {scores[-1]}")
    outc = {}
    for i in scored:
        outc[results[i]["outcome"]] = outc.get(results[i]["outcome"], 0) + 1
    print("outcomes: " + ", ".join(f"{k} {v} ({C.pct(v, m)})" for k, v in sorted(outc.items())))
    print("steps hit: " + ", ".join(
        f"{s} {C.pct(sum(C.step_hit(results[i], s) for i in scored), m)}" for s in STEPS))
    ap, cs = {}, {}
    for i in scored:
        for a in set(C.anti_ids(results[i])):
            ap[a] = ap.get(a, 0) + 1
        for c in set(C.customer_ids(results[i])):
            cs[c] = cs.get(c, 0) + 1
    conduct = sum(1 for i in scored if CONDUCT & set(C.anti_ids(results[i])))
    print(f"agent conduct flagged (any of {', '.join(sorted(CONDUCT))}): {conduct} ({C.pct(conduct, m)})")
    C.figure(f"realtext.{name}.conduct_share", f"{conduct / m:.4f}")
    if FLAGGED:
        by_id = {r["id"]: r for r in records}
        for i in scored:
            for a in results[i].get("anti_patterns", []):
                if a["id"] in CONDUCT:
                    print(f"FLAGGED {name} {i} turn {a.get('turn')} {a['id']} [{a.get('rule', '')}] "
                          f"{C.short(a.get('text', ''), 400)}")
                    turns = by_id[i]["turns"] if i in by_id else []
                    if isinstance(a.get("turn"), int) and 0 < a["turn"] <= len(turns):
                        print(f"  whole turn: {C.short(turns[a['turn'] - 1]['text'], 600)}")
    print("anti-patterns (share of transcripts): " + (", ".join(
        f"{k} {C.pct(v, m)}" for k, v in sorted(ap.items(), key=lambda x: -x[1])) or "none"))
    print("customer signals (share of transcripts): " + (", ".join(
        f"{k} {C.pct(v, m)}" for k, v in sorted(cs.items(), key=lambda x: -x[1])) or "none"))


def show(rec, result, full=True):
    print(f"\n#### {rec['id']} — score {result['score']}, outcome {result['outcome']}")
    steps = [s for s in STEPS if C.step_hit(result, s)]
    print(f"steps: {', '.join(steps) or 'none'}; missing: {', '.join(s for s in STEPS if s not in steps)}")
    for a in result.get("anti_patterns", []):
        print(f"- anti-pattern {a['id']}" + (f" (turn {a.get('turn')}, {a.get('rule', '')}): "
                                              f"{C.short(a.get('text', ''), 120)}" if a.get("text") else ""))
    for c in result.get("customer", []):
        print(f"- customer {c['id']} (turn {c['turn']}, {c.get('rule', '')}): {C.short(c.get('text', ''), 120)}")
    for s in steps:
        for e in result["steps"][s]["evidence"][:2]:
            print(f"- {s} (turn {e['turn']}, {e.get('rule', '')}): {C.short(e.get('text', ''), 120)}")
    if full:
        for n, t in enumerate(rec["turns"], 1):
            print(f"  {n}. [{t.get('ts', '')}] {t['speaker']}: {C.short(t['text'], 220)}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", action="store_true", help="print the example transcripts in full")
    ap.add_argument("--flagged", action="store_true",
                    help="list every agent-conduct flag (FLAGGED lines: dataset, id, turn, ID, rule, text)")
    args = ap.parse_args()
    global FLAGGED
    FLAGGED = args.flagged
    print("## Real text end to end (no labels)")
    examples = []

    folder = C.dataset("en_twcs_twitter_support")
    if folder:
        threads, nrows, side = twcs(folder)
        results, stderr, _ = C.score(threads, name="twcs")
        print(f"\n{nrows} tweets -> {len(threads)} threads ({side} replies by a second customer "
              f"dropped with their sub-threads)")
        distribution("twcs", threads, results, stderr)
        ok = [t for t in threads if t["id"] in results and len(t["turns"]) >= 4]
        ok.sort(key=lambda t: (results[t["id"]]["score"], t["id"]))
        if ok:
            examples += [(ok[0], results), (ok[-1], results)]
            esc = [t for t in ok if results[t["id"]]["outcome"] == "escalated"]
            if esc:
                examples.append((esc[0], results))

    folder = C.dataset("en_abcd_sample")
    if folder:
        recs = abcd(folder)
        results, stderr, _ = C.score(recs, name="abcd")
        distribution("abcd", recs, results, stderr)
        for r in recs:
            if r["id"] in results:
                print(f"{r['id']} ({r['metadata']['flow']}/{r['metadata']['subflow']}): score "
                      f"{results[r['id']]['score']}, {results[r['id']]['outcome']}, steps "
                      + ", ".join(s for s in STEPS if C.step_hit(results[r['id']], s)))
        if recs and recs[0]["id"] in results:
            examples.append((recs[0], results))

    folder = C.dataset("en_aws_pca_sample")
    if folder:
        path = os.path.join(folder, "testfile.json")
        print("\n### aws_pca\n")
        results, stderr, rc = C.score_paths([path])
        if results:
            rec = next(iter(results.values()))
            print(f"read by defuse itself (auto-detected): {len(results)} record, exit {rc}, "
                  f"{rec['turns']} turns ({rec['agent_turns']} agent), score {rec['score']}, outcome {rec['outcome']}")
            C.figure("realtext.aws_pca.native", 1)
            converted = pca_convert(path)
            converted["id"] = rec.get("id")
            examples.append((converted, results))
            # The sample's SpeakerLabels call spk_0 the agent, but spk_1 says "Thank you for
            # calling Networks abc technical Support": score the call with the roles swapped too.
            swapped = pca_convert(path)
            swapped["id"] = "pca-testfile-roles-swapped"
            swapped["turns"] = [dict(t, speaker="customer" if t["speaker"] == "agent" else "agent")
                                for t in swapped["turns"]]
            sres, _, _ = C.score([swapped], name="pca-swapped")
            if swapped["id"] in sres:
                s = sres[swapped["id"]]
                print(f"with the roles swapped (spk_1 as the agent): score {s['score']}, outcome "
                      f"{s['outcome']}, steps " + ", ".join(x for x in STEPS if C.step_hit(s, x)))
                examples.append((swapped, sres))
        else:
            print(f"defuse could not read it (exit {rc}): {C.short(stderr, 300)}; converting here")
            C.figure("realtext.aws_pca.native", 0)
            conv = pca_convert(path)
            results, stderr, _ = C.score([conv], name="pca")
            distribution("aws_pca", [conv], results, stderr)
            if conv["id"] in results:
                examples.append((conv, results))
        C.figure("realtext.aws_pca.lost", 0 if results else 1)

    folder = C.dataset("ru_multiwoz_mt_fallback")
    if folder:
        recs = multiwoz(folder)
        results, stderr, _ = C.score(recs, name="multiwoz-ru")
        distribution("multiwoz_ru", recs, results, stderr)
        ok = [r for r in recs if r["id"] in results]
        if ok:
            examples.append((ok[0], results))

    folder = C.dataset("es_citibanamex_twitter_support")
    if folder:
        recs = citibanamex_replies(folder)
        results, stderr, _ = C.score(recs, name="citibanamex-replies")
        distribution("citibanamex_replies", recs, results, stderr)

    print("\n### Examples for a QA reading\n")
    for rec, results in examples:
        show(rec, results[rec["id"]], full=args.show or len(rec["turns"]) <= 14)
    return 0


if __name__ == "__main__":
    sys.exit(main())
