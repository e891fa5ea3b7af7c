#!/usr/bin/env python3
"""Customer tweets: is `hostility` concentrated on negative tweets and on complaints?

Each tweet becomes one transcript: a neutral agent turn in the tweet's language, then the tweet
as the customer's turn (text unchanged: mentions, links and emoji kept). Rates of the customer
signals `hostility` (and, for context, `threat` and `satisfied`) per gold sentiment label.

  ru_sentirueval2016_banks_telecom  banks + telecom XML; a tweet's label is the sentiment of
                                    its company columns when they agree (tweets whose
                                    mentioned companies carry different labels are left out)
  es_airline_tweets_sentiment       UTF-16 CSV, airline_sentiment negative/neutral/positive
  es_citibanamex_twitter_support    no labels: the hostility rate of the customers' tweets
                                    (screen_name != Citibanamex) only
  en_complaints_twitter_preotiuc    English tweets to service accounts, labelled complaint /
                                    not complaint (no header row: id, text, label, domain);
                                    the random_tweet / random_reply rows are not addressed to a
                                    company and are left out
"""

import csv
import os
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as C  # noqa: E402

AGENT_OPENER = {
    "ru": "Здравствуйте! Чем могу помочь?",
    "es": "Hola, ¿en qué podemos ayudarte?",
    "en": "Hi, how can we help?",
}
LABEL = {"-1": "negative", "0": "neutral", "1": "positive"}
SIGNALS = ("hostility", "threat", "satisfied")


def sentirueval(folder):
    out, mixed = [], 0
    for fname, kind in (("banks_test_etalon.xml", "banks"), ("tkk_test_etalon.xml", "telecom")):
        root = ET.parse(os.path.join(folder, fname)).getroot()
        for table in root.iter("table"):
            cols = {c.get("name"): (c.text or "") for c in table.findall("column")}
            if "text" not in cols:
                continue
            labels = {v.strip() for k, v in cols.items()
                      if k not in ("id", "twitid", "date", "text") and v.strip() not in ("", "NULL")}
            if len(labels) != 1:
                mixed += len(labels) > 1
                continue
            out.append((f"ru-{kind}-{cols['id']}", cols["text"], LABEL[labels.pop()], kind))
    return out, mixed


def airline(folder):
    out = []
    with open(os.path.join(folder, "tweets_public_es.csv"), encoding="utf-16", newline="") as f:
        for row in csv.DictReader(f):
            out.append((f"es-air-{row['tweet_id']}", row["text"], row["airline_sentiment"], "airline"))
    return out


def citibanamex(folder):
    out = []
    with open(os.path.join(folder, "tweets.csv"), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["screen_name"] != "Citibanamex":
                out.append((f"es-citi-{row['status_id']}", row["text"], "unlabelled", "citibanamex"))
    return out


def complaints(folder):
    out = []
    with open(os.path.join(folder, "complaints-data.csv"), encoding="utf-8", newline="") as f:
        for tweet_id, text, label, domain in csv.reader(f):
            if domain.startswith("random_"):
                continue
            out.append((f"en-cmp-{tweet_id}", text, "complaint" if label == "1" else "not_complaint", domain))
    return out


def run(lang, items):
    records = [C.transcript(tid, [("agent", AGENT_OPENER[lang]), ("customer", text)], lang=lang,
                            channel="social") for tid, text, _, _ in items]
    results, stderr, _ = C.score(records, name=f"tweets-{lang}")
    missing = [r["id"] for r in records if r["id"] not in results]
    if missing:
        print(f"{len(missing)} tweets not scored, e.g. {missing[:5]}: {C.short(stderr, 400)}")
    return results


def rates(items, results, labels):
    rows, rate = [], {}
    for lab in labels:
        part = [t for t, _, l, _ in items if l == lab and t in results]
        n = len(part)
        cells = [lab, n]
        for s in SIGNALS:
            k = sum(s in C.customer_ids(results[t]) for t in part)
            if s == "hostility":
                rate[lab] = k / n if n else float("nan")
                lo, hi = C.wilson(k, n)
                cells.append(f"{k} ({C.pct(k, n)}, CI {100 * lo:.1f}–{100 * hi:.1f}%)")
            else:
                cells.append(f"{k} ({C.pct(k, n)})")
        rows.append(cells)
    return rows, rate


def examples(items, results, label, want, k=6):
    out = []
    for t, text, l, _ in items:
        if l != label or t not in results:
            continue
        sig = [c for c in results[t].get("customer", []) if c["id"] == "hostility"]
        if bool(sig) == want:
            out.append((C.short(text, 140), "; ".join(f"{c.get('rule', '')}: \"{C.short(c.get('text', ''), 60)}\"" for c in sig) or "—"))
        if len(out) >= k:
            break
    return out


def report(name, lang, items, labels, extra_note=""):
    results = run(lang, items)
    print(f"\n### {name}\n")
    if extra_note:
        print(extra_note + "\n")
    rows, rate = rates(items, results, labels)
    print(C.table(["label", "tweets", "hostility", "threat", "satisfied"], rows))
    if "complaint" in rate:
        ratio = rate["complaint"] / rate["not_complaint"] if rate["not_complaint"] else 999.0
        print(f"\ncomplaint / not complaint hostility rate: {ratio:.2f}")
        C.figure(f"tweets.{name}.complaint_over_not", ratio)
        C.figure(f"tweets.{name}.hostility_complaint", rate["complaint"])
        C.figure(f"tweets.{name}.hostility_not_complaint", rate["not_complaint"])
    elif "negative" in rate:
        for other in ("neutral", "positive"):
            ratio = rate["negative"] / rate[other] if rate[other] else 999.0
            print(f"\nnegative / {other} hostility rate: {ratio:.2f}")
            C.figure(f"tweets.{name}.neg_over_{other}", ratio)
        C.figure(f"tweets.{name}.hostility_negative", rate["negative"])
    else:
        C.figure(f"tweets.{name}.hostility_rate", rate[labels[0]])
    # Rules firing.
    rules = {}
    for t, _, l, _ in items:
        if t in results:
            for c in results[t].get("customer", []):
                if c["id"] == "hostility":
                    rules[c.get("rule", "?")] = rules.get(c.get("rule", "?"), 0) + 1
    print("\nhostility rules: " + ", ".join(f"{r} {n}" for r, n in sorted(rules.items(), key=lambda x: -x[1])))
    if "complaint" in rate:
        print("\nhostility on tweets that are not complaints (false alarms?), first few:\n")
        print(C.table(["tweet", "evidence"], examples(items, results, "not_complaint", True, 8)))
        print("\ncomplaints with no hostility, first few:\n")
        print(C.table(["tweet", ""], examples(items, results, "complaint", False, 8)))
    elif "negative" in rate:
        print("\nhostility on positive/neutral tweets (false alarms?), first few:\n")
        fa = examples(items, results, "positive", True, 5) + examples(items, results, "neutral", True, 5)
        print(C.table(["tweet", "evidence"], fa))
        print("\nnegative tweets with no hostility, first few:\n")
        print(C.table(["tweet", ""], examples(items, results, "negative", False, 8)))
    else:
        print("\nhostile tweets, first few:\n")
        print(C.table(["tweet", "evidence"], examples(items, results, labels[0], True, 8)))
    return results


def main():
    print("## Customer tweets: `hostility` by sentiment and by complaint label")
    folder = C.dataset("ru_sentirueval2016_banks_telecom")
    if folder:
        items, mixed = sentirueval(folder)
        report("ru_sentirueval2016", "ru", items, ["negative", "neutral", "positive"],
               f"{len(items)} tweets with one label ({mixed} tweets with conflicting company labels left out).")
    folder = C.dataset("es_airline_tweets_sentiment")
    if folder:
        items = airline(folder)
        report("es_airline", "es", items, ["negative", "neutral", "positive"], f"{len(items)} tweets.")
    folder = C.dataset("es_citibanamex_twitter_support")
    if folder:
        items = citibanamex(folder)
        report("es_citibanamex", "es", items, ["unlabelled"],
               f"{len(items)} tweets by customers (screen_name != Citibanamex); no labels.")
    folder = C.dataset("en_complaints_twitter_preotiuc")
    if folder:
        items = complaints(folder)
        report("en_complaints", "en", items, ["complaint", "not_complaint"],
               f"{len(items)} tweets to customer-service accounts (random tweets and replies left out).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
