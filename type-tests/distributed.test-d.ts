// torch.distributed keeps the wrapped model's types: DistributedDataParallel's
// forward is the module's own, collectives return the tensor they were given.
import { expectError, expectType } from 'tsd';
import * as torch from 'typed-torch';

const { nn, distributed: dist } = torch;
declare const x: torch.Tensor<[32, 1, 28, 28], 'float32', 'cpu'>;
const model = nn.sequential(new nn.Flatten(), new nn.Linear(784, 10));
const ddp = new dist.DistributedDataParallel(model);
expectType<torch.Tensor<[32, 10], 'float32', 'cpu'>>(ddp.forward(x));
expectType<typeof model>(ddp.module);
expectError(ddp.forward(torch.zeros([32, 3, 28, 28])));
expectType<torch.Tensor<[32, 10], 'float32', 'cpu'>>(ddp.noSync(() => ddp.forward(x)));
expectType<Promise<number>>(ddp.noSync(async () => 1));

const grads = torch.zeros([4, 3]);
expectType<torch.Tensor<[4, 3], 'float32', 'cpu'>>(dist.allReduce(grads, { op: 'avg' }));
expectType<Promise<torch.Tensor<[4, 3], 'float32', 'cpu'>>>(dist.allReduceAsync(grads));
expectError(dist.allReduce(grads, { op: 'mean' }));
expectError(dist.broadcast(grads));
expectType<Promise<torch.distributed.ProcessGroup>>(dist.initProcessGroup({ initMethod: 'tcp://127.0.0.1:29500', rank: 0, worldSize: 2, timeout: 60_000 }));
expectError(dist.initProcessGroup({ backend: 'nccl' }));
