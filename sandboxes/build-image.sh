#!/usr/bin/env bash
# Build the docker image rlvr's `docker` sandbox backend runs, from files already on this machine:
# no registry pull. The image holds one python3 (this host's /usr/bin/python3 by default), its standard
# library, the shared libraries they link, an /etc/passwd naming the sandbox user, and nothing else
# (the interpreter is reached as /usr/bin/python3 inside, wherever it lives on the host):
# no shell, no package manager, no compilers. It is tagged with a hash of this recipe and of the
# interpreter, so a second run finds the tag and returns at once.
#
#   bash sandboxes/build-image.sh [PYTHON]      # prints the image name it built or found
set -euo pipefail
DEFAULT_PY=/usr/bin/python3
[ -x "$DEFAULT_PY" ] || DEFAULT_PY="$(python3 -c 'import sys; print(sys.executable)')"  # e.g. pyenv, no system python
PY="$(readlink -f "${1:-$DEFAULT_PY}")"
IMAGE="${RLVR_SANDBOX_IMAGE:-rlvr-sandbox}"
[ -x "$PY" ] || { echo "build-image: $PY is not an executable python3" >&2; exit 1; }
STDLIB="$("$PY" -I -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')"
DYNLOAD="$("$PY" -I -c 'import sysconfig; print(sysconfig.get_config_var("DESTSHARED") or "")')"
TAG="$( (cat "$0"; "$PY" -I -c 'import sys; print(sys.version)'; stat -c '%s %Y' "$PY" "$STDLIB") | sha256sum | cut -c1-12)"
if docker image inspect "$IMAGE:$TAG" >/dev/null 2>&1; then
  docker tag "$IMAGE:$TAG" "$IMAGE:latest"
  echo "$IMAGE:$TAG"; exit 0
fi
ROOT="$(mktemp -d /tmp/rlvr-rootfs.XXXXXX)"
trap 'rm -rf "$ROOT"' EXIT
copy() {  # copy a file (following symlinks) to the same path under $ROOT
  mkdir -p "$ROOT$(dirname "$1")"; cp -L --preserve=mode "$1" "$ROOT$1"
}
copy_libs() {  # every shared library the given ELF files link, at its host path
  ldd "$@" 2>/dev/null | awk '/=> \//{print $3} /^[ \t]*\/.*ld-linux/{print $1}' | sort -u | while read -r lib; do
    [ -e "$ROOT$lib" ] || copy "$lib"
  done
}
copy "$PY"
mkdir -p "$ROOT/usr/bin"; ln -sf "$PY" "$ROOT/usr/bin/python3"
# The standard library without its test suite, idle and tkinter (none of them run headless and sandboxed).
mkdir -p "$ROOT$STDLIB"
tar -C "$STDLIB" --exclude=./test --exclude=./idlelib --exclude=./tkinter --exclude=./turtledemo \
    --exclude=./ensurepip --exclude='*/__pycache__/*.opt-*.pyc' -cf - . | tar -C "$ROOT$STDLIB" -xf -
[ -n "$DYNLOAD" ] && [ -d "$DYNLOAD" ] && [ ! -d "$ROOT$DYNLOAD" ] && { mkdir -p "$ROOT$DYNLOAD"; cp -a "$DYNLOAD/." "$ROOT$DYNLOAD/"; }
copy_libs "$PY" $(find "$ROOT$STDLIB" "${DYNLOAD:+$ROOT$DYNLOAD}" -name '*.so' 2>/dev/null | sed "s#^$ROOT##")
for lib64 in /lib64 /usr/lib64; do [ -L "$lib64" ] && [ ! -e "$ROOT$lib64" ] && ln -s "$(readlink "$lib64")" "$ROOT$lib64"; done
mkdir -p "$ROOT/etc" "$ROOT/work" "$ROOT/tmp" "$ROOT/run/rlvr" "$ROOT/proc" "$ROOT/dev" "$ROOT/sys"
chmod 1777 "$ROOT/tmp"
printf 'root:x:0:0:root:/root:/usr/sbin/nologin\nsandbox:x:1000:1000:sandbox:/work:/usr/sbin/nologin\n' > "$ROOT/etc/passwd"
printf 'root:x:0:\nsandbox:x:1000:\n' > "$ROOT/etc/group"
ldconfig -r "$ROOT" 2>/dev/null || true
tar -C "$ROOT" --numeric-owner --owner=0 --group=0 -cf - . \
  | docker import --change 'USER 1000:1000' --change 'WORKDIR /work' --change 'ENV PATH=/usr/bin' \
      --change 'LABEL org.rlvr.sandbox-image=1' - "$IMAGE:$TAG" >/dev/null
docker tag "$IMAGE:$TAG" "$IMAGE:latest"
# Older builds of this recipe: drop their tags (an image a running container still uses stays).
# (`|| true`: grep finds none on a first build, and pipefail would end the script before the echo below)
{ docker images "$IMAGE" --format '{{.Tag}}' | grep -vx -e latest -e "$TAG" || true; } | while read -r old; do
  docker rmi "$IMAGE:$old" >/dev/null 2>&1 || true
done
echo "$IMAGE:$TAG"
