#!/usr/bin/env bash
# The throughput benchmark of issue 7: defuse against the plain multi-string scanners, on a
# generated corpus of ru/es/en dialogues, with wall time, MB/s, transcripts/s and peak RSS.
#
#   bench/run.sh                 50 and 200 MB (about 8 min on 2 busy cores at today's speed)
#   bench/run.sh --big           also 800 MB (linearity, bounded memory)
#   bench/run.sh --sizes "20"    other sizes in MB; the largest gets the full comparison
#   bench/run.sh --repeat 3      best of 3 runs per row (default 2)
#   bench/run.sh --micro         also run the Google Benchmark stage benchmarks
#   bench/run.sh --expanded      also rg with every expansion of every pattern (very slow)
#
# DEFUSE=path/to/defuse picks the binary (default: build/defuse, then ../build-bench/defuse).
# The corpus goes to bench/corpus/<size>mb (gitignored) and is generated once: the same
# seed gives the same bytes. Prints a table and writes bench/results.md.
# docs/performance.md explains every row.
set -euo pipefail
cd "$(dirname "$0")/.."
invocation="bench/run.sh${*:+ $*}"

sizes="50 200"
repeat=2
micro=0
expanded=0
slice_mb=10
seed=1
while [ $# -gt 0 ]; do
  case "$1" in
    --big) sizes="50 200 800" ;;
    --sizes) sizes="$2"; shift ;;
    --repeat) repeat="$2"; shift ;;
    --micro) micro=1 ;;
    --expanded) expanded=1 ;;
    --seed) seed="$2"; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

# ------------------------------------------------------------------ tools
defuse="${DEFUSE:-}"
if [ -z "$defuse" ]; then
  for candidate in build/defuse ../build-bench/defuse; do
    if [ -x "$candidate" ]; then defuse="$candidate"; break; fi
  done
fi
if [ -z "$defuse" ] || [ ! -x "$defuse" ]; then
  echo "run.sh: no defuse binary; build one (scripts/setup.sh) or set DEFUSE=path" >&2
  exit 2
fi
defuse="$(cd "$(dirname "$defuse")" && pwd)/$(basename "$defuse")"
need=()
[ -x /usr/bin/time ] || need+=(time)
command -v rg >/dev/null || need+=(ripgrep)
if [ ${#need[@]} -gt 0 ]; then
  echo "run.sh: installing ${need[*]}" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
corpus_root="bench/corpus"
mkdir -p "$corpus_root"

# ------------------------------------------------------------------ corpus and phrases
largest=0
smallest=""
for s in $sizes; do
  if [ "$s" -gt "$largest" ]; then largest=$s; fi
  if [ -z "$smallest" ] || [ "$s" -lt "$smallest" ]; then smallest=$s; fi
done
for s in $sizes; do
  dir="$corpus_root/${s}mb"
  if [ ! -f "$dir/.complete-seed$seed" ]; then
    rm -rf "$dir"
    echo "run.sh: generating a ${s} MB corpus in $dir (seed $seed)" >&2
    python3 bench/gen_corpus.py --size "$s" --seed "$seed" --format both --out "$dir"
    touch "$dir/.complete-seed$seed"
  fi
done
python3 bench/phrases.py > "$corpus_root/phrases.txt" 2> "$tmp/phrases.log"
python3 bench/phrases.py --max-expansions 1 > "$corpus_root/phrases-first.txt" 2> "$tmp/phrases1.log"
n_all=$(wc -l < "$corpus_root/phrases.txt")
n_first=$(wc -l < "$corpus_root/phrases-first.txt")

# Bytes and transcripts of a corpus form ("dir" or "ndjson").
bytes_of() {
  if [ "$2" = dir ]; then find "$1/dir" -type f -name '*.txt' -printf '%s\n' | awk '{s+=$1} END {print s+0}'
  else stat -c %s "$1/corpus.ndjson"; fi
}
count_of() { find "$1/dir" -type f -name '*.txt' | wc -l; }
warm() {  # read the input once so every row runs on a warm page cache
  if [ -d "$1" ]; then find "$1" -type f -print0 | xargs -0 cat > /dev/null; else cat "$1" > /dev/null; fi
}

# Does this defuse read NDJSON yet? (The streaming reader is being written.)
printf '%s\n' '{"id":"probe","agent":"A","channel":"chat","lang":"en","turns":[{"speaker":"agent","text":"Hello, how can I help?"},{"speaker":"customer","text":"Hi."}]}' > "$tmp/probe.ndjson"
ndjson=0
if "$defuse" score --format ndjson -q --jobs 1 "$tmp/probe.ndjson" > "$tmp/probe.out" 2>/dev/null &&
   [ "$(wc -l < "$tmp/probe.out")" -eq 1 ] && grep -q '"id":"probe"' "$tmp/probe.out"; then
  ndjson=1
fi

# ------------------------------------------------------------------ measuring
# rows: name|input|bytes|transcripts|seconds|rss_mb|note|cpu_seconds
rows=()
declare -A secs_of

# measure NAME INPUT_LABEL BYTES TRANSCRIPTS OK_STATUS_MAX -- command...
# Best wall time of $repeat runs (peak RSS of that run); stdout goes to /dev/null.
measure() {
  local name=$1 label=$2 bytes=$3 count=$4 okmax=$5; shift 6
  local best="" best_rss=0 best_cpu=0 status note=""
  for ((r = 0; r < repeat; r++)); do
    local t0 t1
    t0=$(date +%s%N)
    status=0
    /usr/bin/time -f '%M %U %S' -o "$tmp/time" "$@" > /dev/null 2> "$tmp/stderr" || status=$?
    t1=$(date +%s%N)
    local ns=$((t1 - t0)) rss cpu
    read -r rss user sys < <(tail -n 1 "$tmp/time")
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}')
    if [ "$status" -gt "$okmax" ]; then
      note="exit $status: $(grep -v '^Command exited' "$tmp/stderr" | tail -n 1 | cut -c1-60)"
    fi
    if [ -z "$best" ] || [ "$ns" -lt "$best" ]; then best=$ns; best_rss=$rss; best_cpu=$cpu; fi
  done
  local seconds
  seconds=$(awk -v n="$best" 'BEGIN {printf "%.3f", n / 1e9}')
  secs_of["$name|$label"]=$seconds
  rows+=("$name|$label|$bytes|$count|$seconds|$(awk -v k="$best_rss" 'BEGIN {printf "%.1f", k / 1024}')|$note|$best_cpu")
  printf '  %-44s %-8s %8.2f s wall %8.2f s CPU\n' "$name" "$label" "$seconds" "$best_cpu" >&2
}

row_of() {  # the comparison row that starts with $1
  local r
  for r in "${rows[@]}"; do
    if [[ "$r" == "$1"* ]]; then echo "$r"; fi
  done
}

# A row computed from a run over a slice, scaled to the full input; marked as such.
extrapolate_row() {
  local name=$1 label=$2 bytes=$3 count=$4 slice_bytes=$5 slice_name=$6
  local s=${secs_of["$slice_name|slice"]}
  local full
  full=$(awk -v s="$s" -v a="$slice_bytes" -v b="$bytes" 'BEGIN {printf "%.3f", s * b / a}')
  local last=${rows[-1]}
  local rss cpu
  rss=$(cut -d'|' -f6 <<< "$last")
  cpu=$(awk -v c="$(cut -d'|' -f8 <<< "$last")" -v a="$slice_bytes" -v b="$bytes" 'BEGIN {printf "%.2f", c * b / a}')
  unset 'rows[-1]'
  rows+=("$name|$label|$bytes|$count|$full|$rss|extrapolated from a $((slice_bytes / 1000000)) MB slice|$cpu")
  secs_of["$name|$label"]=$full
}

big="$corpus_root/${largest}mb"
big_dir_bytes=$(bytes_of "$big" dir)
big_nd_bytes=$(bytes_of "$big" ndjson)
big_count=$(count_of "$big")
echo "run.sh: ${largest} MB corpus: $big_count transcripts, $big_dir_bytes bytes as files, $big_nd_bytes as NDJSON" >&2
warm "$big/dir"; warm "$big/corpus.ndjson"

echo "run.sh: full comparison on the ${largest} MB corpus (best of $repeat)" >&2
measure "defuse score --jobs 1" files "$big_dir_bytes" "$big_count" 0 -- \
  "$defuse" score --format ndjson -q --jobs 1 "$big/dir"
measure "defuse score --jobs 2" files "$big_dir_bytes" "$big_count" 0 -- \
  "$defuse" score --format ndjson -q --jobs 2 "$big/dir"
if [ "$ndjson" = 1 ]; then
  measure "defuse score --jobs 1" ndjson "$big_nd_bytes" "$big_count" 0 -- \
    "$defuse" score --format ndjson -q --jobs 1 "$big/corpus.ndjson"
  measure "defuse score --jobs 2" ndjson "$big_nd_bytes" "$big_count" 0 -- \
    "$defuse" score --format ndjson -q --jobs 2 "$big/corpus.ndjson"
fi
# The scanners run on the files, where a line is a turn, as in the issue's baselines. On
# the NDJSON stream a line is a whole transcript and `-c` stops at its first match, so the
# stream row counts every match instead (--count-matches) to read every byte.
measure "rg -j1 -c -i -F ($n_first phrases)" files "$big_dir_bytes" "$big_count" 1 -- \
  rg -j1 -c -i -F -f "$corpus_root/phrases-first.txt" "$big/dir"
measure "rg -j1 --count-matches -i -F ($n_first phrases)" ndjson "$big_nd_bytes" "$big_count" 1 -- \
  rg -j1 --count-matches -i -F -f "$corpus_root/phrases-first.txt" "$big/corpus.ndjson"
measure "LC_ALL=C grep -r -c -i -F ($n_first phrases)" files "$big_dir_bytes" "$big_count" 1 -- \
  env LC_ALL=C grep -r -c -i -F -f "$corpus_root/phrases-first.txt" "$big/dir"
# The slow ones run on the first files adding up to $slice_mb MB and are scaled up.
find "$big/dir" -type f -name '*.txt' -printf '%s %p\n' | sort -k2 |
  awk -v max=$((slice_mb * 1000000)) '{ if (sum < max) { sum += $1; print $2 } }' > "$tmp/slice.list"
slice_bytes=$(xargs -a "$tmp/slice.list" cat | wc -c)
slice_count=$(wc -l < "$tmp/slice.list")
warm "$big/dir"
slow_row() {  # slow_row NAME -- command... (the file list is appended by xargs)
  local name=$1; shift 2
  measure "$name" slice "$slice_bytes" "$slice_count" 1 -- xargs -a "$tmp/slice.list" "$@"
  extrapolate_row "$name" files "$big_dir_bytes" "$big_count" "$slice_bytes" "$name"
}
slow_row "LC_ALL=C.UTF-8 grep -c -i -F ($n_first phrases)" -- \
  env LC_ALL=C.UTF-8 grep -c -i -F -f "$corpus_root/phrases-first.txt"
if [ "$expanded" = 1 ]; then
  # Every expansion of every pattern: rg's case-insensitive literal set gets so large that
  # it scans at well under 1 MB/s, so this row is opt-in and uses a 1 MB slice.
  slice_mb=1
  find "$big/dir" -type f -name '*.txt' -printf '%s %p\n' | sort -k2 |
    awk -v max=$((slice_mb * 1000000)) '{ if (sum < max) { sum += $1; print $2 } }' > "$tmp/slice.list"
  slice_bytes=$(xargs -a "$tmp/slice.list" cat | wc -c)
  slice_count=$(wc -l < "$tmp/slice.list")
  slow_row "rg -j1 -c -i -F ($n_all phrases: every expansion)" -- \
    rg -j1 -c -i -F -f "$corpus_root/phrases.txt"
fi

# ------------------------------------------------------------------ linearity
echo "run.sh: linearity" >&2
lin_rows=()
for s in $sizes; do
  c="$corpus_root/${s}mb"
  b=$(bytes_of "$c" dir)
  n=$(count_of "$c")
  for j in 1 2; do
    if [ "$s" = "$largest" ]; then
      row=$(row_of "defuse score --jobs $j|files|")
    else
      warm "$c/dir"
      measure "defuse score --jobs $j" "files" "$b" "$n" 0 -- "$defuse" score --format ndjson -q --jobs "$j" "$c/dir"
      row=${rows[-1]}
      unset 'rows[-1]'
    fi
    lin_rows+=("${s} MB|$row")
  done
done

# ------------------------------------------------------------------ start-up
# Loading and compiling the built-in lexicons dominates a run over one tiny transcript.
printf -- '---\nid: s\nlang: en\n---\nAgent: Hello, how can I help?\nCustomer: Hi.\n' > "$tmp/tiny.txt"
for ((i = 0; i < 3; i++)); do "$defuse" score -q --format ndjson --jobs 1 "$tmp/tiny.txt" > /dev/null 2>&1 || true; done
startup_runs=()
startup_cpu=()
for ((i = 0; i < 21; i++)); do
  t0=$(date +%s%N)
  /usr/bin/time -f '%U %S' -o "$tmp/time" "$defuse" score -q --format ndjson --jobs 1 "$tmp/tiny.txt" > /dev/null 2>&1 || true
  t1=$(date +%s%N)
  startup_runs+=($(((t1 - t0) / 1000)))
  startup_cpu+=("$(tail -n 1 "$tmp/time" | awk '{printf "%d", ($1 + $2) * 1000000}')")
done
median_ms() { sort -n | awk '{a[NR] = $1} END {printf "%.1f", a[int((NR + 1) / 2)] / 1000}'; }
startup_ms=$(printf '%s\n' "${startup_runs[@]}" | median_ms)
startup_cpu_ms=$(printf '%s\n' "${startup_cpu[@]}" | median_ms)
/usr/bin/time -f '%M' -o "$tmp/time" "$defuse" score -q --format ndjson --jobs 1 "$tmp/tiny.txt" > /dev/null 2>&1 || true
startup_rss=$(awk '{printf "%.1f", $1 / 1024}' "$tmp/time")
# A team's --lexicons directory (here a copy of the built-in sources): compiled on the first
# run, read back from the cache after that.
lexicon_startup() {  # prints the median wall ms of 5 runs; $1 = "first" empties the cache each time
  local runs=() t0 t1
  for ((i = 0; i < 5; i++)); do
    if [ "$1" = first ]; then rm -rf "$tmp/lexcache"; fi
    t0=$(date +%s%N)
    DEFUSE_CACHE_DIR="$tmp/lexcache" "$defuse" score -q --format ndjson --jobs 1 --no-builtin --lexicons "$PWD/lexicons" \
      "$tmp/tiny.txt" > /dev/null 2>&1 || true
    t1=$(date +%s%N)
    runs+=($(((t1 - t0) / 1000)))
  done
  printf '%s\n' "${runs[@]}" | median_ms
}
dir_first_ms=$(lexicon_startup first)
dir_cached_ms=$(lexicon_startup cached)
hyperfine_line=""
if command -v hyperfine > /dev/null; then
  hyperfine -N --warmup 3 --runs 30 --export-markdown "$tmp/hf.md" \
    "$defuse score -q --format ndjson --jobs 1 $tmp/tiny.txt" > /dev/null 2>&1 || true
  if [ -f "$tmp/hf.md" ]; then hyperfine_line=$(tail -n 1 "$tmp/hf.md"); fi
fi

# ------------------------------------------------------------------ report
mbps() { awk -v b="$1" -v s="$2" 'BEGIN {printf "%.1f", (s > 0 ? b / 1e6 / s : 0)}'; }
tps() { awk -v n="$1" -v s="$2" 'BEGIN {printf "%.0f", (s > 0 ? n / s : 0)}'; }
rg_files=${secs_of["rg -j1 -c -i -F ($n_first phrases)|files"]}
rg_nd=${secs_of["rg -j1 --count-matches -i -F ($n_first phrases)|ndjson"]}

table() {  # markdown table of the comparison rows
  echo "| command | input | MB | wall s | MB/s | transcripts/s | CPU s | MB per CPU-s | peak RSS MB | × rg -j1 | note |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  for r in "${rows[@]}"; do
    IFS='|' read -r name label bytes count secs rss note cpu <<< "$r"
    local ref=$rg_files
    [ "$label" = ndjson ] && ref=$rg_nd
    [ "$label" = slice ] && continue
    ratio=$(awk -v a="$secs" -v b="$ref" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')
    printf '| `%s` | %s | %.0f | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$label" \
      "$(awk -v b="$bytes" 'BEGIN {print b / 1e6}')" "$secs" "$(mbps "$bytes" "$secs")" "$(tps "$count" "$secs")" \
      "$cpu" "$(mbps "$bytes" "$cpu")" "$rss" "$ratio" "$note"
  done
}
linearity() {
  echo "| corpus | command | wall s | MB/s | wall s per 100 MB | CPU s | CPU s per 100 MB | peak RSS MB |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|"
  for r in "${lin_rows[@]}"; do
    IFS='|' read -r size name label bytes count secs rss note cpu <<< "$r"
    printf '| %s | `%s` | %s | %s | %s | %s | %s | %s |\n' "$size" "$name" "$secs" "$(mbps "$bytes" "$secs")" \
      "$(awk -v s="$secs" -v b="$bytes" 'BEGIN {printf "%.2f", s / (b / 1e8)}')" "$cpu" \
      "$(awk -v s="$cpu" -v b="$bytes" 'BEGIN {printf "%.2f", s / (b / 1e8)}')" "$rss"
  done
}
verdict() {  # the issue's targets, checked against this run
  local j1 j2 rss_max=0
  j1=$(row_of "defuse score --jobs 1|files|")
  j2=$(row_of "defuse score --jobs 2|files|")
  local j1_mbps j2_mbps j2_secs j1_cpu_mbps
  j1_mbps=$(mbps "$(cut -d'|' -f3 <<< "$j1")" "$(cut -d'|' -f5 <<< "$j1")")
  j1_cpu_mbps=$(mbps "$(cut -d'|' -f3 <<< "$j1")" "$(cut -d'|' -f8 <<< "$j1")")
  j2_secs=$(cut -d'|' -f5 <<< "$j2")
  j2_mbps=$(mbps "$(cut -d'|' -f3 <<< "$j2")" "$j2_secs")
  for r in "${rows[@]}" "${lin_rows[@]}"; do
    if [[ "$r" != *"defuse score"* ]]; then continue; fi
    v=$(awk -F'|' '{print $(NF-2)}' <<< "$r")
    rss_max=$(awk -v a="$rss_max" -v b="$v" 'BEGIN {print ((b > a) ? b : a)}')
  done
  local ratio
  ratio=$(awk -v a="$j2_secs" -v b="$rg_files" 'BEGIN {printf "%.2f", a / b}')
  ok() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN {print ((op == ">=" && v >= t) || (op == "<=" && v <= t)) ? "yes" : "**no**"}'; }
  echo "| target | measured | met |"
  echo "|---|---:|---|"
  echo "| full analysis, one core ≥ 90 MB/s | $j1_mbps MB/s ($j1_cpu_mbps MB per CPU-second) | $(ok "$j1_mbps" 90 '>=') |"
  echo "| full analysis, \`--jobs 2\` ≥ 140 MB/s | $j2_mbps MB/s | $(ok "$j2_mbps" 140 '>=') |"
  local cpu_ratio
  cpu_ratio=$(awk -v a="$(cut -d'|' -f8 <<< "$j2")" -v b="$(cut -d'|' -f8 <<< "$(row_of "rg -j1 -c -i -F ($n_first phrases)|files|")")" \
    'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')
  echo "| \`--jobs 2\` ≤ 1.25 × \`rg -j1 -c -i -F\` ($n_first phrases, files) | ${ratio} × wall (${cpu_ratio} × in CPU-seconds) | $(ok "$ratio" 1.25 '<=') |"
  echo "| peak RSS ≤ 100 MB (every defuse run) | $rss_max MB | $(ok "$rss_max" 100 '<=') |"
  echo "| start-up < 50 ms | $startup_ms ms wall ($startup_cpu_ms ms CPU) | $(ok "$startup_ms" 50 '<=') |"
}

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git status --porcelain 2>/dev/null | grep -q . && echo " + uncommitted changes" || true)
{
  echo "# defuse benchmark results"
  echo
  echo "Generated by \`$invocation\` on $(date -u +%Y-%m-%d) — $(nproc) cores ($cpu), commit $commit$dirty,"
  echo "$("$defuse" --version 2>/dev/null || echo defuse), $(rg --version | sed -n 1p), $(grep --version | sed -n 1p)."
  echo "Corpus: \`bench/gen_corpus.py --seed $seed --size $largest\` ($big_count transcripts of ru/es/en dialogues;"
  echo "$((big_dir_bytes / 1000000)) MB as files, $((big_nd_bytes / 1000000)) MB as one NDJSON stream)."
  echo "Phrases for the scanners: \`bench/phrases.py\`: $n_first (first expansion of each pattern) and $n_all (every expansion)."
  echo "Wall time is the best of $repeat runs on a warm page cache; MB/s counts the input's own bytes; defuse"
  echo "writes NDJSON to /dev/null. Load average (1, 5, 15 min) at the start: $load_start; at the end:"
  echo "$(cut -d' ' -f1-3 /proc/loadavg). With other work on the machine, wall times are upper bounds and the"
  echo "CPU-seconds columns say what each program itself spent. docs/performance.md explains each row."
  echo
  echo "## Targets (issue 7)"
  echo
  verdict
  echo
  echo "## Throughput on the ${largest} MB corpus"
  echo
  table
  [ "$ndjson" = 1 ] || { echo; echo "NDJSON input: this defuse does not read NDJSON yet, so only the scanners ran on the stream."; }
  echo
  echo "## Linearity (plain-text files)"
  echo
  linearity
  echo
  echo "## Start-up"
  echo
  echo "\`defuse score\` on one 2-turn transcript, median of 21 runs: **$startup_ms ms** wall, $startup_cpu_ms ms CPU (user + sys,"
  echo "GNU time's 10 ms resolution), peak RSS $startup_rss MB. The built-in lexicons are precompiled at build"
  echo "time; reading them is \`BM_EngineLoad\` below. A \`--lexicons DIR\` (a copy of the built-in sources, with"
  echo "\`--no-builtin\`) takes **$dir_first_ms ms** on its first run, when it is compiled, and **$dir_cached_ms ms** after that,"
  echo "when its compiled copy is read back from the cache (\`DEFUSE_CACHE_DIR\`)."
  if [ -n "$hyperfine_line" ]; then echo; echo "hyperfine: $hyperfine_line"; fi
} > "$tmp/results.md"

if [ "$micro" = 1 ]; then
  bench_bin="$(dirname "$defuse")/defuse_bench"
  if [ -x "$bench_bin" ]; then
    echo "run.sh: micro-benchmarks ($bench_bin)" >&2
    DEFUSE_BENCH_CORPUS="$corpus_root/${smallest}mb/dir" "$bench_bin" --benchmark_min_time=0.2 \
      --benchmark_format=console > "$tmp/micro.txt" 2> /dev/null || true
    { echo; echo "## Stage micro-benchmarks (\`defuse_bench\`, 600 transcripts of the ${smallest} MB corpus)"; echo
      echo '```'; cat "$tmp/micro.txt"; echo '```'; } >> "$tmp/results.md"
  else
    echo "run.sh: no $bench_bin (configure with -DDEFUSE_BENCH=ON)" >&2
  fi
fi

cp "$tmp/results.md" bench/results.md
echo >&2
cat bench/results.md
echo >&2
echo "run.sh: written to bench/results.md" >&2
