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
