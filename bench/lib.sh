# What the bench scripts share; each sources it (`. bench/lib.sh`) from the project folder.
# Ports: the nginx stubs (bench/nginx.conf.template) on BACK, their HTTP/2 twin on BACK_H2, the
# gateway on GW, its management interface on MGMT. WORK is a fresh folder, removed on exit with
# everything the script started in the background and the stubs.
BACK=18081; BACK_H2=18082; GW=18080; MGMT=19000
# The JVM flags a benchmarked gateway runs with: the heap bench/run has always given it, and the
# JVM's own collector (G1 on 2 cores and more), as the JVM image runs it (README, JVM flags);
# others: GATEWAY_JAVA='-Xmx256m -XX:+UseParallelGC' bench/throughput.
GATEWAY_JAVA=${GATEWAY_JAVA:--Xmx256m}
WORK=$(mktemp -d)
cleanup() {
  kill $(jobs -p) 2>/dev/null || true
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# need_tools [PACKAGE ...]: wrk and nginx with its echo module, and the Debian packages named
need_tools() {
  local missing=false
  command -v wrk >/dev/null && command -v nginx >/dev/null && [ -f /usr/lib/nginx/modules/ngx_http_echo_module.so ] || missing=true
  for package in "$@"; do dpkg -s "$package" >/dev/null 2>&1 || missing=true; done
  if $missing; then
    apt-get update -qq && apt-get install -y -qq wrk nginx-light libnginx-mod-http-echo "$@" >/dev/null
  fi
}

# start_stubs [SED_EXPRESSION ...]: the stub backends on BACK and BACK_H2 (each -e edits the config)
start_stubs() {
  sed -e "s#@DIR@#$WORK#g" -e "s#@PORT@#$BACK#g" -e "s#@H2PORT@#$BACK_H2#g" "$@" bench/nginx.conf.template > "$WORK/nginx.conf"
  nginx -c "$WORK/nginx.conf"
}

# wait_for URL: until it answers 2xx (60 s at most)
wait_for() { for _ in $(seq 1 1200); do curl -sf -o /dev/null "$1" && return 0; sleep 0.05; done; echo "no answer from $1" >&2; return 1; }

now_ms() { date +%s%3N; }

# thread_ticks PID: the CPU each of the process's threads has used so far: TID NAME TICKS (the
# name is the thread's first 15 characters, spaces made _; the fields after the name are read
# from past its closing parenthesis, as a name with spaces would shift them)
thread_ticks() {
  for task in /proc/$1/task/*; do
    echo "$(basename "$task") $(tr ' ' _ < "$task/comm") $(sed 's/.*) //' "$task/stat" | awk '{ print $12 + $13 }')"
  done
}

# gc_pauses FROM_MS TO_MS: the gateway's GC pauses in that window of $WORK/gc.log (written with
# -Xlog:gc:file=$WORK/gc.log:timemillis): count, longest ms, total ms
gc_pauses() {
  awk -v a="$1" -v b="$2" '/Pause/ { t = substr($1, 2) + 0; d = $NF; sub(/ms$/, "", d)
    if (t >= a && t <= b) { n++; s += d; if (d > m) m = d } } END { printf "%d %.1f %.1f\n", n, m, s }' "$WORK/gc.log"
}

# two_windows URL: requests/s in two 20 s windows of wrk -t2 -c64, every request a different
# departure (bench/vary.lua); "(errors)" after a window with any answer not 2xx
two_windows() {
  local out
  for _ in 1 2; do
    out=$(wrk -t2 -c64 -d20s -s bench/vary.lua "$1")
    printf ' %s' "$(awk '/Requests\/sec/{print $2}' <<< "$out")"
    ! grep -q 'Non-2xx\|Socket errors' <<< "$out" || printf ' (errors)'
  done
}

# median VALUE ...
median() { tr ' ' '\n' <<< "$*" | grep . | sort -g | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}'; }

# gateway_env: the environment a benchmarked gateway runs with: the stubs as its backends, no
# simulator, load shedding off (so that rates measure what it serves); add settings after it
gateway_env() {
  echo QUARKUS_HTTP_PORT=$GW QUARKUS_MANAGEMENT_PORT=$MGMT SIMULATOR_ENABLED=false DEPARTURE_SHEDDING_ENABLED=false \
    QUARKUS_REST_CLIENT_FLIGHT_URL=http://127.0.0.1:$BACK QUARKUS_REST_CLIENT_FORECAST_URL=http://127.0.0.1:$BACK
}
