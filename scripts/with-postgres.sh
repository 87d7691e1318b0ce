#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster: initdb into a temporary directory, start it on a free
# loopback port (socket in the same directory), export TEST_DATABASE_URL, run the command, then stop the
# cluster and delete its directory — also when the command fails or the script is interrupted.
# Usage: bash scripts/with-postgres.sh <command...>     (exits with the command's exit code)
# The server tests create their own database inside this cluster and drop it afterwards.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: scripts/with-postgres.sh <command...>" >&2
  exit 2
fi

bindir="${PG_BINDIR:-}"
if [ -z "$bindir" ]; then
  for candidate in /usr/lib/postgresql/*/bin; do
    [ -x "$candidate/initdb" ] && bindir="$candidate"
  done
fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "with-postgres: PostgreSQL is not installed (install it with: sudo apt-get install -y postgresql)" >&2
  exit 1
fi

# initdb refuses to run as root: as root the cluster belongs to the 'postgres' user.
as_owner() { "$@"; }
if [ "$(id -u)" = "0" ]; then
  id postgres >/dev/null 2>&1 || { echo "with-postgres: running as root, but there is no 'postgres' user" >&2; exit 1; }
  as_owner() { runuser -u postgres -- "$@"; }
fi

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

tmp="$(mktemp -d "${TMPDIR:-/tmp}/tsunagi-pg.XXXXXX")"
chmod 755 "$tmp"
[ "$(id -u)" = "0" ] && chown postgres "$tmp"
started=0

cleanup() {
  if [ "$started" = "1" ]; then
    as_owner "$bindir/pg_ctl" -D "$tmp/db" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

as_owner "$bindir/initdb" -D "$tmp/db" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1 || {
  cat "$tmp/initdb.log" >&2
  exit 1
}

port=""
for _ in 1 2 3; do
  port="$(free_port)"
  if as_owner "$bindir/pg_ctl" -D "$tmp/db" -l "$tmp/server.log" -w -t 30 \
    -o "-p $port -k $tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null; then
    started=1
    break
  fi
done
if [ "$started" != "1" ]; then
  echo "with-postgres: could not start PostgreSQL:" >&2
  cat "$tmp/server.log" >&2 || true
  exit 1
fi

export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
echo "with-postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (TEST_DATABASE_URL set)" >&2

set +e
"$@"
status=$?
set -e
exit "$status"
