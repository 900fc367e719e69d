#!/bin/bash
# Frames for evaluation: 1 frame/s, at most 16 per video, native size, PNG, under
# bench/out/frames/{corpus,fixtures}/<file>/NNN.png (gitignored; the media are research-only and
# never committed). Fixture still images are copied as one-frame "videos".
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${TELLTALE_SHARED:-../shared}
out=bench/out/frames
for f in "$SHARED"/corpus/*.mp4 "$SHARED"/fixtures/media/*.mp4 "$SHARED"/fixtures/media/*.webm; do
  b=$(basename "$f"); src=corpus; [[ $f == */fixtures/* ]] && src=fixtures
  d=$out/$src/$b; mkdir -p "$d"
  [ -n "$(ls -A "$d")" ] && continue
  ffmpeg -loglevel error -i "$f" -vf fps=1 -frames:v 16 "$d/%03d.png"
done
for f in "$SHARED"/fixtures/media/image__*.jpg; do
  d=$out/fixtures/$(basename "$f"); mkdir -p "$d"; cp "$f" "$d/001.jpg"
done
echo "frames in $out"
