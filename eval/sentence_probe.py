#!/usr/bin/env python3
"""Probes single agent sentences against defuse's lexicons: how many of the sentences a rater
labels with an anti-pattern or step does defuse catch, and how many look-alikes does it flag.

    eval/sentence_probe.py [--defuse PATH] [--show] [--json] [--reaction] LANG FILE.tsv [-- DEFUSE ARGS...]

FILE.tsv has one sentence per line, `LABEL<TAB>EXPECT<TAB>SENTENCE` (lines starting with `#`
are comments):
  LABEL   an agent-side anti-pattern ID of CYCLE.md (rudeness, accusing_dishonesty, arguing,
          third_party_blame, excuse, management_deflection, contract_blame,
          website_deflection, two_news) or a step ID (greet, clarify, empathize, apologize,
          solve, commit)
  EXPECT  1: a careful rater labels the sentence LABEL; 0: a look-alike that is not LABEL
Each sentence is scored as the agent's first answer to a customer's complaint, with two more
agent turns after it, so opener rules (greet, two_news) apply and the closing position does
not (`close` cannot be probed). Prints, per label, the sentences caught and the look-alikes
flagged; --show lists each miss and false alarm with the rule that fired; --json prints the
figures as JSON. With --reaction each sentence is instead the customer's answer to a plain agent
reply ("Right, I have your account open now."), and it is caught when defuse gives LABEL to
that reply: EXPECT 1 means the customer's words show the agent did LABEL. The binary is --defuse, else $DEFUSE, else build/defuse; arguments after
`--` go to `defuse score` (e.g. `--no-builtin --lexicons DIR`).
"""
import json
import os
import subprocess
import sys
from collections import defaultdict

COMPLAINT = {"en": "I was charged twice and nobody has sorted it out, this is the third time I'm calling.",
             "es": "Me cobraron dos veces y nadie me lo ha solucionado, es la tercera vez que llamo.",
             "ru": "С меня списали деньги дважды и никто ничего не решил, я звоню уже третий раз."}
REPLY = {"en": "Okay.", "es": "Vale.", "ru": "Ладно."}
FOLLOW_UP = {"en": "Let me have a look at the account.", "es": "Déjeme revisar la cuenta.",
             "ru": "Сейчас посмотрю ваш счёт."}
# --reaction: the sentence is the customer's answer to this plain agent reply, and is caught
# when defuse gives LABEL to that reply (a customer's reaction names the agent's act).
PLAIN_ANSWER = {"en": "Right, I have your account open now.", "es": "Bien, ya tengo su cuenta abierta.",
                "ru": "Так, ваш счёт у меня открыт."}
PROBED_TURN = 2  # 1-based, as defuse reports turns


def read_sentences(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3 or parts[1] not in ("0", "1") or not parts[2].strip():
                sys.exit(f"{path}:{number}: expected LABEL<TAB>0|1<TAB>SENTENCE")
            rows.append((number, parts[0].strip(), parts[1] == "1", parts[2].strip()))
    return rows


def transcript(number, lang, text, reaction=False):
    turns = [{"speaker": "customer", "text": COMPLAINT[lang]},
             {"speaker": "agent", "text": PLAIN_ANSWER[lang] if reaction else text},
             {"speaker": "customer", "text": text if reaction else REPLY[lang]},
             {"speaker": "agent", "text": FOLLOW_UP[lang]},
             {"speaker": "customer", "text": REPLY[lang]},
             {"speaker": "agent", "text": FOLLOW_UP[lang]}]
    return json.dumps({"id": f"line{number}", "lang": lang, "turns": turns}, ensure_ascii=False)


def fired_labels(record):
    """Label -> rules that fired on the probed turn."""
    got = defaultdict(list)
    for hit in record["anti_patterns"]:
        if hit.get("turn") == PROBED_TURN:
            got[hit["id"]].append(hit.get("rule", ""))
    for step, result in record["steps"].items():
        for evidence in result.get("evidence", []):
            if evidence.get("turn") == PROBED_TURN:
                got[step].append(evidence.get("rule", ""))
    return got


def main(argv):
    defuse = os.environ.get("DEFUSE", "build/defuse")
    show = as_json = reaction = False
    extra = []
    if "--" in argv:
        extra = argv[argv.index("--") + 1:]
        argv = argv[:argv.index("--")]
    positional = []
    i = 0
    while i < len(argv):
        if argv[i] == "--defuse":
            defuse = argv[i + 1]
            i += 1
        elif argv[i] == "--show":
            show = True
        elif argv[i] == "--json":
            as_json = True
        elif argv[i] == "--reaction":
            reaction = True
        else:
            positional.append(argv[i])
        i += 1
    if len(positional) != 2 or positional[0] not in COMPLAINT:
        sys.exit(__doc__)
    lang, path = positional
    rows = read_sentences(path)
    stream = "".join(transcript(number, lang, text, reaction) + "\n" for number, _, _, text in rows)
    result = subprocess.run([defuse, "score", "--format", "ndjson", *extra, "-"], input=stream,
                            capture_output=True, text=True)
    if result.returncode not in (0, 1):
        sys.exit(f"sentence_probe: {defuse} exited with {result.returncode}: {result.stderr.strip()}")
    fired = {}
    for line in result.stdout.splitlines():
        record = json.loads(line)
        fired[record["id"]] = fired_labels(record)
    if len(fired) != len(rows):
        sys.exit(f"sentence_probe: {len(rows)} sentences sent, {len(fired)} scored")
    stats = defaultdict(lambda: {"positives": 0, "caught": 0, "lookalikes": 0, "flagged": 0})
    for number, label, expect, text in rows:
        got = fired[f"line{number}"]
        hit = label in got
        s = stats[label]
        if expect:
            s["positives"] += 1
            s["caught"] += hit
            if not hit and show:
                print(f"MISS  {label:22} {path}:{number}: {text}")
        else:
            s["lookalikes"] += 1
            s["flagged"] += hit
            if hit and show:
                print(f"FALSE {label:22} {path}:{number}: {text}  [{', '.join(got[label])}]")
    total = {k: sum(s[k] for s in stats.values()) for k in ("positives", "caught", "lookalikes", "flagged")}
    if as_json:
        print(json.dumps({"labels": stats, "total": total}, indent=1, sort_keys=True))
        return
    print(f"{'label':24} {'caught':>13} {'look-alikes flagged':>21}")
    for label in sorted(stats) + ["total"]:
        s = total if label == "total" else stats[label]
        p, c, n, f = s["positives"], s["caught"], s["lookalikes"], s["flagged"]
        print(f"{label:24} {c:>4}/{p:<4} {c / max(p, 1):4.0%} {f:>9}/{n:<4} {f / max(n, 1):4.0%}")


if __name__ == "__main__":
    main(sys.argv[1:])
