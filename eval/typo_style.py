#!/usr/bin/env python3
"""Adds typing errors to transcripts: each word of six letters or more, with probability
RATE, gets one edit (a letter dropped, doubled, swapped with the next, or replaced by a
neighbour on the keyboard), never its first letter. Seeded, so a run is repeatable.

    eval/typo_style.py SRC_DIR OUT_DIR [--rate 0.15] [--seed 1]
"""
import random
import re
import sys

from asr_style import rewrite_transcripts

ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm", "йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю"]
NEIGHBOURS = {}
for row in ROWS:
    for i, c in enumerate(row):
        NEIGHBOURS[c] = (row[i - 1] if i > 0 else "") + (row[i + 1] if i + 1 < len(row) else "")
WORD = re.compile(r"\w{6,}")


def typo(word, rng):
    i = rng.randrange(1, len(word))
    kind = rng.choice(["drop", "double", "swap", "neighbour"])
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "swap" and i + 1 < len(word):
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    near = NEIGHBOURS.get(word[i].lower(), "")
    return word[:i] + (rng.choice(near) if near else word[i]) + word[i + 1:]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    src, out = sys.argv[1], sys.argv[2]
    rate = float(sys.argv[sys.argv.index("--rate") + 1]) if "--rate" in sys.argv else 0.15
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 1
    rng = random.Random(seed)
    rewrite_transcripts(src, out, lambda said: WORD.sub(
        lambda w: typo(w.group(0), rng) if rng.random() < rate else w.group(0), said))

if __name__ == "__main__":
    main()
