#!/usr/bin/env bash
# Colour only on a terminal, and never with NO_COLOR: a report piped into a file or a mail
# must be plain text. `script` gives the command a pseudo-terminal.
source "$(dirname "$0")/fixtures/reports/common.sh"

gen batch 20 4 60
"$DEFUSE" score "${LEX[@]}" -q batch > all.ndjson
"$DEFUSE" report -q all.ndjson > piped.txt
lacks piped.txt $'\e['
"$DEFUSE" explain "${LEX[@]}" batch/gen-4-0001.txt > explain.txt
lacks explain.txt $'\e['
has explain.txt "[+ "

if ! command -v script > /dev/null; then echo "SKIP (terminal part): script(1) is not installed"; exit 0; fi
tty_run() { script -qec "$1" /dev/null < /dev/null; }
tty_run "'$DEFUSE' report -q '$work/all.ndjson'" > tty.txt
has tty.txt $'\e['
tty_run "NO_COLOR=1 '$DEFUSE' report -q '$work/all.ndjson'" > nocolor.txt
lacks nocolor.txt $'\e['
has nocolor.txt "TEAM (all agents)"
tty_run "'$DEFUSE' explain ${LEX[*]} '$work/batch/gen-4-0001.txt'" > tty_explain.txt
has tty_explain.txt $'\e['
tty_run "NO_COLOR=1 '$DEFUSE' explain ${LEX[*]} '$work/batch/gen-4-0001.txt'" > nocolor_explain.txt
lacks nocolor_explain.txt $'\e['
# A file written with -o is never coloured, even from a terminal.
tty_run "'$DEFUSE' report -q -o '$work/out.txt' '$work/all.ndjson'" > /dev/null
lacks out.txt $'\e['
echo "report_color: ok"
