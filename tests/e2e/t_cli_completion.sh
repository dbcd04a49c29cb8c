# The bash completion (tools/sapxep.bash-completion), against the program
# itself: every command and every option each command's --help names is
# offered, every option offered is one the command takes, the forms are
# those of screens/, and --format offers what the command's --help says.
. "$(dirname "$0")/lib.sh"
if ! command -v bash >/dev/null 2>&1; then
	echo "  SKIPPED $TEST_NAME: bash is not installed"
	exit 77
fi
SRC=$(cd "$(dirname "$0")/../.." && pwd)
COMP=${SAPXEP_COMPLETION:-$SRC/tools/sapxep.bash-completion}
cd "$T" || exit 1

# comp WORD...: what <Tab> offers for the last word (one per line, sorted)
comp() {
	bash -c '. "$0" || exit 1
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_sapxep sapxep "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
		printf "%s\n" "${COMPREPLY[@]}"' "$COMP" "$@" | sed '/^$/d' | sort
}
# same FILE FILE DESCRIPTION: the two lists are equal
same() {
	if cmp -s "$1" "$2"; then ok; else
		fail "$3"; diff "$1" "$2" | sed 's/^/    | /' | head -10
	fi
}

bash -c '. "$0"; complete -p sapxep' "$COMP" >"$T/spec" 2>&1
contains "$T/spec" "complete -F _sapxep sapxep"

# the commands: those sapxep --help lists
"$BIN" --lang en --help | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p' | sort >"$T/want"
check "sapxep --help lists commands" test -s "$T/want"
cp "$T/want" "$T/cmds"
comp sapxep "" >"$T/got"
same "$T/got" "$T/want" "the commands offered are those of sapxep --help"
comp sapxep va >"$T/got"
echo validate >"$T/want"
same "$T/got" "$T/want" "'va' completes to validate"

# the options of each command, both ways
for cmd in "" $(cat "$T/cmds"); do
	run=$cmd
	[ "$cmd" = server ] && run="server init"
	# shellcheck disable=SC2086
	# (sapxep --help: not the options the commands' summaries name)
	"$BIN" --lang en $run --help | sed '/^Commands:/,/^$/d' >"$T/help"
	grep -o -- '--[a-z][a-z-]*' "$T/help" | sort -u >"$T/want"
	# shellcheck disable=SC2086
	comp sapxep $cmd -- >"$T/got"
	missing=$(comm -23 "$T/want" "$T/got" | tr '\n' ' ')
	check "sapxep $cmd: --help names options not offered: $missing" test -z "$missing"
	for opt in $(cat "$T/got"); do
		# --opt=x --help: a value is taken and --help still answers; a
		# flag says it takes none, and is asked again without one
		# shellcheck disable=SC2086
		"$BIN" --lang en $run "$opt=x" --help >/dev/null 2>"$T/e"
		if grep -q "doesn't allow an argument" "$T/e"; then
			# shellcheck disable=SC2086
			"$BIN" --lang en $run "$opt" --help >/dev/null 2>"$T/e"
		fi
		if grep -q "unrecognized option" "$T/e"; then
			fail "sapxep $cmd does not take $opt, which is offered"
		else ok; fi
	done
done

# forms: those of screens/
sed -n 's/^form: *//p' "$SRC"/screens/*.yaml | sort >"$T/want"
for cmd in list new set delete resolve import; do
	comp sapxep $cmd "" >"$T/got"
	same "$T/got" "$T/want" "sapxep $cmd offers the forms of screens/"
done
comp sapxep --data "$T" list "" >"$T/got"
same "$T/got" "$T/want" "forms after a global --data DIR"
comp sapxep list --format csv "" >"$T/got"
same "$T/got" "$T/want" "forms after an option's value"
comp sapxep list staff "" >"$T/got"
check "nothing after the form" test ! -s "$T/got"

# --format values: as each command's --help writes them (text|csv|yaml)
for cmd in list quota review report plan; do
	"$BIN" --lang en $cmd --help | grep -o -- '--format [a-z|]*' | head -1 |
		sed 's/--format //' | tr '|' '\n' | sort >"$T/want"
	check "sapxep $cmd --help names its formats" test -s "$T/want"
	comp sapxep $cmd --format "" >"$T/got"
	same "$T/got" "$T/want" "sapxep $cmd --format offers what its --help says"
	comp sapxep $cmd --format = "" >"$T/got"
	same "$T/got" "$T/want" "sapxep $cmd --format=<Tab>"
done

# option values: languages, folders, files
printf 'en\nvi\n' >"$T/want"
comp sapxep --lang "" >"$T/got"
same "$T/got" "$T/want" "--lang offers vi and en"
mkdir -p "$T/xa-my-an" "$T/xa-my-binh"
: >"$T/xa-file"
comp sapxep list staff --data "$T/xa-" >"$T/got"
printf '%s\n' "$T/xa-my-an" "$T/xa-my-binh" >"$T/want"
same "$T/got" "$T/want" "--data offers folders only"
: >"$T/hamlets.csv"
: >"$T/hamlets.txt"
comp sapxep import hamlets "$T/hamlets" >"$T/got"
echo "$T/hamlets.csv" >"$T/want"
same "$T/got" "$T/want" "import offers CSV files"
comp sapxep init --class "" >"$T/got"
printf 'I\nII\nIII\n' >"$T/want"
same "$T/got" "$T/want" "init --class offers I, II and III"
comp sapxep server "" >"$T/got"
echo init >"$T/want"
same "$T/got" "$T/want" "server offers init"
finish
