# Helpers for the reliability and privacy tests (hostile_inputs, no_input_lost,
# output_atomic, redaction): they check reading, accounting, output files and masking, not
# what the lexicons match, so they score with a small lexicon of their own (the repository's
# role vocabulary, detection words and five rules) and lexicon work in progress cannot fail
# them. It also keeps a sanitizer build's start-up short.
source "$(dirname "$0")/lib.bash"

mkdir -p "$WORK/lex/en" "$WORK/lex/es" "$WORK/lex/ru"
cp "$SRC/lexicons/roles.yaml" "$WORK/lex/"
printf 'stemmer: english\nnegators: [not]\nfillers: [uh]\ndetect: [the, and, you, is, to, i, my, it]\n' \
  >"$WORK/lex/en/language.yaml"
printf 'stemmer: spanish\nnegators: [no]\nfillers: [este]\ndetect: [el, la, de, que, y, en, me, los]\n' \
  >"$WORK/lex/es/language.yaml"
printf 'stemmer: russian\nnegators: [не]\nfillers: [эээ]\ndetect: [и, в, не, на, я, что]\n' \
  >"$WORK/lex/ru/language.yaml"
cat >"$WORK/lex/en/rules.yaml" <<'YAML'
rules:
  - {id: greet, name: hello, negation: ignore, patterns: ["(hello|hi)"]}
  - {id: apologize, name: sorry, patterns: ["sorry"]}
  - {id: solve, name: fix, patterns: ["(fix|refund|resend) ..."]}
  - {id: close, name: nice-day, negation: ignore, patterns: ["nice day"]}
  - {id: hostility, name: ridiculous, negation: ignore, patterns: ["ridiculous"]}
YAML
# Options for every run: LEX=(--lexicons DIR --no-builtin)
LEX=(--lexicons "$WORK/lex" --no-builtin)
