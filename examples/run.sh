#!/usr/bin/env bash
# Installs what is missing, builds the extension, and runs the echo server
# (examples/echo_server.php, 127.0.0.1:9501) in the foreground. Try it with
#   nc 127.0.0.1 9501
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
bash tools/setup.sh
exec php -d "extension=$REPO/modules/swoole.so" examples/echo_server.php
