#!/usr/bin/env bash
# CSV exports: rows grouped by conversation id in first-appearance order, column names
# guessed or mapped, Excel quirks (BOM, ';', sep=), TSV, a pipe, and bad rows reported as
# path:line while the rest is scored.
source "$(dirname "$0")/formats_lib.bash"

ex="$SRC/examples/formats"
run_defuse "$WORK/out" "$WORK/err" score "${LEX[@]}" --format ndjson "$ex/tickets.csv" "$ex/tickets-es.csv"
expect_eq "$status" 0 "exit status"
expect_eq "$(grep -o '^{"id":"[^"]*"' "$WORK/out" | cut -c2- | tr '\n' ' ')" \
  '"id":"en-ticket-7731" "id":"en-ticket-7740" "id":"es-ticket-301" ' "conversations in first-appearance order"
expect_eq "$(field "$WORK/out" en-ticket-7731 source)" "\"$ex/tickets.csv:2\"" "source is the first row"
expect_eq "$(field "$WORK/out" en-ticket-7731 turns)" 4 "rows of a conversation, not consecutive"
expect_eq "$(field "$WORK/out" en-ticket-7731 agent)" '"Olivia"' "agent column"
expect_eq "$(field "$WORK/out" en-ticket-7731 first_response_s)" 6292 "first response from created_at"
expect_eq "$(field "$WORK/out" es-ticket-301 agent_turns)" 2 "Spanish ';' export with a BOM"
expect_eq "$(field "$WORK/out" es-ticket-301 first_response_s)" 1500 "dd/mm/yyyy times"

# The same rows through a pipe (read once into a temporary file) give the same result.
cat "$ex/tickets.csv" | "$DEFUSE" score "${LEX[@]}" - --format ndjson -q >"$WORK/pipe.out"
expect_eq "$(grep -c '"turns":' "$WORK/pipe.out")" 2 "records from a pipe"
expect_eq "$(field "$WORK/pipe.out" en-ticket-7731 source)" '"-:2"' "stdin source"

# A CRM export whose columns defuse cannot guess: the mapping file names them.
cat >"$WORK/crm.csv" <<'EOF'
Case Number,Sent,Inbound,Agent,Message Body
C-1,2026-11-03T10:00:00Z,True,,"My card was charged twice for order 5521."
C-2,2026-11-03T10:01:00Z,True,,"Hello? Anyone?"
C-1,2026-11-03T10:04:00Z,False,Ines,"I'm sorry about that. I've refunded the duplicate charge; it will show in 3 days."
C-2,2026-11-03T10:05:00Z,bot,,"An agent will be with you shortly."
C-2,2026-11-03T10:09:30Z,False,Ines,"Hi, I'm Ines. How can I help?"
EOF
run_defuse "$WORK/out" "$WORK/err" score "${LEX[@]}" --format ndjson "$WORK/crm.csv"
expect_eq "$status" 2 "unmapped columns"
expect_contains "$WORK/err" "$WORK/crm.csv:1: no text column among: Case Number, Sent, Inbound, Agent, Message Body"
run_defuse "$WORK/out" "$WORK/err" score "${LEX[@]}" --format ndjson --mapping "$ex/mapping.yaml" "$WORK/crm.csv"
expect_eq "$status" 0 "mapped columns"
expect_eq "$(field "$WORK/out" C-1 agent_turns)" 1 "role values True/False"
expect_eq "$(field "$WORK/out" C-2 turns)" 3 "a bot turn is kept as other"
expect_eq "$(field "$WORK/out" C-2 first_response_s)" 510 "first response skips the bot"

# Bad rows: reported at their line, skipped; the rest of the file is scored.
printf 'conversation_id\ttimestamp\tspeaker\ttext\nA\t14:00\tcustomer\tMy router is dead\nA\tnoon\tagent\tHello\nA\t14:02\tagent\tSorry, sending a new one today\tEXTRA\nA\t14:03\tagent\tSorry, a new router ships today\n' >"$WORK/chat.tsv"
run_defuse "$WORK/out" "$WORK/err" score "${LEX[@]}" --format ndjson "$WORK/chat.tsv"
expect_eq "$status" 2 "exit status with bad rows"
expect_contains "$WORK/err" "$WORK/chat.tsv:3: cannot read the time 'noon'"
expect_contains "$WORK/err" "$WORK/chat.tsv:4: row has 5 fields, the header has 4"
expect_eq "$(field "$WORK/out" A turns)" 2 "good rows of the conversation"
expect_eq "$(field "$WORK/out" A first_response_s)" 180 "timing from the good rows"

# A broken mapping file stops the run before anything is read.
printf 'columns:\n  body: text\n' >"$WORK/bad.yaml"
run_defuse "$WORK/out" "$WORK/err" score "${LEX[@]}" --mapping "$WORK/bad.yaml" "$ex/tickets.csv"
expect_eq "$status" 2 "bad mapping"
expect_contains "$WORK/err" "$WORK/bad.yaml:2: unknown column field 'body'"
expect_eq "$(wc -c <"$WORK/out")" 0 "nothing scored with a bad mapping"
echo "formats_csv: ok"
