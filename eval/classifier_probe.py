#!/usr/bin/env python3
"""Would a learned detector catch what the lexicons miss on a new writer's text? An experiment,
not part of defuse: a logistic regression per lexical anti-pattern over the character 3-5-grams
of agent turns (TF-IDF, accents and case folded), trained on eval/dev, added to defuse's own
detections with OR (a transcript has the label if defuse found it or any agent turn scores at
least --threshold).

    eval/classifier_probe.py choose LANG [--threshold T]   # train on dev before round 10,
                                                           # measure on round 10's dev half
    eval/classifier_probe.py held-out LANG [--threshold T] # train on all of dev, measure once
                                                           # on eval/test/LANG
    (arguments after `--` go to `defuse score`, e.g. `--no-builtin --lexicons DIR`)

Prints macro-F1 of the nine lexical anti-patterns for defuse alone and for defuse OR the
classifier. Positives are the turn the rater marked; negatives, the agent turns of transcripts
without the label. Needs Debian's python3-sklearn (`apt-get install python3-sklearn`), which
defuse itself does not use; the binary is $DEFUSE, else build/defuse.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys
import unicodedata

import yaml

try:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
except ImportError:
    sys.exit("classifier_probe.py needs scikit-learn: apt-get install python3-sklearn")

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFUSE = os.environ.get("DEFUSE", os.path.join(REPO, "build", "defuse"))
LABELS = ["contract_blame", "management_deflection", "website_deflection", "third_party_blame",
          "arguing", "rudeness", "two_news", "excuse", "accusing_dishonesty"]
ROUND10 = {"en": 146, "es": 211, "ru": 201}  # first dev number of round 10
TURN = re.compile(r"^(?:\[[^\]]*\]\s*|\d{4}-\d\d-\d\d[ T][\d:]+\s+)?([^:\[\]]{1,60}?):\s*(.*)$")
AGENT_ROLES = {r.lower() for r in yaml.safe_load(open(os.path.join(REPO, "lexicons", "roles.yaml")))["agent"]}


def fold(text):
    text = unicodedata.normalize("NFKD", text.lower().replace("ё", "е"))
    return "".join(c for c in text if not unicodedata.combining(c))


def agent_turns(path):
    """(turn number, folded text) of each agent turn; turns as docs/transcript-format.md counts them."""
    text = open(path, encoding="utf-8").read()
    agent = ""
    if text.startswith("---"):
        _, front, text = text.split("---", 2)
        agent = str((yaml.safe_load(front) or {}).get("agent", "")).lower()
    turns = []
    for line in text.splitlines():
        if not line.strip():
            continue
        m = TURN.match(line)
        if m:
            label = m.group(1).strip().lower()
            is_agent = re.split(r"[\s(]", label)[0] in AGENT_ROLES or bool(agent and label.startswith(agent.split()[0]))
            turns.append([is_agent, m.group(2)])
        elif turns:
            turns[-1][1] += " " + line.strip()
    return [(i, fold(t)) for i, (is_agent, t) in enumerate(turns, 1) if is_agent]


def read_set(folder):
    """{id: (number, anti-pattern set, {label: turn}, [(turn, text)])} of one labelled folder."""
    gold = yaml.safe_load(open(os.path.join(folder, "labels.yaml"))) or {}
    out = {}
    for path in sorted(glob.glob(os.path.join(folder, "*.txt"))):
        tid = os.path.basename(path)[:-4]
        g = gold.get(tid) or {}
        out[tid] = (int(tid.split("-")[-1]), set(g.get("anti_patterns") or []), g.get("turns") or {}, agent_turns(path), path)
    return out


def train(label, dev):
    texts, y = [], []
    for number, aps, turns, agent, _ in dev.values():
        for turn, text in agent:
            if label in aps and turns.get(label) != turn:
                continue  # a later turn of a labelled transcript may say it again: not a clean negative
            texts.append(text)
            y.append(label in aps and turns.get(label) == turn)
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True)
    model = LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000).fit(vec.fit_transform(texts), np.array(y))
    return vec, model


def defuse_labels(paths, extra):
    out = subprocess.run([DEFUSE, "score", "--format", "ndjson", "-q", *extra, *paths],
                         capture_output=True, text=True, check=True).stdout
    found = {}
    for line in out.splitlines():
        record = json.loads(line)
        found[record["id"]] = {a["id"] if isinstance(a, dict) else a for a in record["anti_patterns"]}
    return found


def measure(models, target, threshold, extra):
    found = defuse_labels([t[4] for t in target.values()], extra)
    f1 = {"defuse": [], "defuse OR classifier": []}
    for label in LABELS:
        vec, model = models[label]
        best = {}
        for tid, (_, _, _, agent, _) in target.items():
            scores = model.predict_proba(vec.transform([t for _, t in agent]))[:, 1] if agent else [0.0]
            best[tid] = max(scores)
        for name, said in (("defuse", lambda t: label in found.get(t, set())),
                           ("defuse OR classifier", lambda t: label in found.get(t, set()) or best[t] >= threshold)):
            tp = sum(said(t) and label in target[t][1] for t in target)
            fp = sum(said(t) and label not in target[t][1] for t in target)
            fn = sum(not said(t) and label in target[t][1] for t in target)
            f1[name].append(2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0)
    return {name: sum(v) / len(v) for name, v in f1.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["choose", "held-out"])
    ap.add_argument("lang", choices=sorted(ROUND10))
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("rest", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    extra = args.rest[1:] if args.rest[:1] == ["--"] else args.rest
    dev = read_set(os.path.join(REPO, "eval", "dev", args.lang))
    if args.mode == "choose":
        first = ROUND10[args.lang]
        parts = {"round 10 dev half": ({k: v for k, v in dev.items() if v[0] < first},
                                       {k: v for k, v in dev.items() if v[0] >= first})}
    else:
        test = read_set(os.path.join(REPO, "eval", "test", args.lang))
        parts = {"held out, all": (dev, test),
                 "held out, 001-050": (dev, {k: v for k, v in test.items() if v[0] <= 50}),
                 "held out, round 10 twins": (dev, {k: v for k, v in test.items() if v[0] > 50})}
    models = {}  # by training set: the held-out parts share one
    for name, (train_on, target) in parts.items():
        if id(train_on) not in models:
            models[id(train_on)] = {label: train(label, train_on) for label in LABELS}
        result = measure(models[id(train_on)], target, args.threshold, extra)
        print(f"{args.lang} {name} ({len(target)} transcripts), lexical anti-pattern macro-F1: " +
              ", ".join(f"{k} {v:.3f}" for k, v in result.items()))


if __name__ == "__main__":
    main()
