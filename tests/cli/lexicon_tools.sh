#!/usr/bin/env bash
# Lexicon tooling: the built-in set is valid and its examples pass; a broken directory
# fails at start with file:line, never mid-batch.
source "$(dirname "$0")/lib.bash"
"$DEFUSE" lexicon check >"$WORK/check" 2>&1 || { cat "$WORK/check"; fail "built-in lexicons do not check"; }
"$DEFUSE" lexicon test >"$WORK/test" 2>&1 || { cat "$WORK/test"; fail "built-in rule examples fail"; }
grep -Eq '^[0-9]+ passed, 0 failed, [0-9]+ warnings$' "$WORK/test" || fail "lexicon test summary"

# A look-alike (no_match example) of one anti-pattern that another rule flags is learnt by
# the conduct model as free of every anti-pattern: `lexicon test` warns, with the rule's
# file:line and the rule that flags it, and still passes.
warn="$WORK/warn"
mkdir -p "$warn/en"
cp "$SRC/lexicons/roles.yaml" "$warn/"
printf 'stemmer: english\nnegators: [not]\n' >"$warn/en/language.yaml"
cat >"$warn/en/anti_patterns.yaml" <<'YAML'
rules:
  - id: rudeness
    name: rude-calm-down
    patterns: ["calm down"]
    examples:
      match: ["Calm down, sir."]
      no_match: ["That's your problem, not ours.", "Please take your time."]
  - id: arguing
    name: arguing-your-problem
    patterns: ["your problem"]
    examples:
      match: ["That's your problem."]
YAML
cat >"$warn/en/steps.yaml" <<'YAML'
rules:
  - id: apologize
    name: apology-sorry
    patterns: ["sorry"]
    examples:
      match: ["Sorry, but calm down.", "I'm so sorry."]
YAML
run_defuse "$WORK/out" "$WORK/err" lexicon test "$warn"
expect_eq "$status" 0 "lexicon test with warnings only"
expect_contains "$WORK/out" "$warn/en/anti_patterns.yaml:2: warning: rule 'rude-calm-down' (rudeness): no_match example shows arguing (rule 'arguing-your-problem', $warn/en/anti_patterns.yaml:8)"
expect_contains "$WORK/out" "$warn/en/steps.yaml:2: warning: rule 'apology-sorry' (apologize): match example shows rudeness (rule 'rude-calm-down', $warn/en/anti_patterns.yaml:2)"
expect_contains "$WORK/out" "6 passed, 0 failed, 2 warnings"

bad="$WORK/bad"
mkdir -p "$bad/en"
cp "$SRC/lexicons/roles.yaml" "$bad/"
printf 'stemmer: english\nnegators: [not]\n' >"$bad/en/language.yaml"
cat >"$bad/en/steps.yaml" <<'YAML'
rules:
  - id: greet
    patterns: [hello]
  - id: grete
    patterns: [hi]
  - id: close
    patterns: ["(bye"]
  - id: apologize
    patterns: []
  - id: solve
    reaction: true
    patterns: [thanks for fixing it]
  - id: empathize
    patterns: [i understand]
    examples:
      match: ["I understand."]
    examples:
      match: ["I understand how you feel."]
YAML
run_defuse "$WORK/out" "$WORK/err" lexicon check "$bad"
expect_eq "$status" 2 "lexicon check on a broken directory"
expect_contains "$WORK/err" "$bad/en/steps.yaml:4: unknown ID 'grete'"
expect_contains "$WORK/err" "$bad/en/steps.yaml:7: pattern '(bye': unclosed '('"
expect_contains "$WORK/err" "$bad/en/steps.yaml:8: rule 'apologize' has no patterns"
# A reaction is the customer's answer to an agent-side anti-pattern, not a step.
expect_contains "$WORK/err" "$bad/en/steps.yaml:10: rule 'solve': a reaction is the customer's answer to an agent-side anti-pattern"
# A key written twice (examples pasted under the wrong rule): YAML keeps one, silently.
expect_contains "$WORK/err" "$bad/en/steps.yaml:17: duplicate key 'examples' (first at line 15): only the first is read"
printf 'rules:\n  - id: greet\n    patterns: [hello]\nrules:\n  - id: close\n    patterns: [bye]\n' >"$bad/en/two_lists.yaml"
run_defuse "$WORK/out" "$WORK/err" lexicon check "$bad"
expect_contains "$WORK/err" "$bad/en/two_lists.yaml:4: duplicate key 'rules' (first at line 1): only the first is read"
rm "$bad/en/two_lists.yaml"
# score refuses to start with a broken lexicon, before reading any input.
run_defuse "$WORK/out" "$WORK/err" score --lexicons "$bad" --no-builtin "$SRC/examples"
expect_eq "$status" 2 "score with a broken lexicon"
expect_eq "$(wc -c <"$WORK/out")" 0 "no output with a broken lexicon"

# A team's directory over the built-in set: a new rule is used.
team="$WORK/team"
mkdir -p "$team/en"
cat >"$team/en/house.yaml" <<'YAML'
rules:
  - id: close
    name: house-close
    position: end
    patterns: [have a splendid day]
YAML
printf 'Agent: hi\nCustomer: ok\nAgent: Have a splendid day!\n' >"$WORK/t.txt"
"$DEFUSE" score "$WORK/t.txt" --lexicons "$team" -q >"$WORK/team.ndjson"
expect_contains "$WORK/team.ndjson" '"rule":"en/house-close"'

"$DEFUSE" lexicon explain "I'm so sorry, I don't understand" --lang en >"$WORK/explain"
expect_contains "$WORK/explain" "HIT    apologize"
expect_contains "$WORK/explain" "NEGATOR"
# A customer's reaction is shown as one, for the agent's answer before it.
"$DEFUSE" lexicon explain "Are you calling me a liar?" --lang en --speaker customer >"$WORK/explain"
expect_contains "$WORK/explain" "HIT    accusing_dishonesty"
expect_contains "$WORK/explain" "a reaction: counts for the agent's answer before it"
echo "lexicon_tools: ok"
