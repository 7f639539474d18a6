#!/usr/bin/env node
// Compiles src/ into dist/: ESM JavaScript, declarations and source maps
// (with the sources inlined, since src/ is not shipped). This is what the
// package's `exports` point at; `npm pack` runs it (prepack).
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
rmSync(join(root, 'dist'), { recursive: true, force: true });
const r = spawnSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);
