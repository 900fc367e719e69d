/** Whether /usr/bin/python3 (Debian's, with python3-torch) can run the training code. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const PYTHON = process.env.TELLTALE_PYTHON ?? '/usr/bin/python3';

/** null when torch, torchvision, onnx and cv2 import; else why not. */
export function pythonMissing(): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const r = spawnSync(PYTHON, ['-c', 'import torch, torchvision, onnx, cv2, sklearn'], {
    encoding: 'utf8',
  });
  return r.status === 0
    ? null
    : `${PYTHON} lacks the training packages (run training/setup.sh): ${r.stderr.trim().split('\n').at(-1)}`;
}
