#!/usr/bin/env bash
# dxnavi developer entry point. Two subcommands, both install everything they need first:
#   scripts/dev.sh serve   install, migrate SQLite, load content + demo data, serve 127.0.0.1:8000
#                          (HOST=0.0.0.0 PORT=8080 scripts/dev.sh serve: reachable from a phone on the network)
#   scripts/dev.sh test    install (incl. Chromium, PostgreSQL, Redis if absent), run the suite
#                          on SQLite and on PostgreSQL
# Works on a fresh Debian 12 machine as root; only the package registries are needed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
MODE="${1:-}"
export DJANGO_SETTINGS_MODULE=dxnavi.settings
export PIP_DISABLE_PIP_VERSION_CHECK=1

log() { printf '\n==> %s\n' "$*"; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  # Install only what is missing; apt-get update once, and only if something is missing.
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if [ "${#missing[@]}" -gt 0 ]; then
    log "apt-get install ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

pick_python() {
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      echo "$candidate"; return
    fi
  done
  echo "dxnavi needs Python 3.11 (Debian 12's python3)." >&2; exit 1
}

install_base() {
  # WeasyPrint needs Pango; IPAex fonts make Japanese PDFs; gettext compiles translations.
  local pkgs=(ca-certificates libpango-1.0-0 libpangoft2-1.0-0 fonts-ipaexfont-gothic fonts-ipaexfont-mincho gettext)
  command -v python3.11 >/dev/null || command -v python3 >/dev/null || pkgs+=(python3)
  python3 -c 'import venv, ensurepip' 2>/dev/null || pkgs+=(python3-venv)
  command -v npm >/dev/null || pkgs+=(nodejs npm)
  apt_install "${pkgs[@]}"
  local py; py="$(pick_python)"
  [ -x .venv/bin/python ] || { log "creating .venv"; "$py" -m venv .venv; }
  local req="requirements/$1.txt" stamp=".venv/.installed-$1"
  if [ ! -f "$stamp" ] || ! cmp -s "$req" "$stamp"; then
    log "pip install -r $req"
    .venv/bin/pip install -q -r "$req"
    cp "$req" "$stamp"
  fi
  # htmx is served by the app; axe-core (a dev dependency) is injected by the browser tests' accessibility checks.
  if [ ! -f node_modules/htmx.org/dist/htmx.min.js ] || [ ! -f node_modules/axe-core/axe.min.js ] \
    || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "npm ci (htmx, axe-core)"
    npm ci --no-audit --no-fund --silent
  fi
  log "compiling translations"
  .venv/bin/python manage.py compilemessages -v 0 --ignore=.venv --ignore=node_modules
}

port_open() { .venv/bin/python -c "import socket,sys; s=socket.socket(); s.settimeout(1); sys.exit(s.connect_ex(('127.0.0.1', $1)))"; }

ensure_postgres() {
  port_open 5432 && return
  log "PostgreSQL is not running: installing and starting it"
  apt_install postgresql
  local ver; ver="$(ls /etc/postgresql | sort -n | tail -1)"
  port_open 5432 || as_root pg_ctlcluster --skip-systemctl-redirect "$ver" main start || true
  for _ in $(seq 30); do port_open 5432 && break; sleep 1; done
  # A fresh cluster asks for passwords over TCP: give the postgres role the one the tests use.
  as_root su postgres -c "psql -q -c \"ALTER ROLE postgres PASSWORD 'postgres'\"" >/dev/null
  as_root su postgres -c "psql -q -tc \"SELECT 1 FROM pg_database WHERE datname='test'\" | grep -q 1 || createdb test"
}

ensure_redis() {
  port_open 6379 && return
  log "Redis is not running: installing and starting it"
  apt_install redis-server
  port_open 6379 && return  # the package's own start script may have started it
  as_root mkdir -p /var/lib/redis /var/log/redis
  as_root redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/dxnavi.log
  for _ in $(seq 30); do port_open 6379 && break; sleep 1; done
}

case "$MODE" in
  serve)
    install_base base
    # HOST and PORT (default 127.0.0.1:8000) are checked and turned into the runserver address, the
    # allowed hosts and the site URL by dxnavi/ops/devserver.py (tested there); a bad value stops here.
    serve_plan="$(.venv/bin/python -m dxnavi.ops.devserver)"
    { read -r serve_address; read -r serve_allowed_hosts; read -r serve_site_url; } <<<"$serve_plan"
    mkdir -p var
    log "migrating the SQLite database (var/dxnavi.sqlite3)"
    .venv/bin/python manage.py migrate -v 0
    .venv/bin/python manage.py load_content
    .venv/bin/python manage.py seed_demo
    log "serving http://$serve_address (Ctrl+C to stop)"
    .venv/bin/python -m dxnavi.ops.devserver --notes
    DXNAVI_ALLOWED_HOSTS="$serve_allowed_hosts" DXNAVI_SITE_URL="$serve_site_url" \
      exec .venv/bin/python manage.py runserver "$serve_address"
    ;;
  test)
    install_base dev
    apt_install chromium postgresql-client  # pg_dump/pg_restore: the backup/restore test
    ensure_postgres
    ensure_redis
    export DXNAVI_REQUIRE_SERVICES=1
    export DXNAVI_TEST_REDIS_URL="${DXNAVI_TEST_REDIS_URL:-redis://127.0.0.1:6379/15}"
    PG_URL="${DXNAVI_TEST_POSTGRES_URL:-postgres://postgres:postgres@127.0.0.1:5432/test}"
    # The PostgreSQL run gets its own Redis database so the two runs can go side by side.
    PG_REDIS_URL="${DXNAVI_TEST_REDIS_URL_POSTGRES:-redis://127.0.0.1:6379/14}"
    status=0
    if [ "$(nproc)" -ge 2 ]; then
      # Side by side, one core each; the PostgreSQL run's output is printed after the SQLite run's.
      mkdir -p var
      pg_log="var/test-postgresql.log"
      log "test suite on SQLite and on PostgreSQL, side by side (PostgreSQL output: $pg_log, printed below)"
      DATABASE_URL="$PG_URL" DXNAVI_TEST_REDIS_URL="$PG_REDIS_URL" \
        .venv/bin/python -m pytest -p no:cacheprovider "${@:2}" >"$pg_log" 2>&1 &
      pg_pid=$!
      log "test suite on SQLite"
      env -u DATABASE_URL .venv/bin/python -m pytest "${@:2}" || status=$?
      pg_status=0
      wait "$pg_pid" || pg_status=$?
      log "test suite on PostgreSQL"
      cat "$pg_log"
      [ "$pg_status" = 0 ] || status=$pg_status
    else
      log "test suite on SQLite"
      env -u DATABASE_URL .venv/bin/python -m pytest "${@:2}" || status=$?
      log "test suite on PostgreSQL"
      DATABASE_URL="$PG_URL" DXNAVI_TEST_REDIS_URL="$PG_REDIS_URL" .venv/bin/python -m pytest "${@:2}" || status=$?
    fi
    exit "$status"
    ;;
  *)
    echo "usage: scripts/dev.sh serve|test [pytest args]" >&2; exit 2 ;;
esac
