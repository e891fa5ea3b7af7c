#!/usr/bin/env bash
# The HTML pages of report, compare and explain, rendered in headless Chromium: each must load
# with no console errors (a script error or a blocked network request would log one) and show
# the agents; screenshots are kept as test artefacts in $SRC/build-artifacts.
source "$(dirname "$0")/fixtures/reports/common.sh"
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "SKIP: chromium is not installed (scripts/setup.sh installs Debian's chromium package)"
  exit 0
fi
artifacts="$SRC/build-artifacts"
mkdir -p "$artifacts"

gen before 150 51 55 2026-10 "Alice Bob Carmen Dmitri"
gen after 150 52 80 2026-12 "Alice Bob Carmen <Eve&Co>"  # a name that needs escaping
"$DEFUSE" report "${LEX[@]}" -q -f html before after > report.html
"$DEFUSE" compare "${LEX[@]}" -q -f html before after > compare.html
"$DEFUSE" explain "${LEX[@]}" -f html before/gen-51-0007.txt > explain.html

render() {  # render PAGE WIDTH HEIGHT: DOM to PAGE.dom, console to PAGE.log, screenshot
  local page=$1 profile
  profile=$(mktemp -d)
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$profile" --enable-logging=stderr --v=0 \
    --window-size="$2,$3" --virtual-time-budget=2000 --dump-dom "file://$work/$page.html" > "$page.dom" 2> "$page.log"
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$profile" --enable-logging=stderr --v=0 \
    --window-size="$2,$3" --screenshot="$artifacts/$page.png" "file://$work/$page.html" >> "$page.log" 2>&1
  rm -rf "$profile"
  # Page messages are logged as CONSOLE lines; Chromium's own noise (D-Bus, GPU) is not.
  if grep -F "CONSOLE" "$page.log" > "$page.console"; then cat "$page.console" >&2; fail "$page.html logged console messages"; fi
  [ -s "$artifacts/$page.png" ] || fail "no screenshot for $page.html"
  echo "screenshot: $artifacts/$page.png"
}

render report 1400 2600
for name in Alice Bob Carmen Dmitri; do has report.dom ">$name</a>"; done
has report.dom "&lt;Eve&amp;Co&gt;"
lacks report.dom "<Eve&Co>"
has report.dom "Lowest-scoring conversations"
has report.dom "<svg"
# The sort script ran without errors; the table is there with its team line.
has report.dom 'id="agent-table"'
has report.dom "Team (all agents)"

render compare 1400 1400
has compare.dom "Team (all agents)"
has compare.dom "Dmitri: before only"
has compare.dom "after only"

render explain 1100 1800
has explain.dom 'id="turn-1"'
has explain.dom "Score breakdown"
echo "report_html_chromium: ok"
