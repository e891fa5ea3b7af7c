#!/usr/bin/env bash
# The hostile-input corpus (tests/hostile): each file alone gets its expected one-line error
# and exit status, with no crash, no hang (timeout) and bounded memory (peak RSS); then all
# of them in one batch, named one by one and as a directory walk, where the good
# transcripts are still scored. Prints the time and peak RSS of every run.
source "$(dirname "$0")/robust_lib.bash"
command -v python3 >/dev/null || fail "python3 is needed to generate the corpus"
[ -x /usr/bin/time ] || fail "/usr/bin/time (Debian package 'time') is needed to measure peak RSS"

corpus="$WORK/hostile"
python3 "$SRC/tests/hostile/generate.py" "$corpus"
table="$SRC/tests/hostile/expected.tsv"

# Bounds. A sanitizer build is slower and keeps freed memory in quarantine.
max_seconds=60
max_rss_mb=${HOSTILE_MAX_RSS_MB:-400}
if [ "${DEFUSE_SANITIZED:-0}" == 1 ]; then
  max_seconds=300
  max_rss_mb=${HOSTILE_MAX_RSS_MB:-2000}
fi

# measured LABEL ARGS...: runs `defuse score` and sets status, records (lines on stdout);
# fails on a timeout, a signal or a peak RSS over the bound.
measured() {
  local label=$1
  shift
  set +e
  /usr/bin/time -f "%e %M" -o "$WORK/usage" timeout -k 5 "$max_seconds" \
    "$DEFUSE" score -q --format ndjson "$@" >"$WORK/out" 2>"$WORK/err" </dev/null
  status=$?
  set -e
  records=$(wc -l <"$WORK/out")
  local seconds rss_kb
  read -r seconds rss_kb < <(tail -n 1 "$WORK/usage")
  local rss_mb=$((rss_kb / 1024))
  printf '%-38.38s exit %3s  %7s s  %5s MB\n' "$label" "$status" "$seconds" "$rss_mb"
  [ "$status" -ne 124 ] && [ "$status" -ne 137 ] || fail "$label: no result within $max_seconds s (a hang?)"
  [ "$status" -lt 128 ] || { cat "$WORK/err" >&2; fail "$label: killed by signal $((status - 128))"; }
  [ "$rss_mb" -le "$max_rss_mb" ] || fail "$label: peak RSS $rss_mb MB is over $max_rss_mb MB"
}

# expect_line PATH EXPECTED: stderr holds the expected line with PATH replaced.
expect_line() {
  local line=${2//PATH/$1}
  grep -qxF -- "$line" "$WORK/err" || { cat "$WORK/err" >&2; fail "stderr lacks the line: $line"; }
}

# The table without comments, and only the inputs the generator wrote (unreadable-perm.txt
# exists only when not root, since root reads a mode-000 file anyway).
rows=$(grep -v '^#' "$table" | while IFS=$'\t' read -r name rest; do
  [ -e "$corpus/$name" ] || [ -L "$corpus/$name" ] && printf '%s\t%s\n' "$name" "$rest"
done)

echo "--- each input alone (at most $max_seconds s and $max_rss_mb MB)"
cd "$corpus"
last=""
while IFS=$'\t' read -r name want_status want_records want_line args; do
  if [ "$name|$args" != "$last" ]; then  # rows of one run are adjacent
    last="$name|$args"
    if [ -n "$args" ]; then
      args=${args//\{\}/$name}
      lex=("${LEX[@]}")
      [[ "$args" != *--lexicons* ]] || lex=()  # a hostile lexicon replaces the test's own
      [[ "$args" != BUILTIN* ]] || { lex=(); args=${args#BUILTIN }; }
      # shellcheck disable=SC2086  # the table's arguments are words
      measured "$args" "${lex[@]}" ${args//GOOD/good.txt}
    else
      measured "$name" "${LEX[@]}" "$name"
    fi
    expect_eq "$status" "$want_status" "$name: exit status"
    expect_eq "$records" "$want_records" "$name: transcripts scored"
    # Every message names its input (or is the lexicon summary).
    if grep -v "^$name" "$WORK/err" | grep -v '^defuse: cannot load the lexicons' | grep -q .; then
      cat "$WORK/err" >&2
      fail "$name: a message that does not start with the input's path"
    fi
  fi
  if [ "$want_line" == "-" ]; then
    [ ! -s "$WORK/err" ] || { cat "$WORK/err" >&2; fail "$name: unexpected messages"; }
  else
    expect_line "$name" "$want_line"
  fi
done <<<"$rows"

# The inputs of one batch: the rows that use default options, one per input. A walk skips
# directories, so named-like-a-file.txt is an input only when named.
batch_rows=$(awk -F'\t' '$5 == "" && $1 !~ /^lexicon-/' <<<"$rows")
inputs=$(cut -f1 <<<"$batch_rows" | uniq)
scored() { awk -F'\t' -v skip="$1" '$1 != prev && $1 != skip { n += $3 } { prev = $1 } END { print n }' <<<"$batch_rows"; }

echo "--- every input in one batch, named, between two good transcripts"
# shellcheck disable=SC2086  # the names hold no spaces
measured "batch of $(wc -w <<<"$inputs") inputs" "${LEX[@]}" good.txt $inputs good.txt
expect_eq "$status" 2 "batch: exit status"
expect_eq "$records" "$(($(scored none) + 2))" "batch: transcripts scored"
while IFS=$'\t' read -r name _ _ line; do
  [ "$line" == "-" ] || expect_line "$name" "$line"
done <<<"$batch_rows"

echo "--- every input in one batch, as a directory walk"
cd "$WORK"
measured "walk of $corpus" "${LEX[@]}" "$corpus"
expect_eq "$status" 2 "walk: exit status"
expect_eq "$records" "$(scored named-like-a-file.txt)" "walk: transcripts scored"
while IFS=$'\t' read -r name _ _ line; do
  [ "$line" == "-" ] || [ "$name" == named-like-a-file.txt ] || expect_line "$corpus/$name" "$line"
done <<<"$batch_rows"
echo "hostile_inputs: ok"
