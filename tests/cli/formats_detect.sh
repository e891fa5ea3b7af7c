#!/usr/bin/env bash
# The format is detected from the content, not the extension; what cannot be recognized says
# which formats were tried; --input-format overrides detection.
source "$(dirname "$0")/formats_lib.bash"

ex="$SRC/examples/formats"
d="$WORK/misnamed"
mkdir -p "$d"
# Every example under a .txt name (directories are read by extension, then by content).
for f in conversation.json conversations.ndjson contact-lens.json pca.json tickets.csv tickets-es.csv \
         en-fmt-call.vtt ru-fmt-call.srt; do
  cp "$ex/$f" "$d/${f%.*}.txt"
done
cp "$SRC/examples/en-good-call.txt" "$d/"
run_defuse "$WORK/out" "$WORK/err" score "${LEX[@]}" --format ndjson "$d"
expect_eq "$status" 0 "exit status"
expect_eq "$(wc -l <"$WORK/out")" 12 "every conversation of every misnamed file"
for id in en-fmt-json-chat en-fmt-ndjson es-fmt-ndjson ru-fmt-ndjson en-fmt-contact-lens en-fmt-pca \
          en-ticket-7731 en-ticket-7740 es-ticket-301 en-fmt-call ru-fmt-call en-good-call; do
  grep -q "^{\"id\":\"$id\"" "$WORK/out" || fail "$id not read"
done

# Not a transcript in any known format: say what was tried.
printf '# Shopping list\n\n- milk\n- eggs\n' >"$WORK/notes.md"
run_defuse "$WORK/out" "$WORK/err" score "${LEX[@]}" "$WORK/notes.md"
expect_eq "$status" 2 "unrecognized format"
expect_contains "$WORK/err" \
  "$WORK/notes.md:1: unrecognized format (tried: text, json, ndjson, csv, vtt, srt, contact-lens); name it with --input-format"

# --input-format wins over detection.
run_defuse "$WORK/out" "$WORK/err" score "${LEX[@]}" --input-format ndjson "$SRC/examples/en-good-call.txt"
expect_eq "$status" 2 "plain text forced to ndjson"
expect_contains "$WORK/err" "en-good-call.txt:1: invalid JSON"
run_defuse "$WORK/out" "$WORK/err" score "${LEX[@]}" --input-format csv --format ndjson "$d/tickets.txt"
expect_eq "$status" 0 "forced csv"
expect_eq "$(wc -l <"$WORK/out")" 2 "forced csv records"

# Binary and compressed input is refused whatever the format.
gzip -c "$ex/conversations.ndjson" >"$WORK/day.ndjson"
run_defuse "$WORK/out" "$WORK/err" score "${LEX[@]}" "$WORK/day.ndjson"
expect_contains "$WORK/err" "$WORK/day.ndjson:1: not a transcript: gzip-compressed"
echo "formats_detect: ok"
