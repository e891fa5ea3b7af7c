#!/usr/bin/env python3
"""en_contact_lens_rules: do defuse's English steps recognise the Contact Lens sample phrases?

Each ExactMatch phrase (and each PatternMatch phrase list, plus a few hand-written natural
realisations of the proximity patterns) becomes one agent turn in a tiny transcript:
  Greeting:           [agent: PHRASE] [customer: complaint]               (the agent's first turn)
  Apology, Empathy,
  Promise:            [customer: complaint] [agent: PHRASE]
  Closure:            [customer: complaint] [agent: filler] [customer: ok] [agent: PHRASE]
                                                                          (the agent's last turn)
A phrase counts as recognised when the matching step has evidence in the phrase's own turn.

EXCEPTIONS lists the phrases that are not really examples of the step by CYCLE.md, with the
reason; recall is reported over all phrases and over the justified ones (all minus exceptions).
For the exceptions the report also shows what defuse did make of them (a hit on an exception is
not necessarily right: e.g. a bare farewell should NOT be a close, a vague assurance should NOT
be a commit).

The Disrespectful-Agent phrases are run as agent turns (anti-patterns) and, for context, as
customer turns (hostility); the Escalation phrases as customer turns (threat).
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as C  # noqa: E402

CATEGORIES = [  # (file stem, step)
    ("greeting", "greet"),
    ("apology", "apologize"),
    ("empathy", "empathize"),
    ("promise", "commit"),
    ("closure", "close"),
]

COMPLAINT = "Hi, my internet has been down since yesterday and nobody has fixed it."

# Natural realisations of the PatternMatch proximity rules (the word lists are too loose to
# enumerate: "great" within 5 words of "today" is not a phrase). Apology's PatternMatch is a
# plain phrase list and is used as is.
PATTERN_REALISATIONS = {
    "empathy": [  # understand ~3~ concern|issue|frustrat*|inconvenience ; know ~4~ upset*|irritat*|trouble
        "I understand your concern.",
        "I understand the issue.",
        "I understand your frustration.",
        "I understand the inconvenience this has caused.",
        "I know you're upset.",
        "I know how irritating this is.",
        "I know this has been a lot of trouble for you.",
    ],
    "promise": [  # assur*|pledge|promise|guarantee ; trust us|me ; commit*|dedicat* ~3~ resol*
        "I assure you we'll look into it.",
        "I promise we'll sort it out.",
        "I guarantee it.",
        "Trust me, we'll get this fixed.",
        "We are committed to resolving this.",
        "We're dedicated to a quick resolution.",
    ],
    "closure": [  # thank|appreciate|goodbye|bye|... ~5~ you|call|time|today|us|business|...
        "Thank you.",
        "Thanks for contacting us.",
        "I appreciate your business.",
        "It was a pleasure helping you today.",
        "Happy to assist you, thanks for calling.",
        "Thanks for your time today.",
        "Goodbye, talk to you soon.",
        "Have a nice day.",
    ],
}

# Phrases that are not examples of the step by CYCLE.md (case-insensitive, exact phrase).
# Value: (reason, the step a careful rater would expect instead, or None).
EXCEPTIONS = {
    "greeting": {
        "valued customer": ("a bare noun-phrase fragment (keyword spotting), not an utterance that greets", None),
        "platinum member": ("a bare noun-phrase fragment, not a greeting", None),
        "gold member": ("a bare noun-phrase fragment, not a greeting", None),
        "what seems to be the problem": ("asks about the problem: clarify, not a greeting or offer of help", "clarify"),
    },
    "apology": {},
    "empathy": {
        "i'm sorry that we've caused you this inconvenience":
            ("an apology for the company's fault; names no feeling of the customer", "apologize"),
        "i'm sorry that we've let you down let's see how we can fix this":
            ("an apology for the company's fault", "apologize"),
        "i'm sorry that we've caused you so much trouble let's see how we can make this right":
            ("an apology for the company's fault", "apologize"),
        "i'm sorry that we haven't been able to meet your expectations let's work to make things better":
            ("an apology for the company's fault", "apologize"),
        "i'm sorry that we haven't been able to provide you with the service you deserve. let's work to make things right":
            ("an apology for the company's fault", "apologize"),
        "i'm sorry that we haven't been able to meet your needs let's work together to find a solution":
            ("an apology for the company's fault", "apologize"),
        "i'm sorry that we've caused you this inconvenience let's work to find a solution that works for you":
            ("an apology for the company's fault", "apologize"),
        "i'm here to help and i want to make this right for you":
            ("willingness to help; acknowledges no feeling or concern", None),
        "i'm here to help and support you through this let's work together to find a resolution that meets your needs":
            ("willingness to help; acknowledges no feeling or concern", None),
        "i understand the issue.":
            ("understanding the problem, not the customer's feelings (CYCLE: bare acknowledgement)", None),
    },
    # CYCLE.md: commit = a concrete next action by the company with a time or a tracking
    # element; "a holding line with no time is not a commitment". Only three Contact Lens
    # promises name a concrete action that keeps the customer informed or has a time.
    "promise": {},  # filled below: everything except PROMISE_JUSTIFIED
    "closure": {
        "goodbye for now": ("a bare farewell (CYCLE: not a close)", None),
        "have a great day": ("a bare farewell", None),
        "take care and have a nice day": ("a bare farewell", None),
        "bye and have a great day": ("a bare farewell", None),
        "hope you have a nice evening": ("a bare farewell", None),
        "have a wonderful day": ("a bare farewell", None),
        "have a pleasant evening": ("a bare farewell", None),
        "goodbye and take care": ("a bare farewell", None),
        "goodbye, talk to you soon.": ("a bare farewell", None),
        "have a nice day.": ("a bare farewell", None),
        "your satisfaction is our priority": ("a slogan: no recap, check, feedback request or thanks", None),
        "your issue is our priority": ("a slogan, and mid-call wording: no recap, check or thanks", None),
    },
}

PROMISE_JUSTIFIED = {
    "i'll make sure to follow up with you until this is resolved",
    "i promise to keep you informed every step of the way",
    "i assure you that we'll take immediate action to resolve this",
}
PROMISE_REASON = ("a vague assurance with no concrete next action, time or tracking element "
                  "(CYCLE: a holding line with no time is not a commitment)")


def load_rule(folder, stem):
    with open(os.path.join(folder, f"create-{stem}-voice-postcall.json"), encoding="utf-8") as f:
        rule = json.load(f)
    fn = json.loads(rule["Function"]) if isinstance(rule["Function"], str) else rule["Function"]
    exact, pattern_lists = [], []
    for op in fn["RuleFunction"]["Operands"]:
        kind = op["ComparisonValue"].rsplit(".", 2)[-2]  # ExactMatch | PatternMatch
        for operand in op["Operands"]:
            if kind == "ExactMatch":
                exact.append(operand)
            elif (len(operand) == 1 and operand[0]["Type"] == "LIST"
                  and all(v["Type"] == "PLAIN" and " " in v["Value"] for v in operand[0]["Value"])):
                # A plain list of multi-word phrases (Apology's PatternMatch): usable as is.
                pattern_lists.extend(v["Value"] for v in operand[0]["Value"])
    return exact, pattern_lists


def phrases_for(folder, stem):
    exact, plist = load_rule(folder, stem)
    out = [(p, "exact") for p in exact]
    seen = {p.lower() for p in exact}
    for p in plist + PATTERN_REALISATIONS.get(stem, []):
        if p.lower() not in seen:
            out.append((p, "pattern"))
            seen.add(p.lower())
    return out


def exception(stem, phrase):
    key = phrase.strip().lower()
    if stem == "promise":
        return None if key in PROMISE_JUSTIFIED else (PROMISE_REASON, None)
    return EXCEPTIONS[stem].get(key)


def build(stem, i, phrase):
    """Returns (record, turn number of the phrase)."""
    tid = f"{stem}-{i:03d}"
    if stem == "greeting":
        return C.transcript(tid, [("agent", phrase), ("customer", COMPLAINT)], lang="en", channel="call"), 1
    if stem == "closure":
        return C.transcript(tid, [("customer", COMPLAINT),
                                  ("agent", "Let me check your line."),
                                  ("customer", "Okay."),
                                  ("agent", phrase)], lang="en", channel="call"), 4
    return C.transcript(tid, [("customer", COMPLAINT), ("agent", phrase)], lang="en", channel="call"), 2


def main():
    folder = C.dataset("en_contact_lens_rules")
    if not folder:
        return 0
    records, meta = [], {}
    for stem, step in CATEGORIES:
        for i, (phrase, source) in enumerate(phrases_for(folder, stem)):
            rec, turn = build(stem, i, phrase)
            records.append(rec)
            meta[rec["id"]] = (stem, step, phrase, source, turn)
    # Disrespectful-Agent: as agent turns and as customer turns; Escalation as customer turns.
    extra = {}
    for stem, role in (("disrespectful-agent", "agent"), ("disrespectful-agent", "customer"),
                       ("escalation", "customer")):
        exact, _ = load_rule(folder, stem)
        for i, phrase in enumerate(exact):
            tid = f"{stem}-{role}-{i:03d}"
            if role == "agent":
                turns = [("customer", COMPLAINT), ("agent", phrase)]
            else:
                turns = [("agent", "Thank you for calling, how can I help you?"), ("customer", phrase)]
            records.append(C.transcript(tid, turns, lang="en", channel="call"))
            extra[tid] = (stem, role, phrase)

    results, stderr, _ = C.score(records, name="contact_lens")
    missing = [r["id"] for r in records if r["id"] not in results]
    if missing:
        print(f"ERROR: {len(missing)} transcripts missing from the output: {missing[:5]}\n{stderr[:2000]}")
        return 1

    print("## en_contact_lens_rules\n")
    summary = []
    details = []
    for stem, step in CATEGORIES:
        rows = [(tid, m) for tid, m in meta.items() if m[0] == stem]
        n_all = len(rows)
        hit_all = 0
        n_just = hit_just = 0
        n_exc = hit_exc = 0
        misses, exc_rows = [], []
        for tid, (_, _, phrase, source, turn) in rows:
            rec = results[tid]
            hit = C.step_hit(rec, step, turn)
            other = [s for s in C.steps_in_turn(rec, turn) if s != step]
            anti = C.anti_ids(rec)
            hit_all += hit
            exc = exception(stem, phrase)
            if exc:
                n_exc += 1
                hit_exc += hit
                got = ("**" + step + "**" if hit else "") + (" " if hit and other else "") + ", ".join(other)
                exc_rows.append((phrase, source, exc[0], exc[1] or "—", got or "nothing"))
            else:
                n_just += 1
                hit_just += hit
                if not hit:
                    misses.append((phrase, source, ", ".join(other) or "nothing",
                                   ", ".join(anti) or ""))
        recall_all = hit_all / n_all if n_all else float("nan")
        recall_just = hit_just / n_just if n_just else float("nan")
        summary.append((stem.capitalize(), step, n_all, f"{hit_all}/{n_all} = {recall_all:.2f}",
                        n_exc, f"{hit_just}/{n_just} = {recall_just:.2f}",
                        f"{hit_exc}/{n_exc}" if n_exc else "—"))
        C.figure(f"contact_lens.{step}.recall_all", recall_all)
        C.figure(f"contact_lens.{step}.recall_justified", recall_just)
        C.figure(f"contact_lens.{step}.exceptions_hit", hit_exc)
        details.append((stem, step, misses, exc_rows))

    print(C.table(["Category", "step", "phrases", "recall (all)", "exceptions", "recall (justified)",
                   "exceptions recognised as the step"], summary))
    for stem, step, misses, exc_rows in details:
        print(f"\n### {stem.capitalize()} → `{step}`\n")
        if misses:
            print("Justified phrases NOT recognised as the step:\n")
            print(C.table(["phrase", "source", "steps found in that turn instead", "anti-patterns"], misses))
        else:
            print("Every justified phrase is recognised.")
        if exc_rows:
            print("\nExceptions (not examples of the step by CYCLE.md):\n")
            print(C.table(["phrase", "source", "why not", "a rater expects", "defuse found"], exc_rows))

    # Disrespectful / escalation.
    print("\n### Disrespectful-Agent and Escalation phrases\n")
    rows = []
    for stem, role, signal in (("disrespectful-agent", "agent", None),
                               ("disrespectful-agent", "customer", "hostility"),
                               ("escalation", "customer", "threat")):
        ids = [t for t, m in extra.items() if m[0] == stem and m[1] == role]
        if role == "agent":
            def verbal(t):  # no_closure / slow_response come from structure, not words
                return sorted(set(C.anti_ids(results[t])) - C.STRUCTURAL)
            rude = sum("rudeness" in verbal(t) for t in ids)
            anyap = sum(bool(verbal(t)) for t in ids)
            ap_counts = {}
            for t in ids:
                for a in verbal(t):
                    ap_counts[a] = ap_counts.get(a, 0) + 1
            rows.append((f"{stem} as agent", len(ids), f"rudeness {rude}/{len(ids)}",
                         f"any verbal anti-pattern {anyap}/{len(ids)} ({', '.join(f'{k} {v}' for k, v in sorted(ap_counts.items())) or 'none'})"))
            C.figure("contact_lens.disrespectful_agent.rudeness", rude / len(ids))
            C.figure("contact_lens.disrespectful_agent.any_anti_pattern", anyap / len(ids))
            quiet = [extra[t][2] for t in ids if not verbal(t)]
            fired = [(extra[t][2], ", ".join(verbal(t))) for t in ids if verbal(t)]
        else:
            k = sum(signal in C.customer_ids(results[t]) for t in ids)
            other = {}
            for t in ids:
                for s in set(C.customer_ids(results[t])):
                    other[s] = other.get(s, 0) + 1
            rows.append((f"{stem} as customer", len(ids), f"{signal} {k}/{len(ids)}",
                         ", ".join(f"{a} {b}" for a, b in sorted(other.items())) or "no customer signal"))
            C.figure(f"contact_lens.{stem}.customer_{signal}", k / len(ids))
    print(C.table(["phrases", "n", "target", "all signals"], rows))
    print("\nDisrespectful-Agent phrases said by the agent that fire a verbal anti-pattern:\n")
    print(C.table(["phrase", "anti-patterns"], fired) if fired else "none")
    print("\nDisrespectful-Agent phrases said by the agent with no verbal anti-pattern (no_closure and slow_response ignored):\n")
    print("; ".join(f'"{q}"' for q in quiet) or "none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
