#!/usr/bin/env bash
# Prepares a Debian host (as CI's fresh machines are) to run the harness: Docker engine (the newest Debian
# stable's docker.io, pinned in stack/versions.env) started and answering, `docker compose` v2, debootstrap for local base images and libsystemd's headers for the local Alloy build, and npm (which installs the
# project's own Node, a devDependency). Idempotent and quiet when there is nothing to do.
# A laptop that already has Docker and npm needs none of this. scripts/setup.sh runs it (as root) when needed.
#
#   scripts/prepare-host.sh          prepare the host
#   scripts/prepare-host.sh --check  change nothing; exit 1 when the host needs preparing
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../stack/versions.env
source "$here/stack/versions.env"

cache="${OBS_HARNESS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/obs-harness}"
log_dir="$cache/logs"
step() { printf 'prepare-host: %s\n' "$*" >&2; }
fail() { printf 'prepare-host: error: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }
apt_updated=0
apt_install() {
  is_root || fail "missing $* and not root: install it with your package manager"
  command -v apt-get >/dev/null || fail "missing $* and this host has no apt-get: install it by hand"
  if [ "$apt_updated" -eq 0 ]; then
    step "apt-get update"
    apt-get update -q >/dev/null
    apt_updated=1
  fi
  step "installing $*"
  # No recommends: a newer suite's recommends (trixie's docker-cli) would displace the host's docker.io.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null
}

# The host's own Debian mirror, read from its apt configuration, so no mirror is named in this repo.
debian_mirror() {
  local uri
  uri=$(grep -rhs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -n1)
  [ -n "$uri" ] || uri=$(grep -hs '^deb ' /etc/apt/sources.list | awk '{print $2}' | grep -v security | head -n1)
  [ -n "$uri" ] || fail "cannot find a Debian mirror in /etc/apt/sources.list*"
  echo "$uri"
}

# Packages from a newer suite, pinned low so that nothing else is ever upgraded from it.
add_suite() {
  local suite=$1 list="/etc/apt/sources.list.d/obs-harness-$1.sources"
  [ -f "$list" ] && return 0
  step "adding Debian $suite (pinned, used only for named packages)"
  cat >"$list" <<EOF
Types: deb
URIs: $(debian_mirror)
Suites: $suite
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  printf 'Package: *\nPin: release n=%s\nPin-Priority: 100\n' "$suite" >"/etc/apt/preferences.d/obs-harness-$suite"
  apt_updated=0
}

# debootstrap makes a root file system, so it runs as root only: it matters only to root on a Debian host (CI's
# fresh machines), and a user's laptop, which pulls the official images, is never asked for it.
needs_debootstrap() { is_root && command -v apt-get >/dev/null && ! command -v debootstrap >/dev/null; }
# Alloy's journal reader (go-systemd's sdjournal) compiles against libsystemd's headers when Alloy is built here;
# at run time it opens the image's libsystemd0.
needs_systemd_headers() { is_root && command -v apt-get >/dev/null && [ ! -f /usr/include/systemd/sd-journal.h ]; }

# Debian's engine older than the pinned one: only root on a Debian host upgrades it. An engine that is not Debian's
# (Docker Desktop, docker-ce) is the user's to keep; the harness warns when it is older than 28.
installed_docker_io() { dpkg-query -W -f '${Version}' docker.io 2>/dev/null || true; }
needs_engine_upgrade() {
  local have
  is_root && command -v apt-get >/dev/null || return 1
  have=$(installed_docker_io)
  [ -n "$have" ] && dpkg --compare-versions "$have" lt "$DOCKER_DEBIAN_PACKAGE"
}

if [ "${1:-}" = "--check" ]; then
  docker info >/dev/null 2>&1 && docker compose version >/dev/null 2>&1 && command -v npm >/dev/null &&
    ! needs_debootstrap && ! needs_systemd_headers && ! needs_engine_upgrade
  exit
fi

# 1. Docker engine and CLI.
engine_upgraded=0
if { ! docker info >/dev/null 2>&1 && ! command -v dockerd >/dev/null; } || needs_engine_upgrade; then
  if is_root && command -v apt-get >/dev/null; then
    add_suite "$DOCKER_DEBIAN_SUITE"
    apt_install "docker.io=$DOCKER_DEBIAN_PACKAGE" "docker-cli=$DOCKER_DEBIAN_PACKAGE"
    engine_upgraded=1
  else
    apt_install docker.io
  fi
fi

# 2. docker compose v2 (testcontainers drives `docker compose`).
if ! docker compose version >/dev/null 2>&1; then
  add_suite "$DOCKER_COMPOSE_DEBIAN_SUITE"
  apt_install "docker-compose=$DOCKER_COMPOSE_DEBIAN_PACKAGE"
  # Debian ships the plugin where the distribution's docker looks; a docker CLI installed elsewhere looks here too.
  if ! docker compose version >/dev/null 2>&1; then
    mkdir -p /usr/local/lib/docker/cli-plugins
    ln -sf "$(command -v docker-compose)" /usr/local/lib/docker/cli-plugins/docker-compose
  fi
  docker compose version >/dev/null 2>&1 || fail "docker compose v2 is still missing after installing docker-compose"
fi

# 3. debootstrap makes the Debian base image that locally built images start from.
if needs_debootstrap; then apt_install debootstrap; fi
if needs_systemd_headers; then apt_install libsystemd-dev; fi

# 4. The Docker engine answering. Started fully detached so that no caller waits on it.
pidfile=/var/run/docker.pid
# A pid file is stale unless its pid is a live dockerd: a killed dockerd can linger as a zombie, and after a
# restart of the machine the pid may belong to something else.
live_dockerd() { [ "$(ps -o comm= -p "$1" 2>/dev/null)" = dockerd ] && ! ps -o stat= -p "$1" | grep -q '^Z'; }
# An engine still running the binary the upgrade replaced is restarted, unless it runs containers (a user's work).
if [ "$engine_upgraded" -eq 1 ] && docker info >/dev/null 2>&1 && [ -f "$pidfile" ]; then
  if [ -z "$(docker ps -q)" ]; then
    step "restarting dockerd to run the upgraded engine"
    old=$(cat "$pidfile")
    kill "$old"
    for _ in $(seq 1 30); do
      live_dockerd "$old" || break
      sleep 1
    done
  else
    step "the engine was upgraded; dockerd keeps running the old one until it restarts (containers are running)"
  fi
fi
if ! docker info >/dev/null 2>&1; then
  is_root || fail "the Docker engine is not running and this user cannot start it: start it (systemctl start docker)"
  if [ -f "$pidfile" ] && ! live_dockerd "$(cat "$pidfile")"; then
    step "removing stale $pidfile left by a dockerd that is gone"
    rm -f "$pidfile"
  fi
  mkdir -p "$log_dir"
  step "starting dockerd (log: $log_dir/dockerd.log)"
  setsid dockerd </dev/null >>"$log_dir/dockerd.log" 2>&1 &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  docker info >/dev/null 2>&1 || fail "dockerd did not answer within 60 s; last lines of its log:
$(tail -n 20 "$log_dir/dockerd.log")"
fi

# 5. npm, to install the project and with it the project's own Node (package.json pins it as a devDependency),
# so the Node this host has matters only as far as npm needs it.
command -v npm >/dev/null || apt_install npm
exit 0
