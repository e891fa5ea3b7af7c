#!/usr/bin/env python3
"""Write a lexicon directory the size the issue's baselines assume (~500-1,200 phrases).

    bench/slim_lexicons.py OUT [--src lexicons]

Keeps every rule of the built-in lexicons with only its first pattern, and no `unless`
patterns or examples: the same rule IDs, languages and engine, about a thirteenth of the
compiled patterns. It measures how much of defuse's time the size of its lexicons costs
(docs/performance.md, "How much the lexicons' size costs"); it is not a lexicon to score with.
"""

import argparse
import os
import shutil

import yaml


def slim_rule(rule):
    rule = dict(rule)
    rule.pop("examples", None)
    rule.pop("unless", None)
    rule["patterns"] = rule["patterns"][:1]
    return rule


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--src", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lexicons"))
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for name in ("roles.yaml", "scoring.yaml"):
        shutil.copy(os.path.join(args.src, name), args.out)
    rules = 0
    for lang in sorted(os.listdir(args.src)):
        folder = os.path.join(args.src, lang)
        if not os.path.isdir(folder):
            continue
        os.makedirs(os.path.join(args.out, lang), exist_ok=True)
        for name in sorted(os.listdir(folder)):
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                data = yaml.safe_load(f)
            if name != "language.yaml":
                if "rules" in data:
                    data["rules"] = [slim_rule(r) for r in data["rules"]]
                    rules += len(data["rules"])
                for group in data.get("groups", []):
                    group.pop("unless", None)
                    group["rules"] = [slim_rule(r) for r in group["rules"]]
                    rules += len(group["rules"])
            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
            # PyYAML reads an unquoted yes/no as a boolean; the lexicon wants the words.
            text = text.replace("question: false", "question: 'no'").replace("question: true", "question: 'yes'")
            with open(os.path.join(args.out, lang, name), "w", encoding="utf-8") as f:
                f.write(text)
    print(f"{rules} rules, one pattern each, in {args.out}")


if __name__ == "__main__":
    main()
