# Sourced by .ci/run: a dedicated user with its own virtualenv, for the test that runs
# `kiosk run` inside the cage kiosk compositor (headless wlroots). cage refuses to run as
# root, and root's Python may live where that user cannot read it, so the user's venv is
# built from Debian's /usr/bin/python3 with the project's runtime dependencies only (the
# test copies the package itself next to it).
CAGE_USER=kioskcage
CAGE_HOME=/var/tmp/lobby-kiosk-cage

prepare_cage_user() {
  command -v cage >/dev/null && command -v grim >/dev/null || { echo "cage: cage or grim not installed" >&2; return 1; }
  id "$CAGE_USER" >/dev/null 2>&1 ||
    useradd --system --home-dir "$CAGE_HOME" --shell /usr/sbin/nologin "$CAGE_USER"
  mkdir -p "$CAGE_HOME"
  chown "$CAGE_USER" "$CAGE_HOME"
  chmod 755 "$CAGE_HOME"
  local reqs stamp
  reqs=$(/usr/bin/python3 -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))")
  stamp="$CAGE_HOME/venv/.installed-$(printf '%s' "$reqs" | sha256sum | cut -c1-16)"
  if [ ! -e "$stamp" ]; then
    rm -rf "$CAGE_HOME/venv"
    printf '%s\n' "$reqs" >"$CAGE_HOME/requirements.txt"
    runuser -u "$CAGE_USER" -- /usr/bin/python3 -m venv "$CAGE_HOME/venv"
    runuser -u "$CAGE_USER" -- env HOME="$CAGE_HOME" "$CAGE_HOME/venv/bin/pip" install -q --disable-pip-version-check \
      -r "$CAGE_HOME/requirements.txt" || { echo "cage: pip install for $CAGE_USER failed" >&2; return 1; }
    runuser -u "$CAGE_USER" -- touch "$stamp"
  fi
  export KIOSK_TEST_CAGE_USER="$CAGE_USER" KIOSK_TEST_CAGE_PYTHON="$CAGE_HOME/venv/bin/python"
  echo "services: cage test user $CAGE_USER with $KIOSK_TEST_CAGE_PYTHON"
}
