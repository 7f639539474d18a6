// Python's submodules of native ops, as namespaces: torch.linalg.svd,
// torch.fft.rfft, torch.special.erf. Each file re-exports the free functions
// of functions.ts under the name Python gives them in that module (the
// module's prefix dropped: linalg_svd -> svd), so that the namespace and the
// flat name (torch.linalgSvd) are the same function, with the same overloads,
// types and doc comments.
import type { GeneratedFile, OpModel } from './types.ts';
import { camel } from './names.ts';
import { header } from './format.ts';

/** The submodules written, and what each holds (the first line of its file). */
export const NAMESPACES: Record<string, string> = {
  linalg: 'torch.linalg: linear algebra (decompositions, solvers, norms, inverses), as Python names it.',
  fft: 'torch.fft: discrete Fourier transforms and their helpers, as Python names them.',
  special: 'torch.special: special functions (error, gamma and Bessel functions, orthogonal polynomials), as Python names them.',
};

/** The name of an op inside its namespace: 'linalg_cholesky_ex' in linalg -> 'choleskyEx'. */
export function namespacedName(op: OpModel, module: string): string {
  const prefix = `${module}_`;
  if (!op.schemaName.startsWith(prefix)) {
    throw new Error(`${op.schemaName} is in Python's torch.${module} but its name does not start with ${prefix}`);
  }
  return camel(op.schemaName.slice(prefix.length));
}

/** One file per namespace: src/ops/generated/linalg.ts, fft.ts, special.ts. */
export function emitNamespaces(ops: OpModel[], source: string): GeneratedFile[] {
  return Object.entries(NAMESPACES).map(([module, what]) => {
    const members = ops
      .filter((op) => op.pythonModule === module && op.overloads.some((ov) => ov.asFunction))
      .map((op) => ({ flat: op.name, name: namespacedName(op, module) }));
    const first = members[0];
    const lines = [
      header(source, [
        what,
        first
          ? `The functions of functions.ts under Python's names in torch.${module} (torch.${first.flat} is torch.${module}.${first.name}).`
          : `No public function of the spec is in Python's torch.${module}.`,
      ]),
    ];
    if (first) {
      // functions.ts declares a reserved word under another name and exports it as itself, so the flat name is always exported.
      lines.push('export {', ...members.map(({ flat, name }) => `  ${flat} as ${name},`), "} from './functions.ts';");
    } else {
      lines.push('export {};');
    }
    const text = [...lines, ''].join('\n');
    return { path: `${module}.ts`, text };
  });
}
