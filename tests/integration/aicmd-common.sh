#!/bin/sh
# SPDX-License-Identifier: MIT
# What every AI code command shares, checked for each of generate, explain, fix, refactor,
# docs, test, review and analyze --ai against the fake server: the routing task of its own
# name, --model, --json and standard input with -.
. "$AURELIS_SRCDIR/tests/integration/aicmdlib.sh"

command -v git >/dev/null 2>&1 || { echo "1..0 # SKIP git is not installed"; exit 0; }

# A distinct model for every task, so a request names the route it took.
ROUTES="generate=microsoft/phi-4 explain=meta/llama-3.3-70b-instruct fix=openai/gpt-4o
refactor=openai/gpt-4o-mini docs=openai/gpt-4.1-nano test=mistral-ai/codestral-2501
review=openai/gpt-4.1 analyze=openai/gpt-4.1-mini"
{
	printf 'request:\n  backoff_base_ms: 20\n  backoff_max_ms: 100\n  stall_timeout: 10\n'
	printf 'models:\n  limits:\n'
	for m in microsoft/phi-4 meta/llama-3.3-70b-instruct openai/gpt-4o openai/gpt-4o-mini \
		openai/gpt-4.1-nano mistral-ai/codestral-2501 openai/gpt-4.1 openai/gpt-4.1-mini; do
		printf '    %s:\n      rpm: 100000\n      per_day: 100000\n      concurrency: 16\n' "$m"
	done
	printf '  routes:\n'
	for r in $ROUTES; do printf '    %s: %s\n' "${r%%=*}" "${r#*=}"; done
} >"$CFG"

git init -q .
git config user.email test@example.com
git config user.name Test
printf 'def add(a, b):\n    return a + b\n' >calc.py
git add calc.py
git commit -qm one
printf 'def add(a, b):\n    return a - b\n' >calc.py
git diff | sed "s/calc\.py/piped.py/g" >change.diff
cp calc.py calc.orig

CODE='Here it is.

```python
def add(a, b):
    """Add."""
    return a + b
```'
EDIT='calc.py
<<<<<<< SEARCH
    return a - b
=======
    return a + b
>>>>>>> REPLACE'
FINDINGS='{"findings":[{"rule":"wrong-op","severity":"error","category":"correctness","line":2,"message":"subtracts in add","file":"calc.py"}]}'

# answer_for CMD: the answer each command's parser expects.
answer_for() {
	case $1 in
	generate | test) say "$CODE" ;;
	fix | refactor) say "$EDIT" ;;
	review-json | analyze) say "$FINDINGS" ;;
	*) say '## About

It adds.' ;;
	esac
}

# argv_for CMD INPUT: the command line for CMD on INPUT (a file, or - for standard input).
argv_for() {
	case $1 in
	generate) echo "generate $2 -o -" ;;
	test) echo "test $2 -o - --lang python" ;;
	review) echo "review $([ "$2" = - ] && echo -)" ;;
	analyze) echo "analyze --ai --fail-on never $2 --lang python" ;;
	*) echo "$1 $2 --lang python" ;;
	esac
}

# input_for CMD INPUT: what goes to standard input.
input_for() {
	if [ "$2" != - ]; then echo /dev/null
	elif [ "$1" = review ]; then echo change.diff
	elif [ "$1" = generate ]; then echo "$TMPROOT/desc.txt"
	else echo calc.py
	fi
}
printf 'an add function from standard input\n' >"$TMPROOT/desc.txt"

for r in $ROUTES; do
	cmd=${r%%=*}
	model=${r#*=}
	file=calc.py
	[ "$cmd" = generate ] && file=an_add_function
	# the routing task of its own name
	answer_for "$cmd"
	run "$AURELIS" $(argv_for "$cmd" "$file") <"$(input_for "$cmd" "$file")"
	check_rc 0 "$cmd exits 0"
	check_eq "$(sent 'r["body"]["model"]')" "$model" "$cmd asks the $cmd route ($model)"
	# --model puts another model first
	[ "$cmd" = refactor ] && other=openai/gpt-4o || other=openai/gpt-4o-mini
	answer_for "$cmd"
	run "$AURELIS" --model "$other" $(argv_for "$cmd" "$file") <"$(input_for "$cmd" "$file")"
	check_eq "$(sent 'r["body"]["model"]')/$RC" "$other/0" "$cmd --model $other asks that model"
	# standard input with -
	answer_for "$cmd"
	run "$AURELIS" $(argv_for "$cmd" -) <"$(input_for "$cmd" -)"
	check_rc 0 "$cmd - exits 0"
	case $cmd in
	generate) needle="an add function from standard input" ;;
	review) needle="+++ b/piped.py" ;;
	*) needle="return a - b" ;;
	esac
	check "$cmd - sends what came on standard input" test "$(sent "$(printf '%s' "$needle" | "$PYTHON3" -c 'import json,sys; print(json.dumps(sys.stdin.read()))') in u")" = True
	# --json: one JSON document on stdout, naming the model
	[ "$cmd" = review ] && answer_for review-json || answer_for "$cmd"
	run "$AURELIS" --json $(argv_for "$cmd" "$file") </dev/null
	check_eq "$RC/$(printf %s "$OUT" | "$PYTHON3" -c 'import json,sys
d = json.load(sys.stdin)
print(d.get("model") or ("findings" in d and "report"))' 2>&1)" \
		"0/$([ "$cmd" = analyze ] && echo report || echo "$model")" "$cmd --json prints one JSON document"
	check "$cmd leaves the file alone" cmp -s calc.py calc.orig
done

done_testing
