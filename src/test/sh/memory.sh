#!/bin/bash
# The resident memory of the packaged service after a steady workload, without a maximum heap and with the
# launcher's default (512m), in the same run. Needs the packaged application, curl and jq; uses port 18432
# and a temporary data folder.
#   ./mvnw -q package -DskipTests && src/test/sh/memory.sh [SECONDS] [grow]
# Each round deletes the previous round's three example projects (with `grow`: keeps them), creates them
# again under new ids, runs each to its end with simulated agents, reads its report and its decisions; one
# event-stream client is open throughout. Prints rounds done, RSS, and the heap as the JVM reports it.
set -u
cd "$(dirname "$0")/../../.."
SECONDS_EACH=${1:-150}
GROW=${2:-}
PORT=18432
B=localhost:$PORT/api/projects
DATA=$(mktemp -d)

workload() {
    curl -sN localhost:$PORT/api/events > /dev/null &
    local sse=$! end=$(( $(date +%s) + SECONDS_EACH )) i=0
    while [ "$(date +%s)" -lt $end ]; do
        i=$((i + 1))
        for f in healthcare_blockchain_project healthcare_blockchain_compressed product_launch_coordination; do
            [ -z "$GROW" ] && curl -s -o /dev/null -X DELETE "$B/${f}_$((i - 1))"
            jq -c --arg id "${f}_$i" '.project_id=$id' "projects/$f.json" \
                | curl -s -o /dev/null -X POST $B -H 'Content-Type: application/json' -d @-
            curl -s -o /dev/null -X POST "$B/${f}_$i/run" -H 'Content-Type: application/json' -d "{\"seed\":$i}"
            curl -s -o /dev/null "$B/${f}_$i/runs/run-1/report?wait_seconds=120"
            curl -s -o /dev/null "$B/${f}_$i/decisions"
        done
    done
    kill $sse
    echo "$i rounds"
}

measure() { # LABEL COMMAND...
    local label=$1; shift
    rm -rf "$DATA"/*
    "$@" > "$DATA.$label.log" 2>&1 &
    local started=$!
    for _ in $(seq 1 90); do curl -sf localhost:$PORT/q/health/ready > /dev/null && break; sleep 1; done
    local pid
    pid=$(ss -ltnp "sport = :$PORT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
    local rounds
    rounds=$(workload)
    echo "$label: $rounds in $SECONDS_EACH s, RSS $(( $(ps -o rss= -p "$pid") / 1024 )) MB;" \
        "$(jcmd "$pid" GC.heap_info 2>/dev/null | grep -m1 'heap' | sed 's/ *\[.*//; s/^ *//')"
    kill "$pid"
    wait "$started" 2>/dev/null
}

measure "no maximum heap" java -Dquarkus.http.port=$PORT -Dconclave.data-dir="$DATA" -jar target/quarkus-app/quarkus-run.jar
measure "CONCLAVE_HEAP=512m" env CONCLAVE_HEAP=512m JAVA_OPTS="-Dquarkus.http.port=$PORT -Dconclave.data-dir=$DATA" target/conclave
rm -rf "$DATA" "$DATA".*.log
