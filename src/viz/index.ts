// torch.viz: charts rendered headless to SVG and PNG (vega and vega-lite lay
// them out, resvg draws the PNG): training curves, confusion matrices,
// per-class accuracy, scatter plots of 2-D projections (pca), graph drawings,
// attributions overlaid on their images, HTML reports, and a live view of a
// run in the browser.
export { toSvg, svgToPng, savePlot, type ChartSpec, type RenderOptions, type PngOptions } from './render.ts';
export {
  lineChart, trainingCurves, curvesOfPoints, confusionCounts, confusionMatrix, perClassAccuracy, scatterPlot, graphDrawing, attentionMap,
  type ChartOptions, type CurvePoint, type AttentionMapOptions, type LineChartOptions, type ScatterOptions, type GraphDrawingOptions,
} from './charts.ts';
export { pca, type PCA } from './pca.ts';
export { attributionOverlay, type OverlayOptions } from './heatmap.ts';
export { saveReport, type Report, type ReportSection } from './report.ts';
export { liveView, LiveView, type LiveViewOptions } from './live.ts';
