"""Shared helpers for the real-data measurements (stdlib only).

Every measurement script converts one dataset from $SHARED/realdata/<name>/ into defuse
inputs in a temporary directory, runs the defuse binary on them and prints its figures.
Conversion lives here, in the test helpers, never in the product.

Environment:
  DEFUSE  the binary (default /work/main/build/defuse)
  SHARED  the shared folder holding realdata/ (default: <repo>/../shared)
  JOBS    worker threads passed to `defuse score -j` (default 2)

Figures meant for the CI wrapper (tests/cli/realdata.sh) are printed as lines
  FIGURE <name> <value>
which the wrapper compares with its floors.
"""

import json
import math
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFUSE = os.environ.get("DEFUSE", "/work/main/build/defuse")
SHARED = os.environ.get("SHARED", os.path.join(os.path.dirname(REPO), "shared"))
REALDATA = os.path.join(SHARED, "realdata")
JOBS = os.environ.get("JOBS", "2")


def dataset(name):
    """Path of a dataset folder, or None (after saying so) when it is absent."""
    path = os.path.join(REALDATA, name)
    if not os.path.isdir(path):
        print(f"SKIP {name}: {path} is absent")
        return None
    return path


def figure(name, value):
    if isinstance(value, float):
        value = f"{value:.4f}"
    print(f"FIGURE {name} {value}")
    sys.stdout.flush()


def transcript(tid, turns, lang=None, channel=None, **meta):
    """A defuse JSON transcript. turns: list of (role, text) or (role, text, ts)."""
    rec = {"id": str(tid)}
    if lang:
        rec["lang"] = lang
    if channel:
        rec["channel"] = channel
    for k, v in meta.items():
        rec[k] = v
    out = []
    for t in turns:
        turn = {"speaker": t[0], "text": t[1]}
        if len(t) > 2 and t[2]:
            turn["ts"] = t[2]
        out.append(turn)
    rec["turns"] = out
    return rec


class ScoreError(Exception):
    pass


def score(records, extra_args=(), name="input", min_share=0.9):
    """Runs `defuse score` on the records as one NDJSON stream (one transcript per line).

    Returns (results by id, stderr text, exit status). Raises ScoreError when the binary
    crashes (killed by a signal), prints a line that is not JSON, or scores fewer than
    `min_share` of the records (a broken binary must not pass as a measurement).
    """
    records = list(records)
    with tempfile.TemporaryDirectory(prefix="defuse-realdata-") as tmp:
        path = os.path.join(tmp, name + ".ndjson")
        with open(path, "w", encoding="utf-8") as f:
            for r in records:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        out, err, rc = score_paths([path], extra_args)
    if records and len(out) < min_share * len(records):
        raise ScoreError(f"{name}: only {len(out)} of {len(records)} transcripts scored "
                         f"(exit {rc}): {err[:1000]}")
    return out, err, rc


def score_paths(paths, extra_args=()):
    cmd = [DEFUSE, "score", "--format", "ndjson", "-q", "-j", JOBS, *extra_args, *paths]
    p = subprocess.run(cmd, capture_output=True)
    if p.returncode < 0:
        raise ScoreError(f"{' '.join(cmd)}: killed by signal {-p.returncode}\n"
                         + p.stderr.decode("utf-8", "replace")[-2000:])
    out = {}
    order = []
    for line in p.stdout.decode("utf-8").splitlines():
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError as e:
            raise ScoreError(f"not JSON on stdout: {line[:200]!r}: {e}")
        key = rec.get("id") or rec.get("source")
        out[key] = rec
        order.append(key)
    return out, p.stderr.decode("utf-8", "replace"), p.returncode


def step_hit(rec, step, turn=None):
    """Whether `step` is hit; with turn (1-based), only by evidence in that turn."""
    s = rec.get("steps", {}).get(step)
    if not s or not s.get("hit"):
        return False
    if turn is None:
        return True
    return any(e.get("turn") == turn for e in s.get("evidence", []))


def steps_in_turn(rec, turn):
    return sorted(k for k, s in rec.get("steps", {}).items()
                  if any(e.get("turn") == turn for e in s.get("evidence", [])))


def anti_ids(rec):
    return [a["id"] for a in rec.get("anti_patterns", [])]


def customer_ids(rec):
    return [c["id"] for c in rec.get("customer", [])]


# --- statistics ---------------------------------------------------------------------

def ranks(xs):
    """Average ranks (1-based), ties get the mean rank."""
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    r = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        avg = (i + j) / 2 + 1
        for k in range(i, j + 1):
            r[order[k]] = avg
        i = j + 1
    return r


def pearson(x, y):
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    if sxx == 0 or syy == 0:
        return float("nan")
    return sxy / math.sqrt(sxx * syy)


def spearman(x, y):
    return pearson(ranks(x), ranks(y))


def spearman_p(rho, n):
    """Two-sided p-value of Spearman's rho by the t approximation (normal tail for large n)."""
    if n < 4 or abs(rho) >= 1 or rho != rho:
        return float("nan")
    t = rho * math.sqrt((n - 2) / (1 - rho * rho))
    # Student t with n-2 dof; for n in the hundreds the normal tail is accurate enough.
    return math.erfc(abs(t) / math.sqrt(2))


def wilson(k, n, z=1.96):
    """95% Wilson interval of a proportion k/n."""
    if n == 0:
        return (float("nan"), float("nan"))
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return (max(0.0, c - h), min(1.0, c + h))


def pct(k, n):
    return f"{100.0 * k / n:.1f}%" if n else "n/a"


def table(headers, rows):
    """A markdown table."""
    lines = ["| " + " | ".join(str(h) for h in headers) + " |",
             "|" + "|".join("---" for _ in headers) + "|"]
    for r in rows:
        lines.append("| " + " | ".join(str(c) for c in r) + " |")
    return "\n".join(lines)


def short(text, n=160):
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


# Anti-patterns that come from structure (timing, which steps occurred), not from words.
STRUCTURAL = {"no_closure", "slow_response"}
