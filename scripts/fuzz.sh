#!/usr/bin/env bash
# Builds the libFuzzer targets (src/fuzz/*_fuzz.cc) with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer in build-fuzz, and runs each for a fixed time on a seed corpus
# made from examples/, the lexicons and the hostile-input corpus (tests/hostile).
#   scripts/fuzz.sh [SECONDS [TARGET...]]    default: 20 seconds, every target
# New inputs are kept in build-fuzz/corpus/TARGET (the next run starts from them); a crash
# leaves its input in build-fuzz/crashes/TARGET/ and makes the script fail. Replay one with
#   build-fuzz/TARGET build-fuzz/crashes/TARGET/crash-...
# and, once fixed, copy it to src/fuzz/regressions/TARGET/ so that every run replays it.
# Env: DEFUSE_FUZZ_DIR (default build-fuzz), DEFUSE_JOBS (build jobs, default: the cores).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
shift || true
build_dir="${DEFUSE_FUZZ_DIR:-build-fuzz}"
jobs="${DEFUSE_JOBS:-$(nproc)}"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for source in src/fuzz/*_fuzz.cc; do targets+=("$(basename "$source" .cc)"); done
fi
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" -DDEFUSE_FUZZ=ON -DDEFUSE_TESTS=OFF >/dev/null
cmake --build "$build_dir" -j "$jobs" --target "${targets[@]}"

# Seeds: files by the format each target reads; every target also gets the hostile corpus
# (without its large files), which holds a bit of everything.
seeds="$build_dir/seeds"
rm -rf "$seeds"
mkdir -p "$seeds/all" "$seeds/hostile"
python3 tests/hostile/generate.py "$seeds/hostile" --small
find "$seeds/hostile" -type f -size -1M -exec cp {} "$seeds/all/" \; 2>/dev/null || true
seed_files() {  # TARGET -> the files in examples/ and tests/ that suit it
  local pattern
  case "$1" in
    text_reader_fuzz | front_matter_fuzz | redact_fuzz) pattern='.*\.txt' ;;
    json_reader_fuzz | contact_lens_reader_fuzz) pattern='.*\.json' ;;
    ndjson_reader_fuzz) pattern='.*\.\(ndjson\|jsonl\)' ;;
    csv_reader_fuzz) pattern='.*\.\(csv\|tsv\)' ;;
    vtt_reader_fuzz) pattern='.*\.vtt' ;;
    srt_reader_fuzz) pattern='.*\.srt' ;;
    input_fuzz | score_fuzz) pattern='.*\.\(txt\|json\|ndjson\|jsonl\|csv\|tsv\|vtt\|srt\)' ;;
    *) return 0 ;;
  esac
  find examples tests -type f -size -256k -regex "$pattern" 2>/dev/null
}
for target in "${targets[@]}"; do
  mkdir -p "$seeds/$target"
  seed_files "$target" | while read -r f; do cp "$f" "$seeds/$target/$(echo "$f" | tr / _)"; done
done
# The lexicon target reads one byte (which file) and then the file.
if [ -d "$seeds/lexicon_fuzz" ]; then
  i=0
  for f in lexicons/*/*.yaml; do
    case "$(basename "$f")" in language.yaml) k='\001' ;; *) k='\000' ;; esac
    { printf "$k"; cat "$f"; } >"$seeds/lexicon_fuzz/$i.yaml"
    i=$((i + 1))
  done
  { printf '\002'; cat lexicons/roles.yaml; } >"$seeds/lexicon_fuzz/roles.yaml"
  { printf '\003'; cat lexicons/scoring.yaml; } >"$seeds/lexicon_fuzz/scoring.yaml"
fi
# The redactor gets text full of personal data and of numbers that must survive.
if [ -d "$seeds/redact_fuzz" ]; then
  printf '%s\n' "call +7 (916) 123-45-67 or 8 800 555-35-35, mail ivan@mail.ru" \
    "tarjeta 4111 1111 1111 1111, IBAN ES91 2100 0418 4502 0005 1332, DNI 12345678Z, NIE X1234567L" \
    "паспорт 45 03 123456, СНИЛС 112-233-445 95, заказ № 9161234567, 1 250,00 €, 12.05.2024 14:30" \
    >"$seeds/redact_fuzz/pii.txt"
fi

failed=()
for target in "${targets[@]}"; do
  corpus="$build_dir/corpus/$target"
  crashes="$build_dir/crashes/$target"
  mkdir -p "$corpus" "$crashes"
  echo "fuzz: $target for ${seconds}s"
  # src/fuzz/regressions/TARGET holds inputs that once crashed it: each run replays them.
  regressions=()
  [ -d "src/fuzz/regressions/$target" ] && regressions=("src/fuzz/regressions/$target")
  if ! "$build_dir/$target" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -max_len=65536 \
      -print_final_stats=1 -artifact_prefix="$crashes/" "$corpus" "$seeds/$target" "$seeds/all" \
      "${regressions[@]}" >"$build_dir/$target.log" 2>&1; then
    failed+=("$target")
    tail -n 40 "$build_dir/$target.log" >&2
  fi
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$build_dir/$target.log" | tr '\n' ' ' || true
  echo
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]} (inputs in $build_dir/crashes/)" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} targets, ${seconds}s each, no crash"
