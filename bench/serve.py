"""Python twin of examples/serve/server.ts for bench/serve.ts: the same
TorchScript model behind the same HTTP API on 127.0.0.1, with the same
batching (requests that arrive while a batch forms, up to MAX_BATCH, waiting
at most WAIT_MS after the first, in one forward call), on
http.server.ThreadingHTTPServer. Prints its port, then serves until killed.

Usage: serve.py MODEL THREADS MAX_BATCH WAIT_MS
"""
import json
import queue
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import torch

model_path, threads, max_batch, wait_ms = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
torch.set_num_threads(threads)
model = torch.jit.load(model_path).eval()
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
pending = queue.Queue()


def batcher():
    while True:
        batch = [pending.get()]
        deadline = wait_ms / 1000
        while len(batch) < max_batch:
            try:
                batch.append(pending.get(timeout=deadline))
            except queue.Empty:
                break
            deadline = 0 if len(batch) >= max_batch else deadline
        x = torch.tensor([r["pixels"] for r in batch], dtype=torch.float32).reshape(len(batch), 1, 28, 28).div(255).sub(0.286).div(0.353)
        with torch.inference_mode():
            probabilities = model(x).exp().tolist()
        for r, p in zip(batch, probabilities):
            k = max(range(10), key=lambda i: p[i])
            r["answer"] = {"class": k, "name": CLASSES[k], "probabilities": p}
            r["done"].set()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without this, Nagle's algorithm holds the body
    # until the client's delayed ACK (about 40 ms per request), which node's http does not suffer.
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def send(self, status, value):
        body = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        pixels = json.loads(body)["pixels"]
        request = {"pixels": pixels, "done": threading.Event()}
        pending.put(request)
        request["done"].wait()
        self.send(200, request["answer"])


threading.Thread(target=batcher, daemon=True).start()
server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
