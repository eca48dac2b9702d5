#!/bin/bash
# Issue 14: four organizations' files in parallel against one big file, through the running hub's inbox routes
# (credits.intake.concurrency files at once, one transaction and one database backend each; docs/architecture.md).
#
#   scripts/bench-parallel.sh [rows] [concurrency]        (default: 1000000 rows, concurrency 2)
#
# PostgreSQL (127.0.0.1:5432, user postgres, trust), a fresh database made by the hub with the samples and four more
# organizations. The hub runs (`run`, -Xmx512m); then
#   A: one file of <rows> calls of one organization is moved into the inbox;
#   B: four files of <rows>/4 calls, one per organization, are moved in at once.
# Prints, for each, the seconds from the move to the last file posted (the hub's log), the sum of the files' own
# intake times, and the rate; then the same rows loaded by the server alone, one session against four at once (the
# floor: what four backends gain on this machine). Run on a quiet machine: other load changes the figures by ±30 %.
set -u
ROWS=${1:-1000000} CONC=${2:-2}
cd "$(dirname "$0")/.."
JAR=${JAR:-target/credits-hub.jar}
W=${BENCH_DIR:-/tmp/bench-parallel}
DB=bench_parallel
PSQL="psql -q -X -h 127.0.0.1 -U postgres"
export CREDITS_DB_URL=jdbc:postgresql://127.0.0.1:5432/$DB
mkdir -p $W/files
QUARTER=$((ROWS / 4))
[ -f $W/files/one.csv ] || java -jar $JAR generate-cdrs --rows $ROWS --seed 1 --out $W/files/one.csv > /dev/null || exit 2
for k in 0 1 2 3; do
  [ -f $W/files/q$k.csv ] || java -jar $JAR generate-cdrs --rows $QUARTER --seed $((10 + k)) --out $W/files/q$k.csv > /dev/null || exit 2
done

$PSQL -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" || exit 2
H=$W/home && rm -rf $H && mkdir -p $H/inbox/accounts $H/inbox/funds
{ echo "Organization Id,Name,Currency,Country"; for k in 0 1 2 3; do echo "par-$k,Parallel $k,USD,US"; done; } > $H/inbox/accounts/par.csv
{ echo "Organization Id,Amount,Currency,Purchased At,Order Reference"; for k in 0 1 2 3; do echo "par-$k,500000.00,USD,2025-01-15T00:00:00Z,PAR-$k"; done; } > $H/inbox/funds/par.csv
java -jar $JAR run --once --with-samples --credits.home=$H --spring.profiles.active=postgres > $W/samples.log 2>&1 || exit 2
# the same state, kept as the template of the server-alone floors below
$PSQL -d postgres -c "DROP DATABASE IF EXISTS ${DB}_tpl" -c "CREATE DATABASE ${DB}_tpl TEMPLATE $DB" || exit 2

java -Xmx512m -jar $JAR run --credits.home=$H --spring.profiles.active=postgres --server.port=0 \
  --credits.intake.concurrency=$CONC > $W/hub.out 2>&1 &
HUB=$!
trap 'kill $HUB 2>/dev/null' EXIT
for _ in $(seq 1 120); do grep -q "is watching" $W/hub.out && break; sleep 1; done

posted() { grep -a -c "cdr $1: .* rows, .* posted" $H/logs/credits-hub.log; }
own_seconds() { grep -a -o "cdr $1: [0-9]* rows, [0-9]* posted, [0-9]* rejected, [0-9.]* s" $H/logs/credits-hub.log | awk '{s += $(NF-1)} END {printf "%.2f", s}'; }
now() { date +%s.%N; }

# A: one file
mkdir -p $H/inbox/cdr/contoso
t0=$(now); mv $W/files/one.csv $H/inbox/cdr/contoso/PSTN.calls.one.csv
until [ "$(posted 'contoso/PSTN.calls.one.csv')" -ge 1 ]; do sleep 0.2; done
ta=$(echo "$(now) - $t0" | bc)
mv $H/archive/*/cdr/contoso/PSTN.calls.one.csv $W/files/one.csv 2>/dev/null

# B: four files of four organizations at once
for k in 0 1 2 3; do mkdir -p $H/inbox/cdr/par-$k; mv $W/files/q$k.csv $H/inbox/cdr/par-$k/.q.csv.part; done
t0=$(now)
for k in 0 1 2 3; do mv $H/inbox/cdr/par-$k/.q.csv.part $H/inbox/cdr/par-$k/PSTN.calls.q.csv; done
until [ "$(posted 'par-[0-3]/PSTN.calls.q.csv')" -ge 4 ]; do sleep 0.2; done
tb=$(echo "$(now) - $t0" | bc)
for k in 0 1 2 3; do mv $H/archive/*/cdr/par-$k/PSTN.calls.q.csv $W/files/q$k.csv 2>/dev/null; done

kill $HUB; wait $HUB 2>/dev/null
java -jar $JAR reconcile --credits.home=$H --spring.profiles.active=postgres 2>&1 | grep -E "checked|audit" | sed 's/^/  /'
printf "A: 1 file x %d rows, 1 organization: %.2f s from the drop to posted (intake %s s): %.0f CDR/s\n" \
  $ROWS $ta "$(own_seconds 'contoso/PSTN.calls.one.csv')" "$(echo "$ROWS / $ta" | bc -l)"
printf "B: 4 files x %d rows, 4 organizations, concurrency %d: %.2f s from the drop to all posted (intakes %s s in all): %.0f CDR/s, %.2f x A's rate\n" \
  $QUARTER $CONC $tb "$(own_seconds 'par-[0-3]/PSTN.calls.q.csv')" "$(echo "$ROWS / $tb" | bc -l)" "$(echo "$ta / $tb" | bc -l)"

# The server alone (the floor): the rows the hub stored for these files (binary COPY TO), loaded by COPY FROM into
# fresh copies of the template: A' one session with the big file's rows, B' four sessions at once, one per quarter
# file (one transaction each, as the hub does). What the server itself gains from four backends on this machine.
mkdir -p $W/pgcopy && chmod 777 $W/pgcopy
CR=$($PSQL -d $DB -Atc "SELECT string_agg(column_name, ', ' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'call_record'")
LE=$($PSQL -d $DB -Atc "SELECT string_agg(column_name, ', ' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'ledger_entry' AND column_name <> 'entry_id'")
dump() { # file name pattern, output name
  local ids=$($PSQL -d $DB -Atc "SELECT string_agg(file_id::text, ',') FROM ingest_file WHERE file_name = '$1' AND status = 'POSTED' AND org_id $2")
  $PSQL -d $DB -c "COPY (SELECT $CR FROM call_record WHERE file_id IN ($ids) ORDER BY call_no) TO '$W/pgcopy/$3.cr' (FORMAT binary)" \
    -c "COPY (SELECT $LE FROM ledger_entry WHERE file_id IN ($ids) ORDER BY entry_id) TO '$W/pgcopy/$3.le' (FORMAT binary)"
}
dump PSTN.calls.one.csv "= 'contoso'" one
for k in 0 1 2 3; do dump PSTN.calls.q.csv "= 'par-$k'" q$k; done
load() { # database, name
  $PSQL -d $1 -c BEGIN -c "COPY call_record ($CR) FROM '$W/pgcopy/$2.cr' (FORMAT binary)" \
    -c "COPY ledger_entry ($LE) FROM '$W/pgcopy/$2.le' (FORMAT binary)" -c COMMIT
}
fresh() { $PSQL -d postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1 TEMPLATE ${DB}_tpl" && $PSQL -d $1 -c CHECKPOINT; }
fresh ${DB}_a; t0=$(now); load ${DB}_a one; fa=$(echo "$(now) - $t0" | bc)
$PSQL -d postgres -c "DROP DATABASE ${DB}_a"
fresh ${DB}_b; t0=$(now); for k in 0 1 2 3; do load ${DB}_b q$k & done; wait; fb=$(echo "$(now) - $t0" | bc)
$PSQL -d postgres -c "DROP DATABASE ${DB}_b"
printf "A': the server alone, 1 session, the big file's rows: %.2f s (%.0f CDR/s)\n" $fa "$(echo "$ROWS / $fa" | bc -l)"
printf "B': the server alone, 4 sessions at once, the quarter files' rows: %.2f s (%.0f CDR/s), %.2f x the rate of A'\n" \
  $fb "$(echo "$ROWS / $fb" | bc -l)" "$(echo "$fa / $fb" | bc -l)"
