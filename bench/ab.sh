#!/usr/bin/env bash
# ab.sh BASE [REPS] — is any row slower than at commit BASE?
#
# Builds this bench and the bench of BASE (in a temporary worktree), then
# runs ours alone, the two builds alternating, on the same machine at the
# same time: each workload REPS times (default 5; f 3) as a fresh process,
# timed inside it, with its peak RSS from /usr/bin/time, and each
# micro-benchmark both have REPS times. Ratios compare with medians. The
# table goes to stdout and to bench/AB.md.
#
# Ratios across runs of `go run .` on different days are not comparable:
# the load of a shared machine moves the floor and ours differently. An
# interleaved A/B of the two builds is.
set -euo pipefail
base=${1:?usage: bench/ab.sh BASE_COMMIT [REPS]}
reps=${2:-5}
root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
tmp=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$tmp/base" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
git -C "$root" worktree add --detach "$tmp/base" "$base" >/dev/null 2>&1
for side in base new; do
	dir=$root/bench
	[ "$side" = base ] && dir=$tmp/base/bench
	(cd "$dir" && go build -o "$tmp/bin-$side" . && go test -c -o "$tmp/bin-$side.test" .)
done

# run SIDE WORKLOAD [args]: one worker process; prints "wall_ns maxrss_kib
# peak_live" (peak_live: the most tasks alive at once, b and f; else 0).
run() {
	local side=$1 key=$2
	shift 2
	/usr/bin/time -f '%M' -o "$tmp/rss" "$tmp/bin-$side" worker -workload "$key" -impl ours "$@" >"$tmp/out"
	python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["wall_ns"], open(sys.argv[2]).read().split()[-1], r.get("peak_live", 0))' "$tmp/out" "$tmp/rss"
}

: >"$tmp/samples"
for key in a b c d e f f-gated; do
	n=$reps
	case $key in f | f-gated) n=$((reps < 3 ? reps : 3)) ;; esac
	args=()
	w=$key
	[ "$key" = f-gated ] && w=f args=(-gated)
	for _ in $(seq "$n"); do
		for side in base new; do
			echo "$key $side $(run "$side" "$w" "${args[@]}")" >>"$tmp/samples"
		done
	done
done

# The micro-benchmarks that both builds have.
rows=$(sed -n 's/^\t{key: "\([^"]*\)".*/\1/p' "$tmp/base/bench/micro.go")
for _ in $(seq "$reps"); do
	for key in $rows; do
		for side in base new; do
			ns=$("$tmp/bin-$side.test" -test.run '^$' -test.bench "^BenchmarkMicro\$/^$key\$/^ours\$" | awk '/^BenchmarkMicro/ {print $3; exit}')
			[ -n "$ns" ] && echo "op:$key $side $ns 0 0" >>"$tmp/samples"
		done
	done
done

python3 - "$tmp/samples" "$base" "$(git -C "$root" rev-parse --short HEAD)" "$reps" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'EOF' | tee "$root/bench/AB.md"
import statistics, sys
path, base, head, reps, load = sys.argv[1:]
s = {}
for line in open(path):
    key, side, t, rss, live = line.split()
    s.setdefault(key, {}).setdefault(side, []).append((float(t), float(rss), float(live)))
med = lambda xs: statistics.median(xs)
print(f"# A/B: ours at {head} against ours at {base}\n")
print(f"`bash bench/ab.sh {base} {reps}`: the two builds alternating on one machine (load average at the end: {load}). "
      "Medians; new/base above 1 means slower now. f-gated is f with every task waiting until all exist, so that "
      "all are alive at once: its RSS is the memory of 1M live tasks. The peak RSS of b and f also grows with the "
      "number of tasks alive at once (last column), which grows as creating them gets faster.\n")
print("| row | base | new | new/base, time | base RSS | new RSS | new/base, RSS | tasks alive at once, base → new |\n|---|--:|--:|--:|--:|--:|--:|--:|")
for key, sides in s.items():
    b, n = sides.get("base"), sides.get("new")
    if not b or not n:
        continue
    bt, nt = med([x[0] for x in b]), med([x[0] for x in n])
    if key.startswith("op:"):
        print(f"| {key[3:]} | {bt:.1f} ns | {nt:.1f} ns | {nt/bt:.2f}× | | | | |")
    else:
        br, nr = med([x[1] for x in b]), med([x[1] for x in n])
        bl, nl = med([x[2] for x in b]), med([x[2] for x in n])
        live = f"{bl:.0f} → {nl:.0f}" if bl and nl else ""
        print(f"| {key} ({len(b)} runs) | {bt/1e6:.1f} ms | {nt/1e6:.1f} ms | {nt/bt:.2f}× | {br/1024:.1f} MiB | {nr/1024:.1f} MiB | {nr/br:.2f}× | {live} |")
EOF
