#!/usr/bin/env python3
"""Rewrites transcripts the way speech-to-text and hurried chat deliver them: lower case, no
punctuation, optionally no accents. Speaker prefixes and front matter stay, so the gold labels
of the originals still apply and `defuse eval` measures how much accuracy rests on
punctuation and case.

    eval/asr_style.py SRC_DIR OUT_DIR [--no-accents]
"""
import os
import re
import sys
import unicodedata

PUNCTUATION = re.compile(r"[.,!?¿¡;:…«»“”„\"()\[\]\-–—]+")
SPEAKER = re.compile(r"^([^:]{1,40}):\s(.*)$")


def strip_accents(text):
    # Keep the marks that make other letters in Russian (й, ё) rather than accents.
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn" or c in "\u0306\u0308")
    return unicodedata.normalize("NFC", kept)


def rewrite_transcripts(src, out, rewrite_said):
    """Writes each SRC/*.txt to OUT with `rewrite_said` applied to the text of every
    "Speaker: text" line; front matter and other lines are kept as they are."""
    os.makedirs(out, exist_ok=True)
    for name in sorted(os.listdir(src)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(src, name), encoding="utf-8") as f:
            text = f.read()
        head, body = "", text
        if text.startswith("---\n") and "\n---\n" in text[4:]:
            end = text.index("\n---\n", 4) + len("\n---\n")
            head, body = text[:end], text[end:]
        lines = []
        for line in body.split("\n"):
            m = SPEAKER.match(line)
            lines.append(f"{m.group(1)}: {rewrite_said(m.group(2))}" if m else line)
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            f.write(head + "\n".join(lines))


def asr_said(said, no_accents):
    said = re.sub(r"\s+", " ", PUNCTUATION.sub(" ", said.lower())).strip()
    return strip_accents(said) if no_accents else said


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    src, out, no_accents = sys.argv[1], sys.argv[2], "--no-accents" in sys.argv[3:]
    rewrite_transcripts(src, out, lambda said: asr_said(said, no_accents))


if __name__ == "__main__":
    main()
