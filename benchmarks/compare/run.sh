#!/usr/bin/env bash
# Neutron 21.0.0 ML2 vs. this SDK, in one run. Usage (from the repository root):
#   benchmarks/compare/run.sh [--quick]
# Measures the real Neutron ML2 plugin in-process on sqlite (../shared/peer/neutron_ml2_bench.py), then our SDK on the
# same operations (BenchmarkDotNet, in-memory store and SQLite file store), peak RSS of both sides (/usr/bin/time -v),
# and rewrites the section between <!-- compare:begin --> and <!-- compare:end --> of docs/performance.md.
# --quick: a subset of Neutron scenarios with small N, BenchmarkDotNet in-process with 1 warm-up + 3 short
# iterations, and placement / PostgreSQL figures reused from the last recorded run (goal: <= 3 min). Full (goal
# <= 20 min): the Neutron scenarios the table needs at full N, BenchmarkDotNet ShortRun, placement and pg-throughput.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
quick=0
[[ "${1:-}" == "--quick" ]] && quick=1
peer="${PEER_DIR:-$root/../shared/peer}"
[[ -f "$peer/neutron_ml2_bench.py" ]] || peer=/work/shared/peer
out="$(mktemp -d /tmp/ml2-compare-XXXXXX)"
echo "compare: work dir $out (quick=$quick)"
start=$(date +%s)

# Dependencies: python3-oslotest (neutron.tests.base imports it) and GNU time.
if ! /usr/bin/python3 -c 'import oslotest' 2>/dev/null; then apt-get install -y python3-oslotest >/dev/null; fi
[[ -x /usr/bin/time ]] || apt-get install -y time >/dev/null

# 1. Neutron (peak RSS of the largest child comes from the harness JSON; /usr/bin/time -v covers the whole run).
if (( quick )); then
  only='^(ml2/mem/bench_bindany|type/vlan|type/vxlan/(10000|100000)|mechcount/(0 drivers|1xnoop|4xnoop))$'
  /usr/bin/time -v -o "$out/neutron.time" /usr/bin/python3 "$peer/neutron_ml2_bench.py" --quick --only "$only" \
    --json "$out/neutron.json" --out "$out/neutron.txt" > "$out/neutron.log" 2>&1 || echo "compare: neutron harness exit $? (see $out/neutron.log)"
else
  only='^(ml2/mem/bench_bindany|ml2/file/logger\+test|type/vlan|type/vxlan/.*|mechcount/(0 drivers|1xnoop|4xnoop))$'
  /usr/bin/time -v -o "$out/neutron.time" /usr/bin/python3 "$peer/neutron_ml2_bench.py" --only "$only" \
    --json "$out/neutron.json" --out "$out/neutron.txt" > "$out/neutron.log" 2>&1 || echo "compare: neutron harness exit $? (see $out/neutron.log)"
fi
echo "compare: neutron done after $(( $(date +%s) - start )) s"

# 2. Ours: BenchmarkDotNet.
dotnet build benchmarks/Ml2.Benchmarks -c Release -v q -nologo > "$out/build.log"
dll=benchmarks/Ml2.Benchmarks/bin/Release/net10.0/Ml2.Benchmarks.dll
if (( quick )); then
  job=(--inProcess --launchCount 1 --warmupCount 1 --iterationCount 3 --iterationTime 100)
else
  job=(--job short)
fi
dotnet "$dll" --filter '*Compare*' '*DispatcherBenchmark*' "${job[@]}" --exporters json --artifacts "$out/bdn" > "$out/bdn.log" 2>&1
echo "compare: BenchmarkDotNet done after $(( $(date +%s) - start )) s"

# 3. Ours: peak RSS of a fixed whole-process workload per store.
for store in memory sqlite; do
  /usr/bin/time -v -o "$out/ours-$store.time" dotnet "$dll" compare-workload --store "$store" > "$out/ours-$store.log" 2>&1
done

# 4. Full mode: placement (1k/10k/100k, 8 threads) and PostgreSQL two-instance throughput.
if (( ! quick )); then
  dotnet "$dll" --filter '*Placement*' --job short --exporters json --artifacts "$out/bdn-placement" > "$out/placement.log" 2>&1 || true
  dotnet run -c Release --project benchmarks/Ml2.Benchmarks --no-build -- pg-throughput --seconds 10 > "$out/pg.log" 2>&1 || true
fi

elapsed=$(( $(date +%s) - start ))
/usr/bin/python3 benchmarks/compare/merge.py --dir "$out" --quick "$quick" --elapsed "$elapsed" --started "$start" --doc docs/performance.md
echo "compare: total $(( $(date +%s) - start )) s; raw results in $out"
