#!/bin/sh
# store-seeds.sh DRSIM OUT — small results databases for the store fuzz target
# (tests/fuzz/fuzz_store.c), written by drsim itself into the directory OUT:
#   done.db      finished runs with traced trials and judged expectations,
#                and a failed run (stopped by --max-events)
#   shard.db     one shard of a run
#   merged.db    two shards merged
#   v1.db        a version-1 database (read through the in-memory migration)
# each in WAL mode as drsim leaves it, and, when the sqlite3 shell is there,
# also in rollback mode with 512-byte pages (*-small.db: more structure per
# byte for the fuzzer to mutate).
set -eu
drsim=$1
out=$2
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/s.yaml" <<'YAML'
drsim: 1
name: seed
description: A small shop loses its region.
seed: 3
trials: 4
horizon: 2d
regions:
  - name: westeurope
    pair: northeurope
storage:
  - name: data
    region: westeurope
    redundancy: GRS
    writes: { rate: 5/s, size: 16KiB }
vms:
  - name: web
    region: westeurope
apps:
  - name: shop
    tiers: [web]
    data: [data]
strategies:
  - name: wait
    kind: wait
  - name: asr
    kind: asr
    target: germanywestcentral
outages:
  - region: westeurope
    at: uniform(0, 1d)
    duration: 4h
    destructive: 0.5
sweep:
  detection.monitor: [5m, 30m]
expect:
  asr: { rpo.p99: "<= 15m", failed_over.mean: "> 0.5" }
  wait: { rto.p50: "<= 1h" }
YAML

q="--quiet"
exec 2>/dev/null # drsim's notes on the seeds' failing expectations
"$drsim" run "$tmp/s.yaml" --db "$tmp/done.db" --trace 2 $q || true
"$drsim" run "$tmp/s.yaml" --db "$tmp/done.db" --max-events 1 $q 2>/dev/null || true
"$drsim" run "$tmp/s.yaml" --db "$tmp/shard.db" --trace 1 --shard 1/2 $q
"$drsim" run "$tmp/s.yaml" --db "$tmp/shard2.db" --trace 1 --shard 2/2 $q
"$drsim" merge "$tmp/shard.db" "$tmp/shard2.db" -o "$tmp/merged.db" >/dev/null || true
for db in done shard merged; do
  cp "$tmp/$db.db" "$out/$db.db"
done
if command -v sqlite3 >/dev/null 2>&1; then
  sqlite3 "$tmp/v1.db" <"$(dirname "$0")/../golden/store/v1.sql"
  cp "$tmp/v1.db" "$out/v1.db"
  for db in done shard merged v1; do
    sqlite3 "$tmp/$db.db" 'PRAGMA journal_mode = DELETE; PRAGMA page_size = 512; VACUUM;' \
      >/dev/null
    cp "$tmp/$db.db" "$out/$db-small.db"
  done
fi
ls "$out"
