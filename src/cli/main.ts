// `npx typed-torch <command>`: init and help need no native code; jit-types
// loads the addon when it runs.
import { init, TEMPLATES } from './init.ts';
import { UsageError } from './args.ts';
import { JIT_TYPES_USAGE, jitTypes } from './jit-types.ts';
import { RUN_USAGE, run } from './run.ts';

const USAGE = `usage: typed-torch <command>

commands:
  init <dir> [--template ${TEMPLATES.join('|')}] [--typed-torch SPEC] [--force]
      writes a new project: a typed model, a training script with a progress bar, a test.
      Templates: mlp and cnn (Fashion-MNIST classifiers), vae (a variational autoencoder
      on Fashion-MNIST, PNG grids), char-lm (an LSTM language model on tiny-shakespeare),
      gnn (a GCN on the Cora citation graph), tabular (an entity-embedding model for a CSV table).
      SPEC is the dependency to write for typed-torch (default: ^<this version>), e.g. a
      tarball: --typed-torch file:../typed-torch-0.1.0.tgz
  ${JIT_TYPES_USAGE}
  ${RUN_USAGE}
  build [--force]
      compiles the native addon against Debian's libtorch (what the install script does)
  help
      this text`;

/** Runs a command; returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'init':
        return init(rest);
      case 'jit-types':
        return await jitTypes(rest);
      case 'run':
        return await run(rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        console.log(USAGE);
        return command === undefined ? 1 : 0;
      default:
        console.error(`typed-torch: unknown command '${command}'\n\n${USAGE}`);
        return 1;
    }
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`typed-torch ${command}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

