// Pipeline composition: the data is a chain of typed stages (pixels to
// normalised floats by data.compose, batches by the loader, the first
// `steps` by a pipe), and training is a fold of the functional step over
// it. The compiler follows the batch's type from the dataset through every
// stage into the model and the loss.
import * as torch from 'typed-torch';
import { BATCH_SIZE, MEAN, STD, network, type Net, type Params } from './model.ts';
import { initialState, stepOf } from './functional.ts';

const { data } = torch;

// style: pipeline
/** Pixels to the model's input: uint8 [B, 1, 28, 28] to normalised float32 of the same shape. */
export const prepare = data.compose(data.toFloat(), data.normalize(MEAN, STD));

export async function trainPipeline(steps: number, seed: number, train = data.fashionMnist()): Promise<{ net: Net; params: Params }> {
  torch.manualSeed(seed);
  const net = network();
  const update = stepOf(net);
  const batches = new data.DataLoader(train, {
    batchSize: BATCH_SIZE, shuffle: true, transform: ({ images, labels }) => ({ x: prepare(images), y: labels }),
  });
  const final = await data.pipe(batches).take(steps).reduce((state, { x, y }) => update(state, x, y), initialState(net));
  return { net, params: final.params };
}
// end
