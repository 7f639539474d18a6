// Python torch as an independent oracle: Debian's python3-torch runs the
// same libtorch. Each call starts one interpreter (torch imports in ~1 s), so
// tests batch their questions into one script.
import { execFileSync } from 'node:child_process';

export const PYTHON = '/usr/bin/python3';

/**
 * Runs a Python snippet with `torch` imported and returns what it assigns to
 * `out` (JSON-encoded; tensors become nested lists via .tolist()).
 */
export function py<T = unknown>(code: string): T {
  const script = `
import json, torch
torch.set_num_threads(1)
def _enc(v):
    if isinstance(v, torch.Tensor):
        return v.detach().tolist()
    if isinstance(v, (list, tuple)):
        return [_enc(x) for x in v]
    if isinstance(v, dict):
        return {k: _enc(x) for k, x in v.items()}
    return v
out = None
${code}
print(json.dumps(_enc(out)))
`;
  const stdout = execFileSync(PYTHON, ['-c', script], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return JSON.parse(stdout) as T;
}
