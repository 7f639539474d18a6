// torch.vision: what torchvision.utils gives for looking at images.
export { makeGrid, saveImage, type GridOptions } from './grid.ts';
