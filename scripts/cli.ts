// `typed-torch <command>` from the sources, for a checkout (bin/typed-torch.mjs
// runs the compiled dist/): `tsx --conditions=typed-torch-source scripts/cli.ts run ...`.
import { main } from '../src/cli/main.ts';

process.exitCode = await main(process.argv.slice(2));
