#!/usr/bin/env bash
# The README's first command: from a fresh host (or a laptop that already has everything) to a running stack.
#   1. prepares the host where it must (scripts/prepare-host.sh: Docker engine, compose v2, npm), through sudo
#      only when this user is not root and something is missing;
#   2. installs the project (npm ci), which brings its own Node (a pinned devDependency) for every npm script;
#   3. pulls or builds the stack's images, with progress (npm run images);
#   4. starts the stack and prints every URL and where the Grafana password is (npm run stack:up).
# Every step is skipped or quick when it has nothing to do, so running it again is cheap.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*"; }
# A user just given Docker is not in the docker group yet; only a new login session picks the group up.
docker_group_hint() {
  if [ "$(id -u)" -ne 0 ] && docker info 2>&1 | grep -qi 'permission denied'; then
    say "Docker is running but $(id -un) may not use it: run \`sudo usermod -aG docker $(id -un)\`, log in again, then run \`bash scripts/setup.sh\` again."
    exit 1
  fi
}

docker_group_hint
if ! bash scripts/prepare-host.sh --check; then
  say "preparing the host (scripts/prepare-host.sh)"
  if [ "$(id -u)" -eq 0 ]; then
    bash scripts/prepare-host.sh
  elif command -v sudo >/dev/null; then
    sudo bash scripts/prepare-host.sh
  else
    say "this host needs preparing and $(id -un) is not root and has no sudo: run \`bash scripts/setup.sh\` as root."
    exit 1
  fi
  docker_group_hint
fi

# npm ci wipes node_modules and reinstalls; skip it when node_modules was installed from these very files.
stamp=node_modules/.setup-installed-from
installed_from=$(cat package.json package-lock.json | sha256sum)
if [ "$(cat "$stamp" 2>/dev/null)" != "$installed_from" ] || ! node_modules/.bin/node --version >/dev/null 2>&1; then
  say "installing the project and its Node (npm ci)"
  # Errors only: on an older host Node, npm warns about every package that wants Node 22, which the project's own
  # Node then satisfies.
  npm ci --no-audit --no-fund --loglevel=error
  echo "$installed_from" >"$stamp"
fi

npm run images
npm run stack:up
