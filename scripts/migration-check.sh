#!/bin/bash
# Issue 14: checks that migration V20261130_200 converts a database made by an earlier release without losing or
# changing a row. Dumps every call, ledger entry, lot allocation, corrected call, lot and balance of a COPY of the
# given database (the original is not touched), lets the new build migrate it (its `reconcile` command migrates on
# start, then checks DOMAIN rule 9), dumps the same through the views (UsageIds as text) and compares.
#
#   scripts/migration-check.sh h2 <credits.home of the old database> <new credits-hub.jar>
#   scripts/migration-check.sh pg <old database name on 127.0.0.1:5432> <new credits-hub.jar>
#
# Make an old database with the release before (e.g. df3c9c3): run --once --with-samples, then a file from
# `generate-cdrs --rows 10000` (docs/BENCHMARK.md, "Migration"). Exit 0 when everything is identical.
set -u
KIND=$1 SRC=$2 JAR=$3
OUT=$(mktemp -d /tmp/migration-check.XXXX)
H2JAR=${H2JAR:-$(ls ~/.m2/repository/com/h2database/h2/2.5.252/h2-2.5.252.jar)}
KEPT="call_id, file_id, line_no, user_object_id, upn, display_name, caller_id, call_type, number_type, domestic_international, destination_dialed, destination_number, started_at, ended_at, duration_seconds, producer_charge, producer_connection_fee, producer_currency, capability, rating_status, rate_version_id, rate_id, rate_prefix, rated_destination, billed_seconds, charge, currency, conference_id, user_location"
LEDGER="entry_id, org_id, entry_type, amount, unfunded_amount, unfunded_reason, currency, lot_id, usage_id, reference, file_id, line_no, occurred_at, posted_at, funding, pool_type, pool_country, pool_month, pool_minutes, credits_due, book_month, correction_id, corrected_usage_id"
CC="correction_id, org_id, usage_id, started_at, old_version_id, new_version_id, old_cost, new_cost, old_due, new_due, refunded, forfeited, charged, unfunded_change, currency, refusal_changed, new_refusal"
cc_new() { echo "cc.$CC" | sed 's/, /, cc./g; s/cc\.usage_id/c.usage_id/'; }
OLD=("SELECT org_id, usage_id, $KEPT FROM call_record"
     "SELECT $LEDGER FROM ledger_entry"
     "SELECT org_id, usage_id, lot_id, amount FROM lot_allocation"
     "SELECT $CC FROM correction_call"
     "SELECT lot_id, org_id, amount, remaining FROM lot"
     "SELECT org_id, balance FROM organization")
NEW=("SELECT org_id, usage_id, $KEPT FROM call_view"
     "SELECT $LEDGER FROM ledger_view"
     "SELECT a.org_id, c.usage_id, a.lot_id, a.amount FROM lot_allocation a JOIN call_view c ON c.call_no = a.call_no"
     "SELECT $(cc_new) FROM correction_call cc JOIN call_view c ON c.call_no = cc.call_no"
     "SELECT lot_id, org_id, amount, remaining FROM lot"
     "SELECT org_id, balance FROM organization")
NAMES=(calls ledger allocations corrected lots balances)

if [ "$KIND" = pg ]; then
  DB=${SRC}_migcheck
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB TEMPLATE $SRC" || exit 2
  q() { psql -h 127.0.0.1 -U postgres -d $DB -AtF'|' -c "$1" | LC_ALL=C sort; }
  RUN=(--credits.home="$OUT/home" --spring.profiles.active=postgres)
  export CREDITS_DB_URL=jdbc:postgresql://127.0.0.1:5432/$DB
else
  mkdir -p "$OUT/home/db" && cp "$SRC"/db/credits-hub.mv.db "$OUT/home/db/" || exit 2
  # CSVWRITE: every value in full (the H2 shell cuts long columns); no header, | between values
  q() { java -cp "$H2JAR" org.h2.tools.Shell -url "jdbc:h2:file:$OUT/home/db/credits-hub;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE" \
          -user sa -sql "CALL CSVWRITE('$OUT/q.csv', '${1//\'/\'\'}', 'fieldSeparator=| fieldDelimiter= writeColumnHeader=false')" > /dev/null
        LC_ALL=C sort "$OUT/q.csv"; }
  RUN=(--credits.home="$OUT/home")
fi
for i in ${!NAMES[@]}; do q "${OLD[$i]}" > "$OUT/${NAMES[$i]}.before"; done
START=$(date +%s.%N)
java -jar "$JAR" reconcile "${RUN[@]}" > "$OUT/reconcile.txt" 2>"$OUT/reconcile.err"; RC=$?
END=$(date +%s.%N)
echo "new build: reconcile exit $RC (migration included) in $(echo "$END - $START" | bc) s"; grep -E 'mismatch|^OK|^MISMATCH' "$OUT/reconcile.txt"
FAIL=$RC
for i in ${!NAMES[@]}; do
  q "${NEW[$i]}" > "$OUT/${NAMES[$i]}.after"
  if cmp -s "$OUT/${NAMES[$i]}.before" "$OUT/${NAMES[$i]}.after"; then
    echo "identical: ${NAMES[$i]} ($(wc -l < "$OUT/${NAMES[$i]}.after") rows)"
  else
    echo "DIFFERENT: ${NAMES[$i]}: diff $OUT/${NAMES[$i]}.before $OUT/${NAMES[$i]}.after"; FAIL=1
  fi
done
[ "$KIND" = pg ] && q "SELECT 'keys: ' || COUNT(*) || ' calls, ' || COUNT(usage_text) || ' with their text (not GUIDs)' FROM call_record"
exit $FAIL
