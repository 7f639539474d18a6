// torch.distributed over PyTorch's own c10d: the TCPStore / FileStore
// rendezvous, ProcessGroupGloo's collectives and point-to-point transfers,
// and the Reducer that DistributedDataParallel uses to allreduce gradients
// in buckets while backward runs.
//
// The group is built exactly as Python's init_process_group builds it (the
// same store prefixes "default_pg" and the group's name, the same
// store-based barrier key, the same sequence-number handshake), so that a
// node rank and a Python rank can join one group.
//
// Compiled only where gloo's headers are (Debian: libgloo-dev); elsewhere
// the addon exports distributedAvailable = false and the JS side names the
// package to install.
#include "common.h"
#include "ops.h"

#ifdef TYPED_TORCH_DISTRIBUTED
#include <torch/csrc/distributed/c10d/FileStore.hpp>
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#include <torch/csrc/distributed/c10d/comm.hpp>
#include <torch/csrc/distributed/c10d/reducer.hpp>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <limits>
#include <memory>
#include <sstream>
#include <thread>
#endif

namespace tt {

#ifdef TYPED_TORCH_DISTRIBUTED
namespace {

using std::chrono::milliseconds;

// A process group and the store it was made from (rank 0's store is the
// TCPStore server: it must outlive the group).
struct Group {
  c10::intrusive_ptr<c10d::Store> store;
  c10::intrusive_ptr<c10d::ProcessGroupGloo> pg;
  int rank = 0;
  int size = 0;
};

struct ReducerHolder {
  std::shared_ptr<c10d::Reducer> reducer;
};

// Set when the process is exiting (process.on('exit') in JS): the groups and
// reducers that N-API still finalizes then are left to the OS instead of
// destroyed, because destroying a group waits for its threads, which may wait
// on a peer that is stuck, and a failing rank must be able to exit.
bool exiting = false;

// Python names its groups "0", "1", ... in creation order (_group_count);
// the store-based barrier after init uses the count after the increment.
int groupCount = 0;

Group& groupArg(const Napi::Value& v) {
  if (!v.IsExternal()) throw ArgError("expected a process group");
  Group* g = v.As<Napi::External<Group>>().Data();
  if (!g->pg) throw ArgError("the process group was destroyed (destroyProcessGroup)");
  return *g;
}

std::vector<at::Tensor> tensorsArg(const Napi::Value& v, const char* what) {
  if (!v.IsArray()) throw ArgError(std::string(what) + ": expected an array of tensors");
  Napi::Array a = v.As<Napi::Array>();
  std::vector<at::Tensor> out;
  out.reserve(a.Length());
  for (uint32_t i = 0; i < a.Length(); i++) out.push_back(table().get(handleArg(a.Get(i), what)));
  return out;
}

int intArg(const Napi::Value& v, const char* what) {
  if (!v.IsNumber()) throw ArgError(std::string(what) + ": expected an integer");
  return v.As<Napi::Number>().Int32Value();
}

c10d::ReduceOp reduceOpArg(const Napi::Value& v) {
  std::string name = v.IsString() ? v.As<Napi::String>().Utf8Value() : "";
  if (name == "sum") return c10d::ReduceOp::SUM;
  if (name == "product") return c10d::ReduceOp::PRODUCT;
  if (name == "min") return c10d::ReduceOp::MIN;
  if (name == "max") return c10d::ReduceOp::MAX;
  if (name == "band") return c10d::ReduceOp::BAND;
  if (name == "bor") return c10d::ReduceOp::BOR;
  if (name == "bxor") return c10d::ReduceOp::BXOR;
  throw ArgError("unknown reduce op '" + name + "' (sum, product, min, max, band, bor, bxor)");
}

// Runs `work` on libuv's thread pool and settles a promise: resolved with
// `result()` (built on the JS thread), or rejected with a TorchError.
class PromiseWorker : public Napi::AsyncWorker {
 public:
  PromiseWorker(Napi::Env env, std::function<void()> work, std::function<Napi::Value(Napi::Env)> result)
      : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)), work_(std::move(work)),
        result_(std::move(result)) {}

  Napi::Promise promise() { return deferred_.Promise(); }

  void Execute() override {
    try {
      work_();
    } catch (const c10::Error& e) {
      detail_ = e.what();
      SetError(userMessage(e.what_without_backtrace(), ""));
    } catch (const std::exception& e) {
      detail_ = e.what();
      SetError(e.what());
    } catch (...) {
      detail_ = "unknown native error";
      SetError(detail_);
    }
  }

  void OnOK() override {
    Napi::HandleScope scope(Env());
    deferred_.Resolve(result_ ? result_(Env()) : Env().Undefined());
  }

  void OnError(const Napi::Error& e) override {
    Napi::HandleScope scope(Env());
    deferred_.Reject(makeTorchError(Env(), e.Message(), detail_));
  }

 private:
  Napi::Promise::Deferred deferred_;
  std::function<void()> work_;
  std::function<Napi::Value(Napi::Env)> result_;
  std::string detail_;
};

// A collective's Work: waited for here (sync), or on the thread pool with a
// promise (async), so that the event loop keeps running while gloo's own
// threads move the data. The tensors stay referenced until the work is done.
Napi::Value finish(Napi::Env env, c10::intrusive_ptr<c10d::Work> work, bool async,
                   std::vector<at::Tensor> keepAlive) {
  if (!async) {
    work->wait();
    return env.Undefined();
  }
  auto* worker = new PromiseWorker(
      env, [work, keepAlive]() { work->wait(); }, nullptr);
  Napi::Promise p = worker->promise();
  worker->Queue();
  return p;
}

// The store-based barrier that ends Python's init_process_group: every rank
// adds 1 to a counter and waits until it reaches the world size.
void storeBarrier(c10d::Store& store, int worldSize, int groupIndex, milliseconds timeout) {
  std::string key = "store_based_barrier_key:" + std::to_string(groupIndex + 1);
  store.add(key, 1);
  auto start = std::chrono::steady_clock::now();
  for (;;) {
    int64_t joined = store.add(key, 0);
    if (joined == worldSize) return;
    if (joined > worldSize) {
      std::ostringstream msg;
      msg << joined << " ranks joined a group of world size " << worldSize
          << ": the ranks were started with different world sizes";
      throw std::runtime_error(msg.str());
    }
    if (std::chrono::steady_clock::now() - start > timeout) {
      std::ostringstream msg;
      msg << "timed out after " << timeout.count() << " ms waiting for the other ranks: " << joined << " of "
          << worldSize << " joined (is every rank started, with the same world size and address?)";
      throw std::runtime_error(msg.str());
    }
    std::this_thread::sleep_for(milliseconds(10));
  }
}

// initProcessGroup({ store: 'tcp' | 'file', host, port, path, rank, worldSize, timeoutMs }) -> Promise<group>
Napi::Value DistInit(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    if (info.Length() < 1 || !info[0].IsObject()) throw ArgError("distInit(options): expected an options object");
    Napi::Object o = info[0].As<Napi::Object>();
    std::string kind = o.Get("store").As<Napi::String>().Utf8Value();
    std::string host = o.Has("host") && o.Get("host").IsString() ? o.Get("host").As<Napi::String>().Utf8Value() : "";
    std::string path = o.Has("path") && o.Get("path").IsString() ? o.Get("path").As<Napi::String>().Utf8Value() : "";
    int port = o.Has("port") && o.Get("port").IsNumber() ? o.Get("port").As<Napi::Number>().Int32Value() : 0;
    int rank = intArg(o.Get("rank"), "rank");
    int worldSize = intArg(o.Get("worldSize"), "worldSize");
    milliseconds timeout(static_cast<int64_t>(o.Get("timeoutMs").As<Napi::Number>().DoubleValue()));
    int groupIndex = groupCount++;
    auto group = std::make_shared<Group>();
    group->rank = rank;
    group->size = worldSize;
    auto* worker = new PromiseWorker(
        info.Env(),
        [=]() {
          c10::intrusive_ptr<c10d::Store> store;
          if (kind == "tcp") {
            c10d::TCPStoreOptions opts;
            opts.port = static_cast<uint16_t>(port);
            opts.isServer = rank == 0;
            opts.numWorkers = worldSize;
            opts.waitWorkers = true;
            opts.timeout = timeout;
            opts.multiTenant = true;
            store = c10::make_intrusive<c10d::TCPStore>(host, opts);
          } else {
            store = c10::make_intrusive<c10d::FileStore>(path, worldSize);
          }
          store->setTimeout(timeout);
          auto defaultStore = c10::make_intrusive<c10d::PrefixStore>("default_pg", store);
          auto groupStore = c10::make_intrusive<c10d::PrefixStore>(std::to_string(groupIndex), defaultStore);
          // Devices as Python's ProcessGroupGloo constructor picks them: the
          // interfaces in GLOO_SOCKET_IFNAME, else the host's default.
          auto options = c10d::ProcessGroupGloo::Options::create(timeout);
          const char* ifnames = std::getenv("GLOO_SOCKET_IFNAME");
          if (ifnames && std::string(ifnames).size() > 1) {
            std::stringstream list(ifnames);
            std::string iface;
            while (std::getline(list, iface, ',')) {
              options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(iface));
            }
          } else {
            options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
          }
          options->threads = static_cast<int>(options->devices.size()) * 2;
          auto pg = c10::make_intrusive<c10d::ProcessGroupGloo>(groupStore, rank, worldSize, options);
          storeBarrier(*defaultStore, worldSize, groupIndex, timeout);
          pg->setSequenceNumberForGroup();
          group->store = store;
          group->pg = pg;
        },
        [group](Napi::Env env) -> Napi::Value {
          return Napi::External<Group>::New(env, new Group(*group), [](Napi::Env, Group* g) {
            if (!exiting) delete g;
          });
        });
    Napi::Promise p = worker->promise();
    worker->Queue();
    return p;
  });
}

Napi::Value DistDestroy(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    if (!info[0].IsExternal()) throw ArgError("expected a process group");
    Group* g = info[0].As<Napi::External<Group>>().Data();
    g->pg.reset();
    g->store.reset();
    return info.Env().Undefined();
  });
}

// distAllReduce(group, tensors, op, async)
Napi::Value DistAllReduce(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    Group& g = groupArg(info[0]);
    auto tensors = tensorsArg(info[1], "allReduce");
    c10d::AllreduceOptions opts;
    opts.reduceOp = reduceOpArg(info[2]);
    auto work = g.pg->allreduce(tensors, opts);
    return finish(info.Env(), work, info[3].ToBoolean(), tensors);
  });
}

// distReduce(group, tensors, dst, op, async)
Napi::Value DistReduce(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    Group& g = groupArg(info[0]);
    auto tensors = tensorsArg(info[1], "reduce");
    c10d::ReduceOptions opts;
    opts.rootRank = intArg(info[2], "dst");
    opts.reduceOp = reduceOpArg(info[3]);
    auto work = g.pg->reduce(tensors, opts);
    return finish(info.Env(), work, info[4].ToBoolean(), tensors);
  });
}

// distBroadcast(group, tensors, src, async)
Napi::Value DistBroadcast(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    Group& g = groupArg(info[0]);
    auto tensors = tensorsArg(info[1], "broadcast");
    c10d::BroadcastOptions opts;
    opts.rootRank = intArg(info[2], "src");
    auto work = g.pg->broadcast(tensors, opts);
    return finish(info.Env(), work, info[3].ToBoolean(), tensors);
  });
}

// distAllGather(group, outputs, input, async)
Napi::Value DistAllGather(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    Group& g = groupArg(info[0]);
    std::vector<std::vector<at::Tensor>> outputs{tensorsArg(info[1], "allGather")};
    std::vector<at::Tensor> inputs{table().get(handleArg(info[2], "allGather"))};
    auto work = g.pg->allgather(outputs, inputs);
    std::vector<at::Tensor> keep = outputs[0];
    keep.push_back(inputs[0]);
    return finish(info.Env(), work, info[3].ToBoolean(), keep);
  });
}

// distGather(group, outputs (empty off the root), input, dst, async)
Napi::Value DistGather(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    Group& g = groupArg(info[0]);
    auto outs = tensorsArg(info[1], "gather");
    std::vector<std::vector<at::Tensor>> outputs;
    if (!outs.empty()) outputs.push_back(outs);
    std::vector<at::Tensor> inputs{table().get(handleArg(info[2], "gather"))};
    c10d::GatherOptions opts;
    opts.rootRank = intArg(info[3], "dst");
    auto work = g.pg->gather(outputs, inputs, opts);
    outs.push_back(inputs[0]);
    return finish(info.Env(), work, info[4].ToBoolean(), outs);
  });
}

// distScatter(group, output, inputs (empty off the root), src, async)
Napi::Value DistScatter(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    Group& g = groupArg(info[0]);
    std::vector<at::Tensor> outputs{table().get(handleArg(info[1], "scatter"))};
    auto ins = tensorsArg(info[2], "scatter");
    std::vector<std::vector<at::Tensor>> inputs;
    if (!ins.empty()) inputs.push_back(ins);
    c10d::ScatterOptions opts;
    opts.rootRank = intArg(info[3], "src");
    auto work = g.pg->scatter(outputs, inputs, opts);
    ins.push_back(outputs[0]);
    return finish(info.Env(), work, info[4].ToBoolean(), ins);
  });
}

// distBarrier(group, async)
Napi::Value DistBarrier(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    Group& g = groupArg(info[0]);
    auto work = g.pg->barrier(c10d::BarrierOptions());
    return finish(info.Env(), work, info[1].ToBoolean(), {});
  });
}

// distSend(group, tensor, dst, tag, async) / distRecv(group, tensor, src, tag, async)
Napi::Value DistSend(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    Group& g = groupArg(info[0]);
    std::vector<at::Tensor> tensors{table().get(handleArg(info[1], "send"))};
    auto work = g.pg->send(tensors, intArg(info[2], "dst"), intArg(info[3], "tag"));
    return finish(info.Env(), work, info[4].ToBoolean(), tensors);
  });
}

Napi::Value DistRecv(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    Group& g = groupArg(info[0]);
    std::vector<at::Tensor> tensors{table().get(handleArg(info[1], "recv"))};
    auto work = g.pg->recv(tensors, intArg(info[2], "src"), intArg(info[3], "tag"));
    return finish(info.Env(), work, info[4].ToBoolean(), tensors);
  });
}

// distBroadcastCoalesced(group, tensors, bufferBytes, src): DDP's start-up
// sync of parameters and buffers (flattened into buckets, one broadcast each).
Napi::Value DistBroadcastCoalesced(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    Group& g = groupArg(info[0]);
    auto tensors = tensorsArg(info[1], "broadcastCoalesced");
    if (tensors.empty()) return info.Env().Undefined();
    auto bytes = static_cast<size_t>(info[2].As<Napi::Number>().DoubleValue());
    c10d::broadcast_coalesced(g.pg, tensors, bytes, intArg(info[3], "src"));
    return info.Env().Undefined();
  });
}

// distVerifyParams(group, params): every rank's parameters have rank 0's count, sizes and dtypes.
Napi::Value DistVerifyParams(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    Group& g = groupArg(info[0]);
    c10::intrusive_ptr<c10d::ProcessGroup> pg = g.pg;
    c10d::verify_params_across_processes(pg, tensorsArg(info[1], "verifyParams"), c10::nullopt);
    return info.Env().Undefined();
  });
}

ReducerHolder& reducerArg(const Napi::Value& v) {
  if (!v.IsExternal()) throw ArgError("expected a reducer");
  ReducerHolder* r = v.As<Napi::External<ReducerHolder>>().Data();
  if (!r->reducer) throw ArgError("the reducer was released");
  return *r;
}

// distReducer(group, params, bucketCapBytes, findUnusedParameters, gradientAsBucketView)
// builds the Reducer as Python's DistributedDataParallel does: the first
// iteration in one bucket (or 1 MB + cap buckets when looking for unused
// parameters), buckets in reverse parameter order; rebuildBuckets() then
// re-buckets by the order gradients arrived in.
Napi::Value DistReducer(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    Group& g = groupArg(info[0]);
    auto params = tensorsArg(info[1], "DistributedDataParallel");
    auto bucketCap = static_cast<int64_t>(info[2].As<Napi::Number>().DoubleValue());
    bool findUnused = info[3].ToBoolean();
    bool asView = info[4].ToBoolean();
    constexpr size_t kFirstBucketBytes = 1024 * 1024;  // dist._DEFAULT_FIRST_BUCKET_BYTES
    std::vector<size_t> limits = findUnused ? std::vector<size_t>{kFirstBucketBytes, static_cast<size_t>(bucketCap)}
                                            : std::vector<size_t>{std::numeric_limits<size_t>::max()};
    std::vector<bool> sparse(params.size(), false);
    auto assignment = c10d::compute_bucket_assignment_by_size(params, limits, sparse);
    auto indices = std::get<0>(assignment);
    auto perBucket = std::get<1>(assignment);
    std::reverse(indices.begin(), indices.end());
    std::reverse(perBucket.begin(), perBucket.end());
    auto holder = new ReducerHolder();
    holder->reducer = std::make_shared<c10d::Reducer>(params, indices, perBucket, g.pg, sparse, bucketCap, findUnused,
                                                      asView, std::unordered_map<size_t, std::string>(),
                                                      static_cast<int64_t>(kFirstBucketBytes));
    return Napi::External<ReducerHolder>::New(info.Env(), holder, [](Napi::Env, ReducerHolder* r) {
      if (!exiting) delete r;
    });
  });
}

// distReducerStep(reducer, phase, outputs?): 'forward' (prepare_for_forward,
// then rebuild_buckets: returns whether it did), 'backward' (prepare_for_backward
// with the outputs to search for unused parameters), 'release'.
Napi::Value DistReducerStep(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    std::string phase = info[1].As<Napi::String>().Utf8Value();
    if (phase == "release") {
      if (info[0].IsExternal()) info[0].As<Napi::External<ReducerHolder>>().Data()->reducer.reset();
      return info.Env().Undefined();
    }
    ReducerHolder& r = reducerArg(info[0]);
    if (phase == "forward") {
      r.reducer->prepare_for_forward();
      return Napi::Boolean::New(info.Env(), r.reducer->rebuild_buckets());
    }
    if (phase == "backward") {
      r.reducer->prepare_for_backward(info.Length() > 2 ? tensorsArg(info[2], "prepareForBackward") : std::vector<at::Tensor>{});
      return info.Env().Undefined();
    }
    throw ArgError("distReducerStep: unknown phase '" + phase + "'");
  });
}

// distExiting(): called from process.on('exit').
Napi::Value DistExiting(const Napi::CallbackInfo& info) {
  exiting = true;
  return info.Env().Undefined();
}

}  // namespace

void registerDistributed(Napi::Env env, Napi::Object exports) {
  exports.Set("distributedAvailable", Napi::Boolean::New(env, true));
  exports.Set("distInit", Napi::Function::New(env, DistInit));
  exports.Set("distDestroy", Napi::Function::New(env, DistDestroy));
  exports.Set("distExiting", Napi::Function::New(env, DistExiting));
  exports.Set("distAllReduce", Napi::Function::New(env, DistAllReduce));
  exports.Set("distReduce", Napi::Function::New(env, DistReduce));
  exports.Set("distBroadcast", Napi::Function::New(env, DistBroadcast));
  exports.Set("distAllGather", Napi::Function::New(env, DistAllGather));
  exports.Set("distGather", Napi::Function::New(env, DistGather));
  exports.Set("distScatter", Napi::Function::New(env, DistScatter));
  exports.Set("distBarrier", Napi::Function::New(env, DistBarrier));
  exports.Set("distSend", Napi::Function::New(env, DistSend));
  exports.Set("distRecv", Napi::Function::New(env, DistRecv));
  exports.Set("distBroadcastCoalesced", Napi::Function::New(env, DistBroadcastCoalesced));
  exports.Set("distVerifyParams", Napi::Function::New(env, DistVerifyParams));
  exports.Set("distReducer", Napi::Function::New(env, DistReducer));
  exports.Set("distReducerStep", Napi::Function::New(env, DistReducerStep));
}

#else

void registerDistributed(Napi::Env env, Napi::Object exports) {
  exports.Set("distributedAvailable", Napi::Boolean::New(env, false));
}

#endif

}  // namespace tt
