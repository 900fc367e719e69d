#!/bin/sh
# Debian packages for training/ (PyTorch and friends from Debian, for /usr/bin/python3; nothing
# installed by hand, no pip). Installs only what is missing. Needs root (or sudo).
set -eu
PKGS="python3-torch python3-torchvision python3-onnx python3-opencv python3-sklearn python3-scipy python3-numpy ffmpeg"
MISSING=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || MISSING="$MISSING $p"
done
if [ -z "$MISSING" ]; then
  echo "training packages: all installed"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update
# shellcheck disable=SC2086
$SUDO apt-get install -y --no-install-recommends $MISSING
/usr/bin/python3 -c "import torch, torchvision, onnx, cv2, sklearn, scipy; print('torch', torch.__version__)"
