// Typed composition: a sequential model's output shape is computed layer by
// layer; a layer that does not fit is an error naming its position and dims.
import { expectType, expectError } from 'tsd';
import * as torch from 'typed-torch';

const { nn } = torch;
type F32<S extends torch.Shape> = torch.Tensor<S, 'float32', 'cpu'>;
declare const images: F32<['B', 1, 28, 28]>;
declare const flat: F32<['B', 784]>;

const cnn = nn.sequential(
  new nn.Conv2d(1, 32, 3), new nn.ReLU(), new nn.Conv2d(32, 64, 3), new nn.ReLU(), new nn.MaxPool2d(2),
  new nn.Dropout(0.25), new nn.Flatten(), new nn.Linear(9216, 128), new nn.ReLU(), new nn.Dropout(0.5), new nn.Linear(128, 10),
);
expectType<F32<['B', 10]>>(cnn.forward(images));
expectType<F32<[64, 10]>>(cnn.forward(torch.zeros([64, 1, 28, 28])));

const mlp = nn.sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 10));
expectType<F32<['B', 10]>>(mlp.forward(flat));
expectType<F32<['B', 256]>>(new nn.Linear(784, 256).forward(flat));
expectType<F32<['B', 784]>>(new nn.ReLU().forward(flat));
expectType<F32<['B', 784]>>(new nn.Flatten().forward(images));
expectType<F32<['B', 32, 13, 13]>>(new nn.Conv2d(1, 32, 3, { stride: 2 }).forward(images));
expectType<F32<['B', 1, 14, 14]>>(new nn.MaxPool2d(2).forward(images));

// A wrong Linear width, a missing Flatten, a wrong channel count: errors at the model's input.
expectError(nn.sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(128, 10)).forward(flat));
expectError(nn.sequential(new nn.Conv2d(1, 32, 3), new nn.MaxPool2d(2), new nn.Linear(5408, 10)).forward(images));
expectError(nn.sequential(new nn.Conv2d(3, 32, 3), new nn.ReLU()).forward(images));
expectError(new nn.Linear(100, 10).forward(flat));

// Typed dotted paths into the module tree.
const encoder = new nn.TransformerEncoderLayer(16, 4);
expectType<InstanceType<typeof nn.Linear>>(encoder.getSubmodule('self_attn.out_proj'));
expectType<torch.Tensor>(encoder.getTensor('self_attn.in_proj_weight'));
expectType<torch.Tensor>(encoder.getTensor('norm2.bias'));
expectError(encoder.getTensor('self_attn.weight'));
expectError(encoder.getSubmodule('feedforward'));
const stack = nn.sequential(new nn.Conv2d(1, 8, 3), new nn.BatchNorm2d(8), new nn.ReLU());
expectType<InstanceType<typeof nn.BatchNorm2d>>(stack.getSubmodule('1'));
expectType<torch.Tensor>(stack.getTensor('1.running_mean'));
expectType<torch.Tensor>(stack.getTensor('0.weight'));
expectError(stack.getTensor('2.weight'));
expectError(stack.getTensor('1.running_mode'));
