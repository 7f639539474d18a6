#!/usr/bin/env node
// The package's command line: `npx typed-torch <command>`. `build` compiles
// the native addon (the install script's step, by hand); the other commands
// live in dist/cli (compiled from src/cli).
const [command, ...rest] = process.argv.slice(2);
if (command === 'build') {
  process.argv = [process.argv[0], process.argv[1], ...rest];
  await import('../scripts/install.mjs');
} else {
  const { main } = await import('../dist/cli/main.js');
  process.exitCode = await main(process.argv.slice(2));
}
