#!/usr/bin/env python3
"""Extracts the plain phrases of a lexicon directory, one per line, for `rg -F -f` / `grep -F -f`.

This is how the baselines of bench/run.sh get the "same" lexicon as defuse: every trigger
pattern of every rule (lexicons/*/*.yaml `patterns:`; `unless:` patterns are left out) is
expanded the way the matcher expands it (docs/lexicon-format.md):

  (a|b c)      one line per alternative (at most --max-expansions per pattern)
  (...)?       with and without the group
  word*        the prefix "word" (a fixed string matches it as a substring anyway)
  =word        "word"
  _  ...  ...N gaps split a pattern: each side becomes its own phrase
  punctuation  dropped, as the matcher ignores it

Lines are lower-cased and de-duplicated. A fixed-string search then finds a superset of
the places where the lexicon can fire, but does none of the work that makes defuse
accurate (stems, sentence bounds, negation, speaker, position, scoring): it is the floor
that a plain multi-string scan costs on the same text, not an equivalent program.
One-word phrases shorter than --min-word characters ("en", "a", "не") are dropped: on their
own they match nearly every line.

Usage: bench/phrases.py [--lexicons DIR] [--lang ru,es,en] > phrases.txt
Python 3 standard library only.
"""

import argparse
import glob
import os
import re
import sys

PUNCT = re.compile(r"[\.,;:!?¿¡«»\"“”„'’…]+")


def unquote(value):
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    hash_at = value.find(" #")
    return value[:hash_at].rstrip() if hash_at >= 0 else value


def split_flow(text):
    """Items of a one-line YAML flow list: ["a", 'b', c]."""
    items, cur, quote = [], "", None
    for ch in text:
        if quote:
            cur += ch
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
            cur += ch
        elif ch == ",":
            items.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        items.append(cur)
    return [unquote(i) for i in items]


def patterns_in(path):
    """The items of every `patterns:` list in a lexicon file (block or flow style)."""
    out = []
    key_indent = None
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            stripped = line.strip()
            indent = len(line) - len(line.lstrip(" "))
            if key_indent is not None:
                if not stripped or stripped.startswith("#"):
                    continue
                if stripped.startswith("- ") and indent >= key_indent:
                    out.append(unquote(stripped[2:]))
                    continue
                key_indent = None
            m = re.match(r"^(\s*)(?:-\s+)?patterns:\s*(.*)$", line)
            if m:
                rest = m.group(2).split(" #")[0].strip()
                if rest.startswith("[") and rest.endswith("]"):
                    out.extend(split_flow(rest[1:-1]))
                elif not rest:
                    key_indent = len(m.group(1))
    return out


def tokenize(pattern):
    """Pattern text -> list of tokens: '(', ')', '|', '?', words and gaps."""
    tokens = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c.isspace():
            i += 1
        elif c in "()|":
            tokens.append(c)
            i += 1
        elif c == "?" and tokens and tokens[-1] == ")":
            tokens.append("?")
            i += 1
        else:
            j = i
            while j < len(pattern) and not pattern[j].isspace() and pattern[j] not in "()|":
                j += 1
            tokens.append(pattern[i:j])
            i = j
    return tokens


def expand(tokens, cap):
    """All flat sequences (lists of words and the marker None for a gap), at most `cap`."""
    pos = 0

    def sequence(in_group):
        nonlocal pos
        results = [[]]
        while pos < len(tokens):
            t = tokens[pos]
            if t in (")", "|"):
                if in_group:
                    return results
                pos += 1
                continue
            if t == "(":
                pos += 1
                alternatives = []
                while True:
                    alternatives.extend(sequence(True))
                    if pos < len(tokens) and tokens[pos] == "|":
                        pos += 1
                        continue
                    pos += 1  # ')'
                    break
                if pos < len(tokens) and tokens[pos] == "?":
                    pos += 1
                    alternatives.append([])
                element_choices = alternatives
            else:
                pos += 1
                if t == "_" or t.startswith("..."):
                    element_choices = [[None]]
                else:
                    word = PUNCT.sub("", t.lstrip("=").rstrip("*")).lower()
                    element_choices = [[word]] if word else [[]]
            results = [r + c for r in results for c in element_choices][:cap]
        return results

    return sequence(False)


def phrases_of(pattern, cap, min_word):
    out = set()
    for seq in expand(tokenize(pattern), cap):
        segment = []
        for w in seq + [None]:
            if w is None:
                if segment:
                    phrase = " ".join(segment)
                    if len(segment) > 1 or len(phrase) >= min_word:
                        out.add(phrase)
                segment = []
            else:
                segment.append(w)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--lexicons", default=os.path.join(here, "..", "lexicons"))
    ap.add_argument("--lang", default="", help="comma-separated languages (default: all)")
    ap.add_argument("--max-expansions", type=int, default=64, help="expansions kept per pattern")
    ap.add_argument("--min-word", type=int, default=3, help="shortest one-word phrase kept")
    args = ap.parse_args()
    langs = set(filter(None, args.lang.split(",")))
    phrases = set()
    files = 0
    patterns = 0
    for path in sorted(glob.glob(os.path.join(args.lexicons, "*", "*.yaml"))):
        lang = os.path.basename(os.path.dirname(path))
        if langs and lang not in langs:
            continue
        found = patterns_in(path)
        files += bool(found)
        patterns += len(found)
        for p in found:
            phrases |= phrases_of(p, args.max_expansions, args.min_word)
    for p in sorted(phrases):
        print(p)
    print(f"phrases: {len(phrases)} phrases from {patterns} patterns in {files} files", file=sys.stderr)


if __name__ == "__main__":
    main()
