#!/usr/bin/env python3
"""Writes real conversations from $SHARED/realdata as defuse NDJSON, converted exactly as the
measurement scripts convert them, for `defuse eval` against eval/real/ labels and for people
labelling them.

    tests/realdata/dump.py SET OUT.ndjson [--text OUT.txt] [--ids FILE]

SET is one of
  twcs        TWCS Twitter threads with at least one company reply (real_text.py)
  stc3        STC-3 customer-helpdesk dialogues (stc3_helpdesk.py)
  multiwoz-ru Russian MultiWOZ dialogues (real_text.py)
  citi        Citibanamex's own replies, one agent turn each (real_text.py)
--ids keeps only the transcripts whose ids the file lists (one per line, or the keys of a
labels.yaml); --text also writes a numbered, readable view (turn numbers as defuse reports
them). Timestamps are dropped: the labels of eval/real/ judge what was said, not how long a
reply took (`slow_response` is measured on timings, not labelled). Exit 2 when the dataset is
absent.
"""

import argparse
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as C  # noqa: E402
import real_text as R  # noqa: E402
import stc3_helpdesk as S  # noqa: E402


SETS = {
    "twcs": ("en_twcs_twitter_support",
             lambda folder: [t for t in R.twcs(folder)[0] if any(x["speaker"] == "agent" for x in t["turns"])]),
    "stc3": ("en_stc3_dch_helpdesk_dialogues", lambda folder: [S.dialogue(d) for d in S.load(folder)]),
    "multiwoz-ru": ("ru_multiwoz_mt_fallback", R.multiwoz),
    "citi": ("es_citibanamex_twitter_support", R.citibanamex_replies),
}


def wanted_ids(path):
    ids = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            # A labels.yaml key ("twcs-123:") or a bare id per line.
            m = re.match(r"^([^\s#:][^:\s]*):?\s*$", line.rstrip())
            if m:
                ids.add(m.group(1).strip("'\""))  # YAML keys may be quoted ('3718912216646049')
    return ids


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("set", choices=sorted(SETS))
    ap.add_argument("out")
    ap.add_argument("--text")
    ap.add_argument("--ids")
    args = ap.parse_args()
    name, convert = SETS[args.set]
    folder = C.dataset(name)
    if folder is None:
        return 2
    records = convert(folder)
    for r in records:
        for t in r["turns"]:
            t.pop("ts", None)
            t.pop("timestamp", None)
    if args.ids:
        keep = wanted_ids(args.ids)
        records = [r for r in records if r["id"] in keep]
    with open(args.out, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    if args.text:
        with open(args.text, "w", encoding="utf-8") as f:
            for r in records:
                f.write(f"=== {r['id']}\n")
                for n, t in enumerate(r["turns"], 1):
                    f.write(f"{n:>3} {t['speaker']}: {t['text']}\n")
                f.write("\n")
    print(f"{len(records)} transcripts -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
