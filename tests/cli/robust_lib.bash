# Helpers for the reliability and privacy tests (hostile_inputs, no_input_lost,
# output_atomic, redaction): they check reading, accounting, output files and masking, not
# what the lexicons match, so they score with a small lexicon of their own (the repository's
# role vocabulary, detection words and five rules) and lexicon work in progress cannot fail
# them. It also keeps a sanitizer build's start-up short.
# The minimal lexicon directory of the formats tests (roles, detection words; sets LEX),
# plus five rules of its own.
source "$(dirname "$0")/formats_lib.bash"

cat >"$WORK/lex/en/rules.yaml" <<'YAML'
rules:
  - {id: greet, name: hello, negation: ignore, patterns: ["(hello|hi)"]}
  - {id: apologize, name: sorry, patterns: ["sorry"]}
  - {id: solve, name: fix, patterns: ["(fix|refund|resend) ..."]}
  - {id: close, name: nice-day, negation: ignore, patterns: ["nice day"]}
  - {id: hostility, name: ridiculous, negation: ignore, patterns: ["ridiculous"]}
YAML
