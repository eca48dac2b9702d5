#!/bin/bash
# Issue 14: what PostgreSQL's floor for the benchmark file is made of. Run scripts/bench-ratio.sh pg first: it
# leaves the samples database (bench_tpl) and the rows one hub run stored for the file (binary COPY files in
# $BENCH_DIR/pgcopy). Each variant loads those rows into a fresh copy of bench_tpl, after a checkpoint, in one
# transaction, with the server alone; the variants alternate, ROUNDS times (this machine's disk makes the same load
# vary by up to 1.5 x from one run to the next: compare variants within a round).
#
#   scripts/pg-floor-parts.sh            (ROUNDS=2, BENCH_DIR=/tmp/bench-ratio)
set -u
W=${BENCH_DIR:-/tmp/bench-ratio} ROUNDS=${ROUNDS:-2}
PSQL="psql -q -X -h 127.0.0.1 -U postgres"
[ -f $W/pgcopy/cr.bin ] || { echo "no $W/pgcopy/cr.bin: run scripts/bench-ratio.sh pg first" >&2; exit 2; }
columns() { $PSQL -d bench_tpl -Atc "SELECT string_agg(column_name, ', ' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '$1' AND column_name <> 'entry_id'"; }
CR=$(columns call_record) LE=$(columns ledger_entry)
load() { # label, SQL run before (may be empty), what: calls|both
  $PSQL -d postgres -c "DROP DATABASE IF EXISTS bench_parts" -c "CREATE DATABASE bench_parts TEMPLATE bench_tpl" 2>/dev/null
  [ -n "$2" ] && $PSQL -d bench_parts -c "$2"
  $PSQL -d bench_parts -c CHECKPOINT
  local t0=$(date +%s.%N)
  if [ "$3" = calls ]; then
    $PSQL -d bench_parts -c BEGIN -c "COPY call_record ($CR) FROM '$W/pgcopy/cr.bin' (FORMAT binary)" -c COMMIT
  else
    $PSQL -d bench_parts -c BEGIN -c "COPY call_record ($CR) FROM '$W/pgcopy/cr.bin' (FORMAT binary)" \
      -c "COPY ledger_entry ($LE) FROM '$W/pgcopy/le.bin' (FORMAT binary)" -c COMMIT
  fi
  printf '%-55s %6.2f s (load %s)\n' "$1" "$(echo "$(date +%s.%N) - $t0" | bc)" "$(cut -d' ' -f1 /proc/loadavg)"
}
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); rows: $(du -m $W/pgcopy/cr.bin | cut -f1) MB of calls, $(du -m $W/pgcopy/le.bin | cut -f1) MB of ledger"
for r in $(seq 1 $ROUNDS); do
  load "calls and per-call ledger (the schema)" "" both
  load "calls only" "" calls
  load "without ix_ledger_org" "DROP INDEX ix_ledger_org" both
  load "without ix_call_record_file" "DROP INDEX ix_call_record_file" both
done
$PSQL -d postgres -c "DROP DATABASE IF EXISTS bench_parts" 2>/dev/null
