// torch.jit: TorchScript modules trained in Python, loaded and run in node.
export { load, TorchScriptError, type LoadOptions, type LoadedModule } from './load.ts';
export { ScriptModule, type MethodInfo } from './script-module.ts';
export { declarations, typeOf, type ShapeAnnotations } from './declarations.ts';
