#!/usr/bin/env bash
# What a shell user expects of any command: --version, --help, honest usage errors.
source "$(dirname "$0")/lib.bash"

"$DEFUSE" --version | grep -Eq '^defuse [0-9]+\.[0-9]+\.[0-9]+$' || fail "--version"
"$DEFUSE" --help >"$WORK/help"
for cmd in score report compare explain eval lexicon; do expect_contains "$WORK/help" "$cmd"; done
"$DEFUSE" score --help >"$WORK/score_help"
for opt in --format --output --fail-under --jobs --lang --lexicons --no-builtin --quiet --input-format --no-redact; do
  expect_contains "$WORK/score_help" "$opt"
done

run_defuse "$WORK/out" "$WORK/err"                      # no subcommand
expect_eq "$status" 2 "exit status without a subcommand"
run_defuse "$WORK/out" "$WORK/err" score --format xml "$SRC/examples"
expect_eq "$status" 2 "exit status of a bad --format"
run_defuse "$WORK/out" "$WORK/err" score                # no path
expect_eq "$status" 2 "exit status without paths"
echo "basics: ok"
