#!/usr/bin/env bash
# The man page renders and documents every subcommand and option; an installed defuse
# needs no data files beside it.
source "$(dirname "$0")/lib.bash"
MANWIDTH=100 man -l "$SRC/man/defuse.1" >"$WORK/man.txt" 2>"$WORK/man.err" || fail "man -l"
[ ! -s "$WORK/man.err" ] || { cat "$WORK/man.err"; fail "man page warnings"; }
for cmd in score report compare explain eval "lexicon check" "lexicon test" "lexicon explain" "lexicon stats"; do
  expect_contains "$WORK/man.txt" "$cmd"
done
# Every long option any subcommand accepts appears in the man page.
for cmd in score report compare explain eval "lexicon check" "lexicon test" "lexicon explain" "lexicon stats"; do
  # shellcheck disable=SC2086
  "$DEFUSE" $cmd --help 2>/dev/null | grep -oE -- '--[a-z][a-z-]+' | sort -u
done | sort -u >"$WORK/options"
missing=""
while read -r opt; do grep -qF -- "$opt" "$WORK/man.txt" || missing="$missing $opt"; done <"$WORK/options"
[ -z "$missing" ] || fail "options missing from the man page:$missing"

prefix="$WORK/prefix"
cmake --install "$(dirname "$DEFUSE")" --prefix "$prefix" >/dev/null
[ -f "$prefix/share/man/man1/defuse.1" ] || fail "man page not installed"
(cd / && "$prefix/bin/defuse" score "$SRC/examples/en-good-call.txt" -q >"$WORK/installed.ndjson")
expect_contains "$WORK/installed.ndjson" '"id":"en-good-call"'
echo "man_and_install: ok"
