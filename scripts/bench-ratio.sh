#!/bin/bash
# Issue 14: the CDR ingest benchmark as a ratio to the database's own floor, in one run on this machine.
#
#   scripts/bench-ratio.sh [pg|h2|both] [rows]        (default: both, 1000000; ROUNDS=3 rounds on PostgreSQL)
#
# PostgreSQL (127.0.0.1:5432, user postgres, trust): in each round, two fresh copies of a database made by the hub
# with the samples; the hub takes in the generated file (`run --once`, -Xmx512m) in one; then the rows it stored for
# that file (call_record and ledger_entry, binary COPY TO) are loaded into the other by the server alone, `COPY ...
# FROM` a local file in one transaction: the floor, same schema, same keys and indexes. Each load starts after a
# checkpoint, with the other database dropped. Prints each round and the medians: this machine's disk makes one load
# vary by up to 2 x (the server's own COPY took 15.5 s and 32.5 s of wall time for the same 16 s of CPU).
# H2: the same with the embedded database; its floor is H2's own bulk insert (prepared INSERTs in JDBC batches of
# 5,000, one transaction: scripts/H2BulkFloor.java) of the same rows into a database made the same way.
# The hub's time is the intake's own line (`cdr contoso/<file>: N rows, ... s`); /usr/bin/time gives RSS.
# Run on a quiet machine: other load changes the figures by ±30 %.
set -u
WHAT=${1:-both} ROWS=${2:-1000000} ROUNDS=${ROUNDS:-3}
cd "$(dirname "$0")/.."
JAR=${JAR:-target/credits-hub.jar}
H2JAR=${H2JAR:-$(ls ~/.m2/repository/com/h2database/h2/2.5.252/h2-2.5.252.jar)}
W=${BENCH_DIR:-/tmp/bench-ratio}
NAME=PSTN.calls.bench-$ROWS.csv
FILE=$W/$NAME
PSQL="psql -q -X -h 127.0.0.1 -U postgres"
mkdir -p $W/pgcopy && chmod 777 $W/pgcopy   # the PostgreSQL server writes and reads the COPY files there
[ -f $FILE ] || java -jar $JAR generate-cdrs --rows $ROWS --out $FILE > /dev/null || exit 2

# the intake's own line, in the hub's log file (run --once shows only warnings on stderr)
hub_seconds() { grep -a -o "cdr contoso/$NAME: [0-9]* rows, [0-9]* posted, [0-9]* rejected, [0-9.]* s" "$1"/logs/credits-hub.log | tail -1 | awk '{print $(NF-1)}'; }
ratio() { echo "scale=2; $1 / $2" | bc; }
rate() { echo "$ROWS / $1" | bc; }

# one measured load: a fresh database (and data folder) copied from the samples template, a checkpoint, then $@
fresh_pg() {
  $PSQL -d postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1 TEMPLATE bench_tpl" || exit 2
  rm -rf $W/$1 && cp -a $W/bench_tpl $W/$1
  $PSQL -d $1 -c CHECKPOINT
}

bench_pg() {
  # the template: a database made by the hub with the samples (each round copies it)
  $PSQL -d postgres -c "DROP DATABASE IF EXISTS bench_tpl" -c "CREATE DATABASE bench_tpl" || exit 2
  rm -rf $W/bench_tpl
  CREDITS_DB_URL=jdbc:postgresql://127.0.0.1:5432/bench_tpl java -jar $JAR run --once --with-samples \
    --credits.home=$W/bench_tpl --spring.profiles.active=postgres > $W/bench_tpl.samples.log 2>&1 || exit 2
  local hubs=() floors=()
  for round in $(seq 1 $ROUNDS); do
    fresh_pg bench_hub
    mkdir -p $W/bench_hub/inbox/cdr/contoso && cp $FILE $W/bench_hub/inbox/cdr/contoso/
    CREDITS_DB_URL=jdbc:postgresql://127.0.0.1:5432/bench_hub /usr/bin/time -v java -Xmx512m -jar $JAR run --once \
      --credits.home=$W/bench_hub --spring.profiles.active=postgres > $W/pg-hub.out 2> $W/pg-hub.err
    HUB=$(hub_seconds $W/bench_hub)
    RSS=$(grep 'Maximum resident' $W/pg-hub.err | awk '{print int($NF/1024)}')
    CREDITS_DB_URL=jdbc:postgresql://127.0.0.1:5432/bench_hub java -jar $JAR reconcile --credits.home=$W/bench_hub \
      --spring.profiles.active=postgres 2>/dev/null | grep -E 'mismatch'
    FID=$($PSQL -d bench_hub -Atc "SELECT file_id FROM ingest_file WHERE file_name = '$NAME' AND status = 'POSTED'")
    CR=$($PSQL -d bench_hub -Atc "SELECT string_agg(column_name, ', ' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'call_record'")
    LE=$($PSQL -d bench_hub -Atc "SELECT string_agg(column_name, ', ' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'ledger_entry' AND column_name <> 'entry_id'")
    $PSQL -d bench_hub -c "COPY (SELECT $CR FROM call_record WHERE file_id = $FID ORDER BY line_no) TO '$W/pgcopy/cr.bin' (FORMAT binary)" \
      -c "COPY (SELECT $LE FROM ledger_entry WHERE file_id = $FID ORDER BY entry_id) TO '$W/pgcopy/le.bin' (FORMAT binary)"
    NLE=$($PSQL -d bench_hub -Atc "SELECT COUNT(*) FROM ledger_entry WHERE file_id = $FID")
    SIZE=$($PSQL -d bench_hub -Atc "SELECT pg_size_pretty(pg_database_size('bench_hub'))")
    $PSQL -d postgres -c "DROP DATABASE bench_hub"   # no autovacuum of it during the floor
    fresh_pg bench_floor
    T0=$(date +%s.%N)
    $PSQL -d bench_floor -c '\timing on' -c BEGIN -c "COPY call_record ($CR) FROM '$W/pgcopy/cr.bin' (FORMAT binary)" \
      -c "COPY ledger_entry ($LE) FROM '$W/pgcopy/le.bin' (FORMAT binary)" -c COMMIT > $W/pg-floor.out
    T1=$(date +%s.%N)
    FLOOR=$(echo "$T1 - $T0" | bc)
    $PSQL -d postgres -c "DROP DATABASE bench_floor"
    hubs+=($HUB) floors+=($FLOOR)
    echo "PostgreSQL round $round: hub $HUB s ($(rate $HUB) CDR/s, peak RSS $RSS MB, database $SIZE); COPY floor" \
      "$FLOOR s ($(rate $FLOOR) CDR/s: call_record $(sed -n 2p $W/pg-floor.out | awk '{print $2, $3}'), $NLE" \
      "ledger_entry $(sed -n 3p $W/pg-floor.out | awk '{print $2, $3}')); ratio $(ratio $HUB $FLOOR)"
  done
  local mh=$(median "${hubs[@]}") mf=$(median "${floors[@]}")
  echo "PostgreSQL, median of $ROUNDS rounds: hub $mh s ($(rate $mh) CDR/s), COPY floor $mf s ($(rate $mf) CDR/s); ratio $(ratio $mh $mf)"
}

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

bench_h2() {
  for h in h2_hub h2_floor; do
    rm -rf $W/$h
    java -jar $JAR run --once --with-samples --credits.home=$W/$h > $W/$h.samples.log 2>&1
  done
  mkdir -p $W/h2_hub/inbox/cdr/contoso && cp $FILE $W/h2_hub/inbox/cdr/contoso/
  ( peak=0; while [ ! -f $W/h2.done ]; do s=$(du -sm $W/h2_hub/db | cut -f1); [ $s -gt $peak ] && peak=$s && echo $peak > $W/h2.peak; sleep 2; done ) &
  rm -f $W/h2.done
  /usr/bin/time -v java -Xmx512m -jar $JAR run --once --credits.home=$W/h2_hub > $W/h2-hub.out 2> $W/h2-hub.err
  touch $W/h2.done; wait
  HUB=$(hub_seconds $W/h2_hub)
  RSS=$(grep 'Maximum resident' $W/h2-hub.err | awk '{print int($NF/1024)}')
  java -jar $JAR reconcile --credits.home=$W/h2_hub 2>/dev/null | grep -E 'mismatch'
  URL="MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
  FID=$(java -cp $H2JAR org.h2.tools.Shell -url "jdbc:h2:file:$W/h2_hub/db/credits-hub;$URL" -user sa \
    -sql "SELECT file_id FROM ingest_file WHERE file_name = '$NAME' AND status = 'POSTED'" | sed -n 2p | tr -d ' ')
  java -Xmx8g -cp $H2JAR scripts/H2BulkFloor.java "jdbc:h2:file:$W/h2_hub/db/credits-hub;$URL" \
    "jdbc:h2:file:$W/h2_floor/db/credits-hub;$URL" $FID > $W/h2-floor.out
  FLOOR=$(awk '{print $(NF-1)}' $W/h2-floor.out)
  echo "H2: hub $HUB s ($(rate $HUB) CDR/s, peak RSS $RSS MB, data files at most $(cat $W/h2.peak) MB during the run," \
    "$(du -sm $W/h2_hub/db | cut -f1) MB after); bulk-insert floor $FLOOR s ($(rate $FLOOR) CDR/s; $(cat $W/h2-floor.out));" \
    "ratio $(ratio $HUB $FLOOR)"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg); jar $JAR"
case $WHAT in
  pg) bench_pg ;;
  h2) bench_h2 ;;
  *) bench_pg; bench_h2 ;;
esac
