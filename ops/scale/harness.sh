#!/usr/bin/env bash
# The scaled-out deployment on loopback, from the checkout: PostgreSQL with the two roles of
# docs/operations.md, Redis, two gunicorn processes (2 workers each), two RQ task workers and `tick`, on the
# production settings. `harness.sh smoke` drives a mixed load through both app processes with locust;
# `harness.sh faults` runs the fault drills (ops/scale/faults.py). Everything it starts is stopped on exit.
#
# Loopback only. The two exceptions to production: SECURE_SSL_REDIRECT is off (no TLS proxy in front) and
# the test accounts are seeded with known TOTP secrets (ops/scale/seed.py refuses to run outside this script).
set -euo pipefail
cd "$(dirname "$0")/../.."
MODE="${1:-smoke}"
PY="$PWD/.venv/bin/python"
STARTED=$(date +%s)

free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

RUN_ID="$(date -u +%Y%m%d%H%M%S)_$$"
export SR_SCALE_RUN_DIR="$PWD/var/scale/$RUN_ID"
mkdir -p "$SR_SCALE_RUN_DIR" var/mail
PIDS=()
PG_MODE="${SCALE_PG:-machine}"   # machine: the server at 127.0.0.1:5432; private: a cluster of our own
PG_SUPER_URL=""
DB_NAME="sr_scale_${RUN_ID}"
PRIVATE_PG_DIR=""

log() { echo "[scale $(date -u +%H:%M:%S)] $*"; }

cleanup() {
  local rc=$?
  set +e
  log "stopping everything this run started"
  # The fault drills start replacement workers and a new Redis; they list them here.
  [ -f "$SR_SCALE_RUN_DIR/extra.pids" ] && mapfile -t -O "${#PIDS[@]}" PIDS <"$SR_SCALE_RUN_DIR/extra.pids"
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for _ in $(seq 1 50); do
    alive=0
    for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.2
  done
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null; done
  wait 2>/dev/null
  if [ -n "$PG_SUPER_URL" ] && [ "$PG_MODE" = machine ]; then
    psql -q "$PG_SUPER_URL/postgres" -c "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)" >/dev/null 2>&1
  fi
  if [ -n "$PRIVATE_PG_DIR" ]; then
    pg_as_owner "$PG_BIN/pg_ctl" -D "$PRIVATE_PG_DIR/data" -m immediate stop >/dev/null 2>&1
    rm -rf "$PRIVATE_PG_DIR"
  fi
  if [ $rc -ne 0 ]; then
    # The app logs JSON without personal data; show its errors and keep the logs for a look.
    grep -h '"level": "ERROR"' "$SR_SCALE_RUN_DIR"/*.log 2>/dev/null | tail -20
    log "logs kept in $SR_SCALE_RUN_DIR"
  elif [ "${SCALE_KEEP_RUN_DIR:-}" != 1 ]; then
    rm -rf "$SR_SCALE_RUN_DIR"
  fi
  log "finished in $(( $(date +%s) - STARTED )) s with status $rc"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- PostgreSQL -------------------------------------------------------------------------------------------
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
# initdb and postgres refuse to run as root: as root, the private cluster runs as the postgres user.
pg_as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ "$PG_MODE" = private ]; then
  PG_PORT="$(free_port)"
  PRIVATE_PG_DIR="$(mktemp -d /tmp/sr-scale-pg.XXXXXX)"
  [ "$(id -u)" = 0 ] && chown postgres "$PRIVATE_PG_DIR"
  pg_as_owner "$PG_BIN/initdb" -D "$PRIVATE_PG_DIR/data" -U postgres -A trust --no-sync >/dev/null
  export SR_SCALE_PG_CTL="$PG_BIN/pg_ctl -D $PRIVATE_PG_DIR/data -l $PRIVATE_PG_DIR/log -w -o '-p $PG_PORT -k $PRIVATE_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200'"
  pg_as_owner bash -c "$SR_SCALE_PG_CTL start" >/dev/null
  [ "$(id -u)" = 0 ] && export SR_SCALE_PG_CTL="runuser -u postgres -- $SR_SCALE_PG_CTL"
  PG_SUPER_URL="postgres://postgres@127.0.0.1:$PG_PORT"
  log "private PostgreSQL cluster on 127.0.0.1:$PG_PORT"
else
  PG_PORT=5432
  PG_SUPER_URL="postgres://postgres:postgres@127.0.0.1:5432"
  pg_isready -h 127.0.0.1 -p 5432 -q || { echo "PostgreSQL is not running on 127.0.0.1:5432"; exit 1; }
fi
OWNER="sr_scale_owner"; APP="sr_scale_app"
OWNER_PW="$("$PY" -c 'import secrets; print(secrets.token_hex(16))')"
APP_PW="$("$PY" -c 'import secrets; print(secrets.token_hex(16))')"
psql -qv ON_ERROR_STOP=1 "$PG_SUPER_URL/postgres" >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$OWNER') THEN CREATE ROLE $OWNER LOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$APP') THEN
    CREATE ROLE $APP LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
END \$\$;
ALTER ROLE $OWNER PASSWORD '$OWNER_PW';
ALTER ROLE $APP PASSWORD '$APP_PW';
CREATE DATABASE "$DB_NAME" OWNER $OWNER;
SQL
# docs/operations.md, "PostgreSQL: two roles", before the migration.
psql -qv ON_ERROR_STOP=1 "$PG_SUPER_URL/$DB_NAME" >/dev/null <<SQL
REVOKE ALL ON DATABASE "$DB_NAME" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE "$DB_NAME" TO $APP;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA public TO $OWNER;
GRANT USAGE ON SCHEMA public TO $APP;
ALTER DEFAULT PRIVILEGES FOR ROLE $OWNER IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO $APP;
ALTER DEFAULT PRIVILEGES FOR ROLE $OWNER IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO $APP;
SQL
export SR_SCALE_OWNER_URL="postgres://$OWNER:$OWNER_PW@127.0.0.1:$PG_PORT/$DB_NAME"
export SR_SCALE_SUPER_URL="$PG_SUPER_URL/$DB_NAME"
export SR_SCALE_DB_NAME="$DB_NAME"

# --- Redis ------------------------------------------------------------------------------------------------
command -v redis-server >/dev/null || { echo "redis-server is needed: apt-get install redis-server"; exit 1; }
REDIS_PORT="$(free_port)"
export SR_SCALE_REDIS_PORT="$REDIS_PORT"
# Append-only file on, as in production, so a Redis restart keeps the queues it had.
export SR_SCALE_REDIS_CMD="redis-server --bind 127.0.0.1 --port $REDIS_PORT --save '' --appendonly yes --dir $SR_SCALE_RUN_DIR"
bash -c "exec $SR_SCALE_REDIS_CMD" >"$SR_SCALE_RUN_DIR/redis.log" 2>&1 &
PIDS+=($!)
echo $! >"$SR_SCALE_RUN_DIR/redis.pid"
for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
log "Redis on 127.0.0.1:$REDIS_PORT"

# --- The application's environment: production settings ---------------------------------------------------
export DJANGO_SETTINGS_MODULE=config.settings.production
export DATABASE_URL="postgres://$APP:$APP_PW@127.0.0.1:$PG_PORT/$DB_NAME"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export DJANGO_SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(64))')"
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=false       # exception 1: no TLS proxy on loopback
export AUDIT_CHECKPOINT_PATH="$SR_SCALE_RUN_DIR/audit-checkpoint.json"
export EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend
export LOG_LEVEL=WARNING
export SR_SCALE_TOKEN="$("$PY" -c 'import secrets; print(secrets.token_hex(16))')"
echo "$SR_SCALE_TOKEN" >"$SR_SCALE_RUN_DIR/harness.token"
# Stale running jobs are re-queued by tick after this long (the kill-a-worker drill waits for it).
export STALE_JOB_REQUEUE_SECONDS="${STALE_JOB_REQUEUE_SECONDS:-20}"

DATABASE_URL="$SR_SCALE_OWNER_URL" "$PY" manage.py migrate --noinput -v0
psql -qv ON_ERROR_STOP=1 "$SR_SCALE_SUPER_URL" >/dev/null <<SQL
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO $APP;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO $APP;
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_auditevent FROM $APP;
SQL
grants="$(psql -tAq "$SR_SCALE_SUPER_URL" -c "SELECT string_agg(privilege_type, ',' ORDER BY privilege_type)
  FROM information_schema.role_table_grants WHERE grantee = '$APP' AND table_name = 'audit_auditevent'")"
[ "$grants" = "INSERT,SELECT" ] || { echo "the app role's audit grants are '$grants', not INSERT,SELECT"; exit 1; }
"$PY" manage.py collectstatic --noinput -v0
"$PY" manage.py check --deploy --fail-level ERROR >/dev/null 2>&1
"$PY" ops/scale/seed.py "${SCALE_USERS:-4}"

# --- The processes -----------------------------------------------------------------------------------------
WEB_PORTS=("$(free_port)" "$(free_port)")
export SR_SCALE_WEB_PORTS="${WEB_PORTS[*]}"
for i in 0 1; do
  "$PY" -m gunicorn config.wsgi:application --bind "127.0.0.1:${WEB_PORTS[$i]}" --workers 2 --timeout 60 \
    --graceful-timeout 5 \
    --control-socket "$SR_SCALE_RUN_DIR/gunicorn$i.ctl" >"$SR_SCALE_RUN_DIR/web$i.log" 2>&1 &
  PIDS+=($!)
done
for i in 1 2; do
  "$PY" manage.py rqworker default emails --job-class django_tasks_rq.Job --name "scale-worker-$i-$$" \
    >"$SR_SCALE_RUN_DIR/worker$i.log" 2>&1 &
  PIDS+=($!)
  echo $! >"$SR_SCALE_RUN_DIR/worker$i.pid"
done
( while true; do "$PY" manage.py tick >>"$SR_SCALE_RUN_DIR/tick.log" 2>&1 || echo "tick failed" >&2; sleep "${SCALE_TICK_SECONDS:-10}"; done ) &
PIDS+=($!)
for port in "${WEB_PORTS[@]}"; do
  for _ in $(seq 1 240); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" && break
    sleep 0.5
  done
  curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" || { echo "gunicorn on $port did not come up"; tail -30 "$SR_SCALE_RUN_DIR/web"*.log; exit 1; }
done
log "app on 127.0.0.1:${WEB_PORTS[0]} and :${WEB_PORTS[1]} (2 workers each), 2 RQ workers, tick every ${SCALE_TICK_SECONDS:-10} s"

status=0
case "$MODE" in
  smoke)
    "$PY" -m locust -f ops/scale/locustfile.py --headless --users "${SCALE_USERS:-4}" --spawn-rate 4 \
      --run-time "${SCALE_SECONDS:-75}s" --host "http://127.0.0.1:${WEB_PORTS[0]}" --only-summary \
      --stop-timeout 20 --csv "$SR_SCALE_RUN_DIR/locust" --loglevel WARNING || status=$?
    [ $status -eq 0 ] || log "locust reported failed requests (exit $status)"
    "$PY" ops/scale/report.py || status=1
    ;;
  faults)
    "$PY" ops/scale/faults.py || status=$?
    ;;
  serve)  # for working on the harness: keep everything up until Ctrl+C
    export -p | grep -E ' (SR_SCALE_|DJANGO_|DATABASE_URL|REDIS_URL|SECURE_|AUDIT_|STALE_|EMAIL_|LOG_)' \
      >"$SR_SCALE_RUN_DIR/env.sh"
    log "serving; environment in $SR_SCALE_RUN_DIR/env.sh"
    while true; do sleep 5; done
    ;;
  *) echo "usage: harness.sh smoke|faults|serve"; exit 2 ;;
esac
"$PY" manage.py verify_audit || { log "audit chain verification FAILED"; status=1; }
exit $status
