# Sourced by .ci/run: starts the services the tests need and exports where they are.
# PostgreSQL runs as the non-root 'postgres' user; CUPS runs cupsd without systemd.

start_postgres() {
  command -v pg_lsclusters >/dev/null || { echo "services: PostgreSQL not installed" >&2; return 1; }
  local ver
  ver=$(ls /usr/lib/postgresql | sort -V | tail -1)
  if ! pg_lsclusters -h | grep -q "^$ver main"; then
    pg_createcluster "$ver" main >/dev/null
  fi
  pg_ctlcluster "$ver" main start 2>/dev/null || true
  for _ in $(seq 30); do
    su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1 && break
    sleep 0.5
  done
  su postgres -c "psql -qtAc \"select 1 from pg_roles where rolname='kiosk'\"" | grep -q 1 ||
    su postgres -c "psql -qc \"create role kiosk login password 'kiosk' createdb\""
  su postgres -c "psql -qtAc \"select 1 from pg_database where datname='kiosk_test'\"" | grep -q 1 ||
    su postgres -c "createdb -O kiosk kiosk_test"
  export KIOSK_TEST_PG_URL="postgresql+psycopg://kiosk:kiosk@127.0.0.1:5432/kiosk_test"
  echo "services: PostgreSQL $ver on 127.0.0.1:5432"
}

start_cups() {
  command -v cupsd >/dev/null || { echo "services: CUPS not installed" >&2; return 1; }
  export KIOSK_TEST_CUPS_OUT=/var/spool/cups-pdf-kiosk
  mkdir -p /run/cups "$KIOSK_TEST_CUPS_OUT"
  chmod 1777 "$KIOSK_TEST_CUPS_OUT"
  if [ -f /etc/cups/cups-pdf.conf ]; then
    sed -i "s|^#\?Out .*|Out $KIOSK_TEST_CUPS_OUT|" /etc/cups/cups-pdf.conf
  fi
  pgrep -x cupsd >/dev/null || cupsd
  for _ in $(seq 30); do lpstat -r 2>/dev/null | grep -q "is running" && break; sleep 0.3; done
  lpstat -p PDF >/dev/null 2>&1 ||
    lpadmin -p PDF -v cups-pdf:/ -m lsb/usr/cups-pdf/CUPS-PDF_opt.ppd -E
  export KIOSK_TEST_PRINTER=PDF
  echo "services: CUPS with printer PDF writing to $KIOSK_TEST_CUPS_OUT"
}

start_services() {
  start_postgres
  start_cups
}
