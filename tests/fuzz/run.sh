#!/bin/sh
# Run the fuzzers for a bounded time each; exit 1 on any finding.
#
#   run.sh BUILD_DIR SECONDS [FUZZER...]      (default: fuzz_api fuzz_shell)
#
# BUILD_DIR is a build configured with -Dfuzz=true by clang (make fuzz does
# it).  Each fuzzer keeps its corpus in BUILD_DIR/fuzz-corpus/NAME, starts
# from seeds made from the tests (BUILD_DIR/fuzz-seeds/NAME), and writes
# what it finds to BUILD_DIR/fuzz-findings/NAME-*; its log is
# BUILD_DIR/fuzz-NAME.log.  See docs/fuzzing.md.
set -u
src=$(cd "$(dirname "$0")" && pwd)
build=$1
secs=$2
shift 2
[ $# -gt 0 ] || set -- fuzz_api fuzz_shell
status=0
for f in "$@"; do
	corpus=$build/fuzz-corpus/$f
	seeds=$build/fuzz-seeds/$f
	findings=$build/fuzz-findings
	log=$build/fuzz-$f.log
	mkdir -p "$corpus" "$seeds" "$findings"
	case $f in
	fuzz_api)
		python3 "$src/gen_api_seeds.py" "$seeds"
		# the harness's own FINDING lines go to stderr: keep it
		opts="-max_len=1024 -close_fd_mask=1" ;;
	fuzz_shell)
		cp "$src"/../golden/*.cmd "$seeds"/
		opts="-max_len=2048 -close_fd_mask=3" ;;
	esac
	# $opts is split into words on purpose.  -entropic=0: libFuzzer's
	# entropic schedule cost 40% of the time with this many features per
	# input, for no more coverage per input (docs/fuzzing.md).
	"$build/tests/fuzz/$f" -max_total_time="$secs" -dict="$src/$f.dict" \
		-entropic=0 \
		-artifact_prefix="$findings/$f-" -print_final_stats=1 $opts \
		"$corpus" "$seeds" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	cov=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | sed 's/.*cov: \([0-9]*\) ft: \([0-9]*\).*/\1 edges, \2 features/')
	echo "$f: ${secs}s, ${runs:-?} inputs, ${rate:-?}/s, ${cov:-?}"
	if [ $rc -ne 0 ]; then
		status=1
		echo "$f: FINDING (exit $rc); the input is in $findings/, log $log:"
		grep -E 'FINDING|ERROR|SUMMARY|Test unit written' "$log" | head -20
		# the first report's stack, so that CI's output alone says where
		# (the input itself stays on the CI machine)
		awk '/^==[0-9]+== ?ERROR|^(Direct|Indirect) leak of|^[A-Za-z]*Sanitizer|runtime error/ { n = 1 }
		     n && n <= 40 { print; n++ }' "$log" | head -40
	fi
done
exit $status
