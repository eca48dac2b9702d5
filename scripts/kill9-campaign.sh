#!/usr/bin/env bash
# kill -9 campaign (issue 17, docs/faults.md): N trials, each drops a generated Teams export (plus 3 bad rows) in the
# inbox, starts `run`, kills it with SIGKILL at a random moment (start-up, parsing, settling, commit, archive move,
# idle), then lets `run --once` finish and checks that
#   - `reconcile` is clean (sum of ledger = balance = sum of lots, DOMAIN rule 9),
#   - the file was posted exactly once (one POSTED journal row, its calls once: UsageIds are unique keys),
#   - its 3 rejects are in the archive (beside the posted file or, after a kill in the commit window, beside the
#     duplicate), as in the database.
# usage: scripts/kill9-campaign.sh [TRIALS=20] [ROWS=5000] [MAX_DELAY_MS=60000]   (H2 in /tmp/issue17/kill9)
#        extra hub arguments via HUB_ARGS, e.g. HUB_ARGS="--spring.profiles.active=postgres" with CREDITS_DB_URL...
set -u
TRIALS=${1:-20}
ROWS=${2:-5000}
MAX_DELAY_MS=${3:-60000}
PORT=${PORT:-18170}
JAR=${JAR:-$(ls target/credits-hub*.jar 2>/dev/null | grep -v original | head -1)}
[ -n "$JAR" ] || { echo "build the jar first: mvn -o -q -DskipTests package" >&2; exit 2; }
HOME_DIR=${HOME_DIR:-/tmp/issue17/kill9}
rm -rf "$HOME_DIR" && mkdir -p "$HOME_DIR"
LOG="$HOME_DIR/campaign.log"
hub() { java -Xmx768m -jar "$JAR" --credits.home="$HOME_DIR" --server.port="$PORT" ${HUB_ARGS:-} "$@"; }
# the hub to kill: java itself in the background (not a shell function around it: kill -9 must reach the JVM)

hub run --once --with-samples >>"$LOG" 2>&1 || { echo "samples failed, see $LOG" >&2; exit 2; }
ok=0; bad=0
printf "%-5s %-8s %s\n" trial kill-ms "state after the kill"
for i in $(seq 1 "$TRIALS"); do
	name="PSTN.calls.k$i.csv"
	f="$HOME_DIR/inbox/cdr/contoso/$name"
	hub generate-cdrs --rows "$ROWS" --seed $((1000 + i)) --start "2025-04-0$(( (i % 9) + 1 ))T00:00:00Z" --out "$f.tmp" >>"$LOG" 2>&1
	{
		printf 'bad-%d-1,c,,US,,u@x,U,+1,user_out,user,Domestic,X,+12065550100,2025-04-01T00:00:00Z,2025-04-01T00:01:00Z,x,0,,USD,MCOPSTNPP\r\n' "$i"
		printf 'bad-%d-2,c,,US,,u@x,U,+1,user_out,user,Domestic,X,+12065550100,2025-04-01T00:00:00Z,2025-04-01T00:01:00Z,-5,0,,USD,MCOPSTNPP\r\n' "$i"
		printf 'bad-%d-3,c,,US,,u@x,U,+1,no_such_type,user,Domestic,X,+12065550100,2025-04-01T00:00:00Z,2025-04-01T00:01:00Z,60,0,,USD,MCOPSTNPP\r\n' "$i"
	} >>"$f.tmp"
	mv "$f.tmp" "$f"
	delay=$(( RANDOM * 32768 + RANDOM ))
	delay=$(( delay % MAX_DELAY_MS ))
	java -Xmx768m -jar "$JAR" --credits.home="$HOME_DIR" --server.port="$PORT" ${HUB_ARGS:-} run >>"$LOG" 2>&1 &
	pid=$!
	sleep "$(awk "BEGIN{print $delay/1000}")"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	if [ -f "$f" ]; then state="in inbox"; else state="archived"; fi
	[ -n "$(ls -A "$HOME_DIR/work" 2>/dev/null)" ] && state="$state+work file"
	hub run --once >>"$LOG" 2>&1
	printf "%-5s %-8s %s\n" "$i" "$delay" "$state"
done
# the checks, once every trial is done (the ledger is append-only: a double charge or a lost call would still show)
hub reconcile >"$HOME_DIR/reconcile.txt" 2>>"$LOG"; rc=$?
hub files --json --limit 1000 >"$HOME_DIR/files.json" 2>>"$LOG"
for i in $(seq 1 "$TRIALS"); do
	name="PSTN.calls.k$i.csv"
	posted=$(python3 -c "import json,sys; print(sum(1 for f in json.load(open('$HOME_DIR/files.json')) if f['fileName']=='$name' and f['status']=='POSTED'))")
	calls=$(python3 -c "import json,sys; print(sum(f['posted'] for f in json.load(open('$HOME_DIR/files.json')) if f['fileName']=='$name' and f['status']=='POSTED'))")
	listed=$(python3 -c "import json,sys; print(sum(f['rejected'] for f in json.load(open('$HOME_DIR/files.json')) if f['fileName']=='$name' and f['status']=='POSTED'))")
	dups=$(python3 -c "import json,sys; print(sum(1 for f in json.load(open('$HOME_DIR/files.json')) if f['fileName'].startswith('PSTN.calls.k$i.') and f['status']=='DUPLICATE'))")
	rejects=$(find "$HOME_DIR/archive" -name "PSTN.calls.k$i.csv.rejects.csv" -o -name "PSTN.calls.k$i-[0-9]*.csv.rejects.csv" | head -1 | xargs -r grep -c "^[0-9]")
	left=$(ls "$HOME_DIR/inbox/cdr/contoso/$name" 2>/dev/null | wc -l)
	if [ "$posted" = 1 ] && [ "${rejects:-0}" = "$listed" ] && [ "$listed" -ge 3 ] && [ "$left" = 0 ]; then ok=$((ok + 1)); v=exact; else bad=$((bad + 1)); v=NOT-EXACT; fi
	echo "trial $i: posted $posted time(s), $calls calls, $dups duplicate(s), rejects in the journal $listed and in the archive ${rejects:-0}, left in inbox $left: $v"
done
echo "reconcile exit $rc: $(tail -1 "$HOME_DIR/reconcile.txt")"
echo "trials: $TRIALS, exact: $ok, not exact: $bad (rows per file: $ROWS + 3 bad)"
[ "$bad" = 0 ] && [ "$rc" = 0 ]
