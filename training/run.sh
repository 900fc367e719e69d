#!/bin/sh
# The whole pipeline, from a built extension (npx wxt build) to models/telltale-blend.onnx and
# bench/out/blend-eval.json. Cached steps (landmarks, frames) are skipped when present.
# MINUTES=26 caps the training time; RUN names the output folder under training/out.
set -eu
cd "$(dirname "$0")/.."
SHARED=${TELLTALE_SHARED:-../shared}
MINUTES=${MINUTES:-26}
RUN=${RUN:-run1}
start=$(date +%s)
node scripts/dump-landmarks.mjs "$SHARED/corpus/faces/real"
bash training/extract-frames.sh
node scripts/dump-landmarks.mjs --frames bench/out/frames
cd training
nice -n 10 /usr/bin/python3 -m telltale_train.train --out "out/$RUN" --minutes "$MINUTES"
/usr/bin/python3 -m telltale_train.export "out/$RUN/model.pt" ../models/telltale-blend.onnx
/usr/bin/python3 -m telltale_train.evaluate ../models/telltale-blend.onnx --lomo --json ../bench/out/blend-eval.json
echo "done in $(( ($(date +%s) - start) / 60 )) min"
