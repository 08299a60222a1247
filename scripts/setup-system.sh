#!/usr/bin/env bash
# Install and start the system pieces rlvr's tests need; skip whatever is already there.
set -euo pipefail
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
apt_updated=0
need_pkg() {  # need_pkg BINARY PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ $apt_updated -eq 0 ]; then $SUDO apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$2" >/dev/null
}
need_pkg bwrap bubblewrap
echo "setup-system: bubblewrap $(bwrap --version | awk '{print $2}')"

# docker: the engine (docker.io ships dockerd, containerd and runc), running, and the sandbox image.
need_pkg dockerd docker.io
if ! docker info >/dev/null 2>&1; then
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    $SUDO systemctl start docker
  else  # no systemd (containers, CI runners): start the daemon ourselves, logging beside it
    $SUDO sh -c 'nohup dockerd >/var/log/rlvr-dockerd.log 2>&1 &'
  fi
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { echo "setup-system: dockerd did not start; see /var/log/rlvr-dockerd.log" >&2; exit 1; }
fi
echo "setup-system: docker $(docker version --format '{{.Server.Version}}')"
# The image is built from this machine's python3 (sandboxes/build-image.sh): no registry pull.
image="$(bash "$(dirname "$0")/../sandboxes/build-image.sh")"  # an assignment, so a failed build stops us (set -e)
echo "setup-system: sandbox image $image"
