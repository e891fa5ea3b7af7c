# Helpers for the formats_*.sh tests, which check what is read (turns, roles, times, ids,
# errors), not what the lexicons match: they score with a minimal lexicon directory (the
# repository's role vocabulary and language-detection words only), so lexicon work in
# progress cannot fail them.
source "$(dirname "$0")/lib.bash"

mkdir -p "$WORK/lex/en" "$WORK/lex/es" "$WORK/lex/ru"
cp "$SRC/lexicons/roles.yaml" "$WORK/lex/"
printf 'stemmer: english\nnegators: [not]\nfillers: [uh]\ndetect: [the, and, you, is, to, i, my, it]\n' \
  >"$WORK/lex/en/language.yaml"
printf 'stemmer: spanish\nnegators: [no]\nfillers: [este]\ndetect: [el, la, de, que, y, en, me, los]\n' \
  >"$WORK/lex/es/language.yaml"
printf 'stemmer: russian\nnegators: [не]\nfillers: [эээ]\ndetect: [и, в, не, на, я, что]\n' \
  >"$WORK/lex/ru/language.yaml"
# Options for every score run: LEX=(--lexicons DIR --no-builtin)
LEX=(--lexicons "$WORK/lex" --no-builtin)

# field FILE ID NAME: the value of "NAME" in the ndjson record whose id is ID
field() { grep -F "{\"id\":\"$2\"" "$1" | grep -o "\"$3\":[^,}]*" | head -1 | cut -d: -f2-; }
