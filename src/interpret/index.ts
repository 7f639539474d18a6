// torch.interpret: attributions with captum's names and conventions (the
// input's shape, `target` picks the output, baselines default to zeros).
export { saliency, inputXGradient, integratedGradients, noiseTunnel, type TargetOptions, type IntegratedGradientsOptions, type IntegratedGradientsResult, type NoiseTunnelOptions } from './gradients.ts';
export { occlusion, type OcclusionOptions } from './occlusion.ts';
export { layerGradCam } from './gradcam.ts';
export { gaussLegendre, pathPoints, type IntegrationMethod } from './quadrature.ts';
export type { Forward, Target } from './target.ts';
export { summary, type ModelSummary, type SummaryRow } from './summary.ts';
