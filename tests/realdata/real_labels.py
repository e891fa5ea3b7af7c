#!/usr/bin/env python3
"""defuse against hand labels of real conversations (eval/real/).

eval/real/{dev,test,third}/LANG/labels.yaml label samples of the real datasets in $SHARED/realdata
(TWCS and STC-3 in English, Citibanamex replies in Spanish, MultiWOZ-ru in Russian), written
by people who had not seen the lexicons (conventions: eval/real/LANG/CONVENTIONS.md). The
transcripts themselves are not copied into the repository: they are rebuilt from
$SHARED/realdata by dump.py, and only the labelled ids are scored.

    tests/realdata/real_labels.py [--part dev|test|third|all] [--lang en|es|ru] [-- EVAL ARGS...]

`third` is the third sample (en, es): labelled after the first two halves' rules, scored once
before any rule was written from it, and tuned on since (docs/accuracy.md).

Runs `defuse eval` for each language and part and prints its table, then one line per
figure for tests/cli/realdata.sh:
  FIGURE real_<part>_<lang>_<family> <macro-F1>
Arguments after `--` go to `defuse eval` (e.g. `--show errors`, `--format json`).
"""

import argparse
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as C  # noqa: E402

SETS = {"en": ["twcs", "stc3"], "es": ["citi"], "ru": ["multiwoz-ru"]}
FAMILIES = {"macro-F1 steps": "steps", "macro-F1 lexical anti-patterns": "lexical",
            "macro-F1 customer signals": "signals"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", default="all", choices=["dev", "test", "third", "all"])
    ap.add_argument("--lang", choices=sorted(SETS))
    ap.add_argument("rest", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    extra = args.rest[1:] if args.rest[:1] == ["--"] else args.rest
    parts = ["dev", "test", "third"] if args.part == "all" else [args.part]
    dump = os.path.join(C.HERE, "dump.py")
    status = 0
    with tempfile.TemporaryDirectory() as tmp:
        for lang in [args.lang] if args.lang else sorted(SETS):
            for part in parts:
                labels = os.path.join(C.REPO, "eval", "real", part, lang, "labels.yaml")
                if not os.path.exists(labels):
                    print(f"SKIP {part}/{lang}: no {labels}")
                    continue
                inputs = []
                for name in SETS[lang]:
                    out = os.path.join(tmp, f"{part}-{lang}-{name}.ndjson")
                    r = subprocess.run([sys.executable, dump, name, out, "--ids", labels],
                                       capture_output=True, text=True)
                    if r.returncode == 2:
                        print(f"SKIP {name}: dataset absent")
                        continue
                    if r.returncode != 0:
                        print(r.stderr, file=sys.stderr)
                        return 1
                    if os.path.getsize(out) > 0:  # none of this set's transcripts labelled
                        inputs.append(out)
                if not inputs:
                    continue
                r = subprocess.run([C.DEFUSE, "eval", "--gold", labels, *inputs, *extra],
                                   capture_output=True, text=True)
                print(f"## {part} / {lang}")
                print(r.stdout, end="")
                if r.returncode != 0:
                    print(r.stderr, file=sys.stderr)
                    status = 1
                seen = set()  # the language's block only, not the "all languages" one after it
                for line in r.stdout.splitlines():
                    for key, family in FAMILIES.items():
                        if line.startswith(key) and family not in seen:
                            seen.add(family)
                            C.figure(f"real_{part}_{lang}_{family}", float(line.split()[-1]))
    return status


if __name__ == "__main__":
    sys.exit(main())
