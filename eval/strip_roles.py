#!/usr/bin/env python3
"""Rewrites a labelled folder (eval/dev/LANG) as diarised speech-to-text delivers it: one NDJSON
record per transcript whose two speakers are "spk_0" and "spk_1", with no role and no names,
the agent being spk_0 in about half of them (by a hash of the ID, so the output is stable).
Writes OUT.ndjson and OUT.tsv (ID, the agent's speaker): what `defuse score --infer-roles`
should find (tests/cli/infer_roles.sh).

usage: strip_roles.py DIR OUT
"""
import glob
import hashlib
import json
import os
import re
import sys

import yaml

ROLES = yaml.safe_load(open(os.path.join(os.path.dirname(__file__), "..", "lexicons", "roles.yaml"), encoding="utf-8"))
AGENT = {w.lower() for w in ROLES["agent"]}
CUSTOMER = {w.lower() for w in ROLES["customer"]}
# "[10:02] Agent (Maria): text", "Оператор Анна: text", "Cliente: text"
LABEL = re.compile(r"^(\[[^\]]*\]\s*)?([^\s:(\[]+)[^:\n]{0,40}:\s*(.*)$")


def turns_of(body):
    turns = []
    for line in body:
        m = LABEL.match(line)
        word = m.group(2).lower() if m else ""
        if word in AGENT or word in CUSTOMER:
            turns.append(["agent" if word in AGENT else "customer", m.group(3)])
        elif turns and line.strip():
            turns[-1][1] += "\n" + line
    return turns


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src, out = sys.argv[1], sys.argv[2]
    written = 0
    with open(out + ".ndjson", "w", encoding="utf-8") as records, open(out + ".tsv", "w", encoding="utf-8") as truth:
        for path in sorted(glob.glob(os.path.join(src, "*.txt"))):
            lines = open(path, encoding="utf-8").read().split("\n")
            meta, start = {}, 0
            if lines and lines[0] == "---" and "---" in lines[1:]:
                end = lines.index("---", 1)
                for line in lines[1:end]:
                    if ":" in line:
                        key, value = line.split(":", 1)
                        meta[key.strip()] = value.strip()
                start = end + 1
            turns = turns_of(lines[start:])
            if {role for role, _ in turns} != {"agent", "customer"}:
                continue
            tid = meta.get("id", os.path.basename(path)[:-4])
            agent_is_0 = int(hashlib.md5(tid.encode()).hexdigest(), 16) % 2 == 0
            speaker = {"agent": "spk_0" if agent_is_0 else "spk_1", "customer": "spk_1" if agent_is_0 else "spk_0"}
            record = {k: meta[k] for k in ("lang", "channel") if k in meta}
            record["id"] = tid
            record["turns"] = [{"speaker": speaker[role], "text": text} for role, text in turns]
            records.write(json.dumps(record, ensure_ascii=False) + "\n")
            truth.write(f"{tid}\t{speaker['agent']}\n")
            written += 1
    print(f"{written} transcripts", file=sys.stderr)


if __name__ == "__main__":
    main()
