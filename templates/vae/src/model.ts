// The model: the variational autoencoder of pytorch/examples (vae/main.py),
// typed layer by layer. The encoder maps flattened images [B, 784] to the
// mean and log-variance of a 20-dimensional code; the decoder maps codes back
// to pixels in (0, 1). Change a width and the compiler points at the layer.
import * as torch from 'typed-torch';

const { nn } = torch;
const F = nn.functional;
export const LATENT = 20;
type F32<S extends torch.Shape> = torch.Tensor<S, 'float32', 'cpu'>;
export type Images = F32<['B', 1, 28, 28]>;

export class VAE extends nn.Module {
  readonly fc1 = this.child('fc1', new nn.Linear(784, 400));
  readonly fc21 = this.child('fc21', new nn.Linear(400, LATENT));
  readonly fc22 = this.child('fc22', new nn.Linear(400, LATENT));
  readonly fc3 = this.child('fc3', new nn.Linear(LATENT, 400));
  readonly fc4 = this.child('fc4', new nn.Linear(400, 784));

  /** The code's mean and log-variance. */
  encode(x: F32<['B', 784]>): [mu: F32<['B', 20]>, logvar: F32<['B', 20]>] {
    const h = this.fc1.forward(x).relu();
    return [this.fc21.forward(h), this.fc22.forward(h)];
  }

  /** Pixels in (0, 1) from codes; any batch size, e.g. samples from the prior. */
  decode<B extends torch.Dim>(z: F32<[B, 20]>): F32<[B, 784]> {
    return this.fc4.forward(this.fc3.forward(z).relu()).sigmoid();
  }

  /** Reconstructions, with the code's mean and log-variance (for the loss). */
  forward(x: Images): [recon: F32<['B', 784]>, mu: F32<['B', 20]>, logvar: F32<['B', 20]>] {
    const [mu, logvar] = this.encode(x.view([-1, 784]));
    // The reparameterisation trick: mu + eps * std, so gradients reach mu and logvar.
    const std = logvar.mul(0.5).exp();
    return [this.decode(mu.add(torch.randnLike(std).mul(std))), mu, logvar];
  }
}

/** Reconstruction (binary cross entropy, summed over the batch) + KL divergence from N(0, 1). */
export function vaeLoss(recon: F32<['B', 784]>, x: Images, mu: F32<['B', 20]>, logvar: F32<['B', 20]>): F32<[]> {
  const bce = F.binaryCrossEntropy(recon, x.view([-1, 784]), { reduction: 'sum' });
  const kld = logvar.add(1).sub(mu.pow(2)).sub(logvar.exp()).sum().mul(-0.5);
  return bce.add(kld);
}
