#!/usr/bin/env python3
"""Writes the hostile-input corpus into DIR (see expected.tsv for what defuse must say).

    tests/hostile/generate.py DIR [--small]

--small leaves out the large files (50 MB lines, a million turns), e.g. for fuzz seeds.
The corpus is generated rather than committed: some files are large, some are symbolic
links or unreadable, and some hold bytes that editors and tools handle badly.
"""
import gzip
import os
import sys

GOOD = "Agent: Hello, thank you for calling. How can I help?\nCustomer: My order is late.\n" \
       "Agent: I am sorry about that. I will send a new one today.\nCustomer: Thanks.\n"
GOOD_JSON = '{"id":"ok","turns":[{"speaker":"agent","text":"Hello, how can I help?"},' \
            '{"speaker":"customer","text":"My order is late."}]}\n'


def write(root, name, data):
    path = os.path.join(root, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def billion_laughs(prefix, levels):
    lines = [f"{prefix}0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels):
        lines.append(f"{prefix}{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def small(root):
    write(root, "good.txt", GOOD)
    # Encoding.
    write(root, "invalid-utf8.txt", b"Agent: hi \xc3\x28 there\nCustomer: ok\n")
    write(root, "overlong-utf8.txt", b"Agent: hi \xc0\xaf there\nCustomer: ok\n")
    write(root, "surrogate-utf8.txt", b"Agent: hi\nCustomer: \xed\xa0\x80 ok\n")
    write(root, "truncated-utf8.txt", b"Agent: hi\nCustomer: 5 \xe2\x82")
    write(root, "nul-byte.txt", b"Agent: hi\nCustomer: a\x00b\n")
    write(root, "utf16.txt", "\ufeff" .encode("utf-16-le") + GOOD.encode("utf-16-le"))
    # Not transcripts at all.
    write(root, "png-image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)))
    write(root, "pdf-document.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    write(root, "gzip-archive.txt", gzip.compress(GOOD.encode(), mtime=0))
    write(root, "empty.txt", b"")
    write(root, "blank.txt", b"  \n\t\r\n\n")
    write(root, "prose.txt", "Dear team,\nthe parcel never came.\nRegards\n")
    # Front matter: nesting, aliases, size, no end.
    write(root, "fm-deep-flow.txt", "---\nid: x\nk: " + "[" * 20000 + "]" * 20000 + "\n---\n" + GOOD)
    write(root, "fm-deep-block.txt", "---\nid: x\n" + "".join("  " * i + f"k{i}:\n" for i in range(200)) + "---\n" + GOOD)
    write(root, "fm-aliases.txt", "---\nid: laughs\n" + billion_laughs("x", 10) + "---\n" + GOOD)
    write(root, "fm-huge.txt", "---\nid: x\n" + "".join(f"key{i}: value\n" for i in range(7000)) + "---\n" + GOOD)
    write(root, "fm-unclosed.txt", "---\nid: x\nagent: Ann\n" + GOOD)
    # JSON, NDJSON, CSV.
    write(root, "deep.json", "[" * 100000 + "]" * 100000)
    write(root, "deep.ndjson", GOOD_JSON + "[" * 100000 + "]" * 100000 + "\n" + GOOD_JSON)
    write(root, "unterminated.csv", 'speaker,text\nagent,"hello there\ncustomer,ok\n')
    rows = "speaker,text\n" + "agent,hello there how can I help\ncustomer,fine thanks\n" * 3000
    write(root, "late-invalid-utf8.csv", rows.encode() + b"agent,bad \xff byte\ncustomer,ok\n")
    write(root, "late-nul.ndjson", (GOOD_JSON * 2000).encode() +
          b'{"id":"z","turns":[{"speaker":"agent","text":"a\x00b"}]}\n' + GOOD_JSON.encode())
    # The file system: symlink loops, unreadable files, a directory named like a file.
    loop = os.path.join(root, "symlink-loop")
    os.makedirs(loop, exist_ok=True)
    write(root, "symlink-loop/good.txt", GOOD)
    for name, target in (("a.txt", "b.txt"), ("b.txt", "a.txt"), ("self.txt", "self.txt"), ("up", ".."),
                         ("here", ".")):
        if not os.path.lexists(os.path.join(loop, name)):
            os.symlink(target, os.path.join(loop, name))
    # Reading /proc/self/mem from offset 0 fails with EIO, for root too.
    if not os.path.lexists(os.path.join(root, "unreadable-eio.txt")):
        os.symlink("/proc/self/mem", os.path.join(root, "unreadable-eio.txt"))
    if os.geteuid() != 0:  # root reads a mode-000 file anyway
        write(root, "unreadable-perm.txt", GOOD)
        os.chmod(os.path.join(root, "unreadable-perm.txt"), 0)
    os.makedirs(os.path.join(root, "named-like-a-file.txt"), exist_ok=True)
    # Lexicons: nesting and aliases, each in a directory that is otherwise a valid lexicon.
    for lexicon in ("lexicon-deep", "lexicon-deep-block", "lexicon-aliases"):
        write(root, f"{lexicon}/roles.yaml", "agent: [agent]\ncustomer: [customer]\n")
        write(root, f"{lexicon}/en/language.yaml", "stemmer: english\nnegators: [not]\ndetect: [the]\n")
    write(root, "lexicon-deep/en/steps.yaml", "rules:\n  - id: greet\n    patterns: " + "[" * 100000 + "]" * 100000 + "\n")
    write(root, "lexicon-deep-block/en/steps.yaml", "rules:\n" + "".join("  " * i + "- \n" for i in range(1, 3000)))
    write(root, "lexicon-aliases/en/steps.yaml", billion_laughs("x", 12) +
          "rules:\n  - id: greet\n    patterns: *a11\n    examples: {match: *a11}\n")


def large(root):
    mb = 1024 * 1024
    write(root, "long-line.txt", "Agent: " + "a" * (50 * mb) + "\nCustomer: ok\n")
    write(root, "long-line.ndjson", '{"id":"x","turns":[{"speaker":"agent","text":"' + "a" * (50 * mb) + '"}]}\n' + GOOD_JSON)
    write(root, "long-line-words.txt", "Agent: " + "hello there sorry " * (4 * mb // 18) + "\nCustomer: ok\n")
    write(root, "many-turns.txt", "Agent: hi\nCustomer: ok\n" * 500000)
    write(root, "big-file.txt", GOOD * (2 * mb // len(GOOD) + 1))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    root = sys.argv[1]
    os.makedirs(root, exist_ok=True)
    small(root)
    if "--small" not in sys.argv[2:]:
        large(root)


if __name__ == "__main__":
    main()
