#!/usr/bin/env bash
# make fuzz: builds the libFuzzer targets in Fuzz/ with address sanitizer and runs each
# for FUZZ_SECONDS (default 600) from a seed corpus of SampleData, the test fixtures and
# the real examples (../shared/real-examples or $CTDNA_SHARED_EXAMPLES, when present),
# FUZZ_JOBS targets at a time (default: the number of cores); FUZZ_TARGETS picks some of them.
# Findings land in .build-fuzz/crashes/<target>/; copy each into
# Tests/Fixtures/fuzz-regressions/ so the test suite replays it.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-600}
jobs=${FUZZ_JOBS:-$(nproc)}
# -sanitize-coverage is explicit: swiftc does not imply it from -sanitize=fuzzer here.
(cd Fuzz && swift build -c debug --sanitize=fuzzer --sanitize=address \
   -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table --build-path ../.build-fuzz)
bin=.build-fuzz/debug
real=${CTDNA_SHARED_EXAMPLES:-../shared/real-examples}  # not in the repository: not ours to redistribute
roots=(SampleData Tests/Fixtures)
if [ -d "$real" ]; then roots+=("$real"); fi
seed() {  # target, then find patterns
  local target=$1; shift
  local dir=.build-fuzz/corpus/$target
  mkdir -p "$dir"
  find "${roots[@]}" -type f \( "$@" \) 2>/dev/null | while read -r f; do cp -f "$f" "$dir/$(echo "$f" | tr '/' '_')"; done
}
seed FuzzCtDNAXML -name '*.xml' -path '*ctdna*'
seed FuzzFHIRXML -name '*fhir*.xml' -o -name '*.xml' -path '*hl7*'
seed FuzzFHIRJSON -name '*.json'
seed FuzzFoundationOne -name '*foundation*' -o -name 'sample.xml' -o -name '*f1*.xml'
seed FuzzVCF -name '*.vcf' -o -name '*.vcf.gz'
seed FuzzSampleSheet -name '*.csv'
run() {
  local target=$1
  mkdir -p ".build-fuzz/crashes/$target"
  "$bin/$target" ".build-fuzz/corpus/$target" -max_total_time="$seconds" -max_len=131072 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix=".build-fuzz/crashes/$target/" -print_final_stats=1 > ".build-fuzz/$target.log" 2>&1 || true
  echo "$target: $(grep -E 'stat::number_of_executed_units' ".build-fuzz/$target.log" | awk '{print $2}') executions," \
       "$(ls ".build-fuzz/crashes/$target" | wc -l) finding(s); log .build-fuzz/$target.log"
}
export -f run
export bin seconds
targets=${FUZZ_TARGETS:-FuzzCtDNAXML FuzzFHIRXML FuzzFHIRJSON FuzzFoundationOne FuzzVCF FuzzSampleSheet}
printf '%s\n' $targets | xargs -P "$jobs" -I{} bash -c 'run {}'
