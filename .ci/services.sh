# Sourced by .ci/run: starts a private PostgreSQL and a private CUPS for this run, and
# stops them when the run ends.
#
# Both live under one temporary folder with their own configuration, data, sockets and
# free ports, so the run neither collides with servers already on the machine (a system
# cupsd, another engineer's private cupsd, a PostgreSQL on 5432) nor leaves any behind.
# Nothing is found "by process name": we start exactly the processes we stop.
#
#   start_services   start both, export KIOSK_TEST_PG_URL, CUPS_SERVER, KIOSK_TEST_PRINTER,
#                    KIOSK_TEST_CUPS_OUT, KIOSK_TEST_CUPS_SPOOL, and set an EXIT trap that calls stop_services
#   stop_services    stop what start_services started and remove the temporary folder
#
# cups-pdf reads its configuration from a path compiled into the backend (/etc/cups:
# cups-pdf.conf, or cups-pdf-NAME.conf for a device URI cups-pdf:/NAME), and a PPD can
# override Out but cannot hold a '/' in a default value. So our cupsd runs in a private
# mount namespace where a temporary folder is bind-mounted over /etc/cups: the backend
# reads our cups-pdf-NAME.conf, the machine's /etc/cups is never written. Where mount
# namespaces are not allowed, the instance file is written to /etc/cups under a name
# unique to this run and removed when it ends (KIOSK_CI_NO_NAMESPACE=1 forces that way).

CI_SERVICES_DIR=""
CI_PG_DATA=""
CI_PG_BIN=""
CI_PG_USER=""
CI_CUPSD_PID=""
CI_CUPS_PDF_CONF=""

_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Runs a command as the PostgreSQL owner: PostgreSQL refuses to run as root.
_as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$CI_PG_USER" -- "$@"
  else
    "$@"
  fi
}

_services_dir() {
  if [ -z "$CI_SERVICES_DIR" ]; then
    CI_SERVICES_DIR=$(mktemp -d "${TMPDIR:-/tmp}/kci.XXXXXX")
    chmod 755 "$CI_SERVICES_DIR" # the postgres and lp users walk through it
  fi
}

start_postgres() {
  local ver dir port
  ver=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -1)
  [ -n "$ver" ] || { echo "services: PostgreSQL not installed" >&2; return 1; }
  CI_PG_BIN=/usr/lib/postgresql/$ver/bin
  CI_PG_USER=$(id -un)
  if [ "$(id -u)" -eq 0 ]; then
    CI_PG_USER=postgres
    id postgres >/dev/null 2>&1 || { echo "services: no 'postgres' user to run PostgreSQL as" >&2; return 1; }
  fi
  _services_dir
  dir=$CI_SERVICES_DIR/pg
  mkdir -p "$dir"
  chown "$CI_PG_USER" "$dir"
  chmod 700 "$dir"
  CI_PG_DATA=$dir/data
  _as_pg "$CI_PG_BIN/initdb" -D "$CI_PG_DATA" -U postgres -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; echo "services: initdb failed" >&2; return 1; }
  port=$(_free_port)
  # Our own port and socket folder; fsync off: the cluster is thrown away after the run.
  if ! _as_pg "$CI_PG_BIN/pg_ctl" -D "$CI_PG_DATA" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null; then
    cat "$dir/server.log" >&2
    echo "services: PostgreSQL did not start" >&2
    return 1
  fi
  _as_pg "$CI_PG_BIN/psql" -h "$dir" -p "$port" -U postgres -qc "create role kiosk login password 'kiosk' createdb" >/dev/null
  _as_pg "$CI_PG_BIN/createdb" -h "$dir" -p "$port" -U postgres -O kiosk kiosk_test
  export KIOSK_TEST_PG_URL="postgresql+psycopg://kiosk:kiosk@127.0.0.1:$port/kiosk_test"
  echo "services: PostgreSQL $ver (private, $CI_PG_DATA) on 127.0.0.1:$port"
}

_write_cups_config() {
  local dir=$1 port=$2
  cat >"$dir/cupsd.conf" <<EOF
# Private cupsd for one CI run: our own socket and port, reachable from this machine only.
LogLevel warn
Listen $dir/cups.sock
Listen 127.0.0.1:$port
Browsing No
WebInterface No
DefaultShared No
<Location />
  Order allow,deny
  Allow localhost
</Location>
<Policy default>
  JobPrivateAccess default
  JobPrivateValues default
  SubscriptionPrivateAccess default
  SubscriptionPrivateValues default
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
EOF
  cat >"$dir/cups-files.conf" <<EOF
ServerRoot $dir/etc
RequestRoot $dir/spool
CacheDir $dir/cache
StateDir $dir/state
TempDir $dir/tmp
AccessLog $dir/log/access_log
ErrorLog $dir/log/error_log
PageLog $dir/log/page_log
Printcap
FileDevice No
EOF
  # Read by the cups-pdf backend (see the note at the top).
  cat >"$dir/cups-pdf/cups-pdf-$3.conf" <<EOF
Out $KIOSK_TEST_CUPS_OUT
Spool $dir/cups-pdf-spool
AnonDirName $KIOSK_TEST_CUPS_OUT
Log $dir/log
Grp lp
DecodeHexStrings 1
EOF
}

start_cups() {
  local dir port instance
  command -v cupsd >/dev/null || { echo "services: CUPS not installed" >&2; return 1; }
  [ -x /usr/lib/cups/backend/cups-pdf ] || { echo "services: cups-pdf not installed" >&2; return 1; }
  _services_dir
  dir=$CI_SERVICES_DIR/cups
  mkdir -p "$dir"/{etc,spool,cache,state,tmp,log,out,cups-pdf,cups-pdf-spool}
  chgrp lp "$dir"/{spool,cache,state,tmp} 2>/dev/null || true
  chmod 1777 "$dir/out" "$dir/tmp"
  export KIOSK_TEST_CUPS_OUT=$dir/out
  export KIOSK_TEST_CUPS_SPOOL=$dir/spool
  port=$(_free_port)
  instance=kci${CI_SERVICES_DIR##*.}
  _write_cups_config "$dir" "$port" "$instance"
  # Clients (lp, lpstat, lpadmin, and the kiosk through them) talk to our cupsd only.
  export CUPS_SERVER=$dir/cups.sock
  if [ -z "${KIOSK_CI_NO_NAMESPACE:-}" ] && unshare --mount --propagation private true 2>/dev/null; then
    unshare --mount --propagation private -- sh -c \
      'mount --bind "$1" /etc/cups && exec cupsd -f -c "$2/cupsd.conf" -s "$2/cups-files.conf"' \
      sh "$dir/cups-pdf" "$dir" >"$dir/log/cupsd.out" 2>&1 &
  else
    CI_CUPS_PDF_CONF=/etc/cups/cups-pdf-$instance.conf
    cp "$dir/cups-pdf/cups-pdf-$instance.conf" "$CI_CUPS_PDF_CONF"
    cupsd -f -c "$dir/cupsd.conf" -s "$dir/cups-files.conf" >"$dir/log/cupsd.out" 2>&1 &
  fi
  CI_CUPSD_PID=$!
  for _ in $(seq 50); do
    [ -S "$CUPS_SERVER" ] && lpstat -r 2>/dev/null | grep -q "is running" && break
    kill -0 "$CI_CUPSD_PID" 2>/dev/null || break
    sleep 0.2
  done
  if ! lpstat -r 2>/dev/null | grep -q "is running"; then
    cat "$dir/log/cupsd.out" "$dir/log/error_log" 2>/dev/null >&2
    echo "services: our cupsd did not start" >&2
    return 1
  fi
  lpadmin -p PDF -v "cups-pdf:/$instance" -m lsb/usr/cups-pdf/CUPS-PDF_opt.ppd -E 2>&1 |
    grep -v "deprecated" >&2 || true
  lpstat -p PDF >/dev/null || { echo "services: printer PDF was not created" >&2; return 1; }
  export KIOSK_TEST_PRINTER=PDF
  echo "services: CUPS (private, pid $CI_CUPSD_PID) on $CUPS_SERVER and 127.0.0.1:$port," \
       "printer PDF writing to $KIOSK_TEST_CUPS_OUT"
}

# Whether process $1 still runs (a zombie waiting for its parent to reap it does not).
_running() {
  [ -r "/proc/$1/stat" ] && [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" != Z ]
}

stop_services() {
  if [ -n "$CI_CUPSD_PID" ]; then
    kill "$CI_CUPSD_PID" 2>/dev/null && wait "$CI_CUPSD_PID" 2>/dev/null
    CI_CUPSD_PID=""
  fi
  if [ -n "$CI_CUPS_PDF_CONF" ]; then
    rm -f "$CI_CUPS_PDF_CONF"
    CI_CUPS_PDF_CONF=""
  fi
  if [ -n "$CI_PG_DATA" ] && [ -f "$CI_PG_DATA/postmaster.pid" ]; then
    local pid
    pid=$(head -1 "$CI_PG_DATA/postmaster.pid")
    _as_pg "$CI_PG_BIN/pg_ctl" -D "$CI_PG_DATA" -m immediate -w stop >/dev/null 2>&1 || true
    # pg_ctl returns once the pid file is gone; the postmaster may still be exiting
    for _ in $(seq 100); do _running "$pid" || break; sleep 0.1; done
  fi
  CI_PG_DATA=""
  if [ -n "$CI_SERVICES_DIR" ]; then
    rm -rf "$CI_SERVICES_DIR"
    CI_SERVICES_DIR=""
  fi
}

start_services() {
  trap stop_services EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  start_postgres
  start_cups
}
