// Image grids against hand-computed layouts: torchvision's make_grid places
// image k at row floor(k / nrow), column k % nrow, each cell `padding`
// pixels apart and from the edge; save_image's bytes are x * 255 + 0.5
// clamped and truncated. The PNG is read back with pngjs.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';

const { makeGrid, saveImage } = torch.vision;
const dir = mkdtempSync(join(tmpdir(), 'typed-torch-vision-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('torch.vision', () => {
  it('tiles images nrow to a row with padding between and around them (hand-computed)', () => {
    // Three 1x2x2 images with values 1, 2, 3; two to a row, padding 1 of value 9.
    const images = torch.tensor([1, 2, 3]).view([3, 1, 1, 1]).expand([3, 1, 2, 2]);
    const grid = makeGrid(images, { nrow: 2, padding: 1, padValue: 9 });
    expect(grid.shape).toEqual([3, 7, 7]);
    const P = 9;
    const expected = [
      [P, P, P, P, P, P, P],
      [P, 1, 1, P, 2, 2, P],
      [P, 1, 1, P, 2, 2, P],
      [P, P, P, P, P, P, P],
      [P, 3, 3, P, P, P, P],
      [P, 3, 3, P, P, P, P],
      [P, P, P, P, P, P, P],
    ];
    // One channel becomes three equal ones, as in torchvision.
    expect(grid.toArray()).toEqual([expected, expected, expected]);
  });

  it('returns a batch of one as the image itself, and takes [C, H, W] and [H, W]', () => {
    const one = torch.arange(6).view([1, 3, 1, 2]);
    expect(makeGrid(one).toArray()).toEqual([[[0, 1]], [[2, 3]], [[4, 5]]]);
    expect(makeGrid(torch.ones([2, 3])).shape).toEqual([3, 2, 3]);
    expect(makeGrid(torch.ones([3, 2, 3])).shape).toEqual([3, 2, 3]);
  });

  it('normalizes by the batch range or a given range', () => {
    const x = torch.tensor([[[[-1, 0], [1, 3]]]]); // [1, 1, 2, 2]
    expect(makeGrid(x, { normalize: true }).select(0, 0).toArray()).toEqual([[0, 0.25], [0.5, 1]]);
    expect(makeGrid(x, { normalize: true, valueRange: [0, 2] }).select(0, 0).toArray()).toEqual([[0, 0], [0.5, 1]]);
  });

  it('writes the grid as an RGB PNG with save_image bytes', () => {
    // 0.5 -> floor(128.0) = 128, 0.2 -> floor(51.5) = 51, 1.5 -> clamped 255, -1 -> 0.
    const images = torch.tensor([[[[0.5, 0.2]]], [[[1.5, -1]]]]); // [2, 1, 1, 2]
    const path = join(dir, 'grid.png');
    saveImage(images, path, { padding: 1 });
    const png = PNG.sync.read(readFileSync(path));
    expect([png.width, png.height]).toEqual([7, 3]);
    const gray = (x: number, y: number) => {
      const o = 4 * (y * png.width + x);
      expect(png.data[o]).toBe(png.data[o + 1]);
      expect(png.data[o + 3]).toBe(255);
      return png.data[o];
    };
    expect([0, 1, 2, 3, 4, 5, 6].map((x) => gray(x, 1))).toEqual([0, 128, 51, 0, 255, 0, 0]);
    expect([0, 1, 2, 3, 4, 5, 6].map((x) => gray(x, 0))).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it('refuses what is not a batch of images, by name', () => {
    expect(() => makeGrid(torch.ones([4]))).toThrow(/expected images \[N, C, H, W\].*shape \[4\]/);
    expect(() => makeGrid(torch.ones([2, 1, 2, 2]), { nrow: 0 })).toThrow(/nrow must be an integer of at least 1, got 0/);
    expect(() => makeGrid(torch.ones([2, 1, 2, 2]), { padding: 1.5 })).toThrow(/padding must be an integer/);
    expect(() => makeGrid(torch.ones([0, 1, 2, 2]))).toThrow(/no images to tile/);
    expect(() => saveImage(torch.ones([2, 2, 2, 2]), join(dir, 'x.png'))).toThrow(/need 1, 3 or 4 channels.*got 2/);
    expect(() => makeGrid(torch.ones([2, 1, 2, 2]), { normalize: true, valueRange: [1, 0] })).toThrow(/low <= high/);
  });
});
