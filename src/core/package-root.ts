// Where the package's own files are: the addon build, the templates and the
// vendored data. Every module under src/ sits one folder deep (src/core,
// src/cli, ...) in a checkout and likewise under dist/ in the installed
// package, so the root is two levels above this file either way.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: the checkout, or node_modules/typed-torch when installed. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The vendored datasets (data/, see data/README.md for their origins). */
export const PACKAGE_DATA = join(PACKAGE_ROOT, 'data');
