#!/usr/bin/env bash
# Installs what the FastAPI example runs on, from Debian's (or Ubuntu's) own packages:
# python3-fastapi and python3-uvicorn for /usr/bin/python3. No pip, no virtualenv.
# Idempotent: when /usr/bin/python3 already imports both, it changes nothing.
#   sudo bash examples/fastapi-service/install.sh
set -euo pipefail

PYTHON=/usr/bin/python3
PACKAGES=(python3-fastapi python3-uvicorn)

installed() {
  [ -x "$PYTHON" ] && "$PYTHON" -c 'import fastapi, uvicorn' 2>/dev/null
}

versions() {
  "$PYTHON" -c 'import fastapi, uvicorn; print(f"fastapi {fastapi.__version__}, uvicorn {uvicorn.__version__}")'
}

if installed; then
  echo "fastapi-service: already installed for $PYTHON ($(versions))"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "fastapi-service: $PYTHON cannot import fastapi and uvicorn; install them as root:" >&2
  echo "  sudo bash $0" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "fastapi-service: $PYTHON cannot import fastapi and uvicorn, and there is no apt-get here;" >&2
  echo "  install FastAPI and uvicorn for $PYTHON with this system's package manager" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends "${PACKAGES[@]}"

if ! installed; then
  echo "fastapi-service: installed ${PACKAGES[*]}, yet $PYTHON still cannot import fastapi and uvicorn" >&2
  exit 1
fi
echo "fastapi-service: installed for $PYTHON ($(versions))"
