#!/usr/bin/env bash
# Sharding is a first-class way to run defuse beyond one machine: per-transcript records
# are independent, so a batch split into shards, scored anywhere and merged must give the
# same records and the same report as one run. This runs the README's GNU parallel recipes
# for real (locally; `-S :` is parallel's "this machine" login, the code path --sshlogin
# takes) and compares:
#   1. the union of the shard records equals one run's records, as a set of lines;
#   2. `defuse report shard_*.ndjson` equals `defuse report all.ndjson` byte for byte, also
#      with the shards given in another order (shards finish in any order);
#   3. the NDJSON stream recipe (`parallel --pipe ... defuse score -`, the shape of Spark's
#      RDD.pipe and Hadoop Streaming) gives the same records except `source`.
# Each part says whether it ran; a part that cannot run on this defuse says why.
set -euo pipefail
: "${DEFUSE:?set DEFUSE to the defuse binary}"
SRC="${SRC:-$(cd "$(dirname "$0")/../.." && pwd)}"
command -v parallel > /dev/null || { echo "FAIL: GNU parallel is not installed (scripts/setup.sh installs it)"; exit 1; }
command -v python3 > /dev/null || { echo "FAIL: python3 is needed to generate the corpus"; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
fail=0
check() {  # check NAME FILE_A FILE_B: byte-for-byte equality, with a diff on failure
  if cmp -s "$2" "$3"; then echo "ok: $1"
  else echo "FAIL: $1"; diff <(head -c 3000 "$2") <(head -c 3000 "$3") | head -n 20 || true; fail=1; fi
}

# ~300 transcripts of all three languages, as files and as one NDJSON stream.
python3 "$SRC/bench/gen_corpus.py" --count 300 --seed 7 --format both --out corpus 2> /dev/null
find corpus/dir -name '*.txt' | sort > files.txt
[ "$(wc -l < files.txt)" -eq 300 ] || { echo "FAIL: generator wrote $(wc -l < files.txt) files"; exit 1; }

# One run over everything: the reference.
"$DEFUSE" score --format ndjson -q --jobs 2 corpus/dir > all.ndjson
[ "$(wc -l < all.ndjson)" -eq 300 ] || { echo "FAIL: one run gave $(wc -l < all.ndjson) records"; exit 1; }

# Recipe 1: shard the file list, 50 names per job, two jobs at a time.
mkdir shards
parallel -j2 --pipe -N50 "xargs '$DEFUSE' score --format ndjson -q --jobs 1 > shards/shard_{#}.ndjson" < files.txt
shard_count=$(ls shards | wc -l)
echo "ran: file-list recipe, $shard_count shards"
[ "$shard_count" -ge 2 ] || { echo "FAIL: expected several shards, got $shard_count"; fail=1; }

# Part 1: the same records, whatever the shard boundaries. Every record names its source
# file, so a lost, duplicated or altered record shows up here.
cat shards/shard_*.ndjson | sort > union.sorted
sort all.ndjson > all.sorted
check "shard records == one run's records (as a set, $(wc -l < union.sorted) lines)" all.sorted union.sorted

# Recipe 1 again through --sshlogin (":" is the local machine, so no ssh is needed here).
mkdir shards_ssh
parallel -S 2/: -j2 --pipe -N75 "xargs '$DEFUSE' score --format ndjson -q --jobs 1 > $work/shards_ssh/shard_{#}.ndjson" < files.txt
cat shards_ssh/shard_*.ndjson | sort > union_ssh.sorted
echo "ran: file-list recipe through --sshlogin :"
check "--sshlogin shard records == one run's records" all.sorted union_ssh.sorted

# Part 2: the report over the shards equals the report over one run.
if "$DEFUSE" report --help > /dev/null 2>&1; then
  echo "ran: report comparison (defuse report is available)"
  "$DEFUSE" report --format json -q all.ndjson > report_all.json
  "$DEFUSE" report --format json -q shards/shard_*.ndjson > report_shards.json
  check "report over shards == report over one run" report_all.json report_shards.json
  # Shards arrive in any order: the report must not depend on it.
  "$DEFUSE" report --format json -q $(ls shards/shard_*.ndjson | sort -r) > report_reversed.json
  check "report over shards in reverse order == report over one run" report_all.json report_reversed.json
else
  echo "not run: report comparison ('$DEFUSE report --help' failed: no report command in this build)"
fi

# Part 3: the stream recipe. Chunks of NDJSON records go to `defuse score -` on stdin, as
# Spark's RDD.pipe and Hadoop Streaming do; --keep-order keeps the input order.
probe='{"id":"probe","agent":"A","channel":"chat","lang":"en","turns":[{"speaker":"agent","text":"Hello"}]}'
if printf '%s\n' "$probe" | "$DEFUSE" score --format ndjson -q --jobs 1 - 2> /dev/null | grep -q '"id":"probe"'; then
  echo "ran: NDJSON stream recipe (parallel --pipe --keep-order ... defuse score -)"
  "$DEFUSE" score --format ndjson -q --jobs 2 corpus/corpus.ndjson > stream_all.ndjson
  parallel -j2 --pipe -N40 --keep-order "'$DEFUSE' score --format ndjson -q --jobs 1 -" \
    < corpus/corpus.ndjson > stream_piped.ndjson
  # `source` names the input and line ("corpus.ndjson:17" vs "-:17" of a chunk): drop it.
  strip_source() { python3 -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    r.pop("source", None)
    print(json.dumps(r, ensure_ascii=False, sort_keys=True))' < "$1"; }
  strip_source stream_all.ndjson > stream_all.cmp
  strip_source stream_piped.ndjson > stream_piped.cmp
  [ "$(wc -l < stream_all.cmp)" -eq 300 ] || { echo "FAIL: NDJSON run gave $(wc -l < stream_all.cmp) records"; fail=1; }
  check "piped NDJSON chunks == one run over the stream (in order, source aside)" stream_all.cmp stream_piped.cmp
else
  echo "not run: NDJSON stream recipe (this defuse does not read NDJSON from stdin)"
fi

if [ "$fail" -ne 0 ]; then echo "shards_parallel: FAILED"; exit 1; fi
echo "shards_parallel: all parts that ran passed"
