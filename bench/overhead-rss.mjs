// The RSS child of bench/overhead.ts: a loop creating N 1-MB tensors, each
// freed by its scope, run as a user's program runs, with plain node on the
// built package (dist/). Under tsx, the TypeScript transformer alone holds
// about 60 MB, which Python's side has no counterpart of.
//
//   node bench/overhead-rss.mjs N THREADS  -> prints {"peak_rss_mb": ...}
import * as torch from '../dist/index.js';

const n = Number(process.argv[2]);
const threads = Number(process.argv[3] ?? 1);
if (!Number.isInteger(n) || n < 1 || !Number.isInteger(threads) || threads < 1) {
  throw new TypeError(`usage: overhead-rss.mjs N THREADS (positive integers), got ${process.argv.slice(2).join(' ')}`);
}
torch.setNumThreads(threads);
for (let i = 0; i < n; i++) {
  torch.scope(() => {
    torch.ones([262144]); // 1 MB of float32, freed when the scope closes
  });
}
console.log(JSON.stringify({ peak_rss_mb: process.resourceUsage().maxRSS / 1024 }));
