// A grid of images as a PNG file, laid out as torchvision's save_image does
// (8 per row, 2 pixels of padding), encoded by pngjs.
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import * as torch from 'typed-torch';

/** Writes images [N, 1, H, W] (values in [0, 1]) as one grayscale PNG grid. */
export function saveImageGrid(images: torch.Tensor<[number, 1, number, number]> | torch.Tensor, path: string, options: { nrow?: number; padding?: number } = {}): void {
  const [n, c, h, w] = images.shape as [number, number, number, number];
  if (images.ndim !== 4 || c !== 1) throw new TypeError(`saveImageGrid: expected images [N, 1, H, W], got [${images.shape.join(', ')}]`);
  const nrow = Math.min(options.nrow ?? 8, n);
  const pad = options.padding ?? 2;
  const rows = Math.ceil(n / nrow);
  const width = nrow * (w + pad) + pad;
  const height = rows * (h + pad) + pad;
  const pixels = torch.noGrad(() => images.detach().clamp(0, 1).mul(255).add(0.5).floor().toTypedArray()) as Float32Array;
  const png = new PNG({ width, height, colorType: 0 });
  png.data.fill(0);
  for (let k = 0; k < n; k++) {
    const x0 = pad + (k % nrow) * (w + pad);
    const y0 = pad + Math.floor(k / nrow) * (h + pad);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const v = pixels[k * h * w + y * w + x]!;
        const o = ((y0 + y) * width + (x0 + x)) * 4;
        png.data[o] = png.data[o + 1] = png.data[o + 2] = v;
        png.data[o + 3] = 255;
      }
    }
  }
  for (let o = 3; o < png.data.length; o += 4) png.data[o] = 255;
  writeFileSync(path, PNG.sync.write(png, { colorType: 0 }));
}
