#!/usr/bin/python3
"""PyTorch peer for cmd/bench: the same models, initialisation, optimizer, batch size and MNIST
files as DeepNB, measured the same way, written as the same JSON (cmd/bench/result.go: Row).

Run with Debian's Python and torch (make bench does this):
    OMP_NUM_THREADS=2 /usr/bin/python3 scripts/bench/torch_peer.py --mnist-dir DIR --out FILE
On an NVIDIA GPU (scripts/gpu_check.sh does this), with a CUDA build of torch:
    python3 scripts/bench/torch_peer.py --device cuda --mnist-dir DIR --out FILE
On a GPU the data stays in host memory and each batch is copied to the device when it is used,
as DeepNB's training loop does, and every timed span ends with torch.cuda.synchronize() so that
queued kernels are counted.

Models (as gomlx_ext/models):
    cnn: Conv2D(32, 3x3, valid) -> ReLU -> MaxPool 2x2 -> Flatten -> Dense(128) -> ReLU -> Dense(10)
    mlp: Flatten -> Dense(128) -> ReLU -> Dense(10)
Weights Glorot-uniform, biases zero (Keras and DeepNB); Adam(lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
as GoMLX's Adam; softmax cross-entropy averaged over the batch.
"""
import argparse
import gzip
import json
import os
import resource
import struct
import sys
import time

import numpy as np
import torch
from torch import nn


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_mnist(directory):
    def part(images, labels):
        x = read_idx(os.path.join(directory, images)).astype(np.float32) / 255.0
        y = read_idx(os.path.join(directory, labels)).astype(np.int64)
        return torch.from_numpy(x.reshape(-1, 1, 28, 28)), torch.from_numpy(y)
    return (part("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
            part("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"))


def blas_library():
    """The BLAS actually loaded: Debian's torch links the generic libblas.so.3, which the
    alternatives system points at OpenBLAS when libopenblas0-openmp is installed."""
    torch.mm(torch.ones(64, 64), torch.ones(64, 64))
    with open("/proc/self/maps") as f:
        libs = {line.split()[-1] for line in f if "blas" in line.lower() and line.split()[-1].startswith("/")}
    if any("openblas" in lib for lib in libs):
        return "OpenBLAS"
    return ", ".join(sorted(libs)) or "unknown (reference BLAS is 5-15x slower)"


def make_model(name):
    if name == "cnn":
        model = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                              nn.Linear(13 * 13 * 32, 128), nn.ReLU(), nn.Linear(128, 10))
    else:
        model = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
    return model


def make_optimizer(model):
    return torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)


def batches(x, y, batch_size, generator, device):
    # The permutation is drawn on the CPU generator, so CPU and GPU runs see the same batches.
    order = torch.randperm(x.shape[0], generator=generator)
    for start in range(0, x.shape[0] - batch_size + 1, batch_size):  # drop the incomplete batch
        idx = order[start:start + batch_size]
        yield x[idx].to(device), y[idx].to(device)


def sync(device):
    """Waits for the device's queued work: GPU calls return before their kernels finish."""
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def accuracy(model, x, y, device):
    model.eval()
    correct = 0
    with torch.no_grad():
        for start in range(0, x.shape[0], 500):
            chunk = model(x[start:start + 500].to(device)).argmax(1).cpu()
            correct += (chunk == y[start:start + 500]).sum().item()
    model.train()
    return correct / x.shape[0]


def bench_model(name, train, test, args):
    device = args.device
    (x, y), (tx, ty) = train, test
    torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed)
    loss_fn = nn.CrossEntropyLoss()
    model = make_model(name).to(device)
    opt = make_optimizer(model)
    where = "cpu, %d threads" % torch.get_num_threads()
    if device.type == "cuda":
        where = "cuda: %s" % torch.cuda.get_device_name(device)
    row = {"framework": "PyTorch %s" % torch.__version__.split("a")[0].split("+")[0],
           "backend": where, "model": name,
           "batch_size": args.batch, "max_epochs": args.epochs[name]}

    timed, step, stream = 0.0, 0, batches(x, y, args.batch, generator, device)
    while step < args.warmup + args.steps:
        try:
            bx, by = next(stream)
        except StopIteration:
            stream = batches(x, y, args.batch, generator, device)
            continue
        sync(device)
        start = time.perf_counter()
        opt.zero_grad()
        loss_fn(model(bx), by).backward()
        opt.step()
        sync(device)
        if step >= args.warmup:
            timed += time.perf_counter() - start
        step += 1
    row["train_examples_per_sec"] = args.steps * args.batch / timed

    accuracy(model, tx, ty, device)
    sync(device)
    start = time.perf_counter()
    accuracy(model, tx, ty, device)  # .item() per batch synchronizes
    row["infer_examples_per_sec"] = tx.shape[0] / (time.perf_counter() - start)

    target = args.targets[name]
    row.update(target_accuracy=target, seconds_to_target=0.0, epochs_to_target=0.0, final_accuracy=0.0)
    if args.epochs[name] > 0:
        torch.manual_seed(args.seed)
        model = make_model(name).to(device)
        opt = make_optimizer(model)
        per_epoch = x.shape[0] // args.batch
        eval_every = max(1, per_epoch // 2)
        start, steps = time.perf_counter(), 0
        done = False
        for _ in range(args.epochs[name]):
            for bx, by in batches(x, y, args.batch, generator, device):
                opt.zero_grad()
                loss_fn(model(bx), by).backward()
                opt.step()
                steps += 1
                if steps % eval_every == 0 or steps % per_epoch == 0:
                    acc = accuracy(model, tx, ty, device)
                    row["final_accuracy"] = acc
                    if acc >= target:
                        row["seconds_to_target"] = time.perf_counter() - start
                        row["epochs_to_target"] = steps / per_epoch
                        done = True
                        break
            if done:
                break
    row["peak_rss_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    if device.type == "cuda":
        row["peak_device_bytes"] = torch.cuda.max_memory_allocated(device)
    return row


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--mnist-dir", required=True)
    p.add_argument("--models", default="cnn,mlp")
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--steps", type=int, default=40)
    p.add_argument("--cnn-epochs", type=int, default=3)
    p.add_argument("--cnn-target", type=float, default=0.98)
    p.add_argument("--mlp-epochs", type=int, default=5)
    p.add_argument("--mlp-target", type=float, default=0.97)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--device", default="cpu", help="cpu, cuda or cuda:N")
    p.add_argument("--out", default="")
    args = p.parse_args()
    args.device = torch.device(args.device)
    if args.device.type == "cuda" and not torch.cuda.is_available():
        raise SystemExit("torch_peer: --device %s: this torch build sees no CUDA device (torch %s)" % (args.device, torch.__version__))
    args.epochs = {"cnn": args.cnn_epochs, "mlp": args.mlp_epochs}
    args.targets = {"cnn": args.cnn_target, "mlp": args.mlp_target}
    # Debian's torch starts with one thread; set it explicitly, like OMP_NUM_THREADS.
    torch.set_num_threads(args.threads)
    train, test = load_mnist(args.mnist_dir)
    if args.device.type == "cuda":
        print("PyTorch %s, %s" % (torch.__version__, torch.cuda.get_device_name(args.device)))
    else:
        print("PyTorch %s, %d threads, BLAS: %s" % (torch.__version__, torch.get_num_threads(), blas_library()))
    report = {"rows": []}
    for name in args.models.split(","):
        row = bench_model(name, train, test, args)
        report["rows"].append(row)
        print("%s: train %.0f ex/s, inference %.0f ex/s, peak RSS %.0f MiB, %.0f%% after %.1f s (%.1f epochs)" % (
            name, row["train_examples_per_sec"], row["infer_examples_per_sec"], row["peak_rss_bytes"] / 2**20,
            100 * row["target_accuracy"], row["seconds_to_target"], row["epochs_to_target"]))
    if args.out:
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        tmp = args.out + ".tmp"
        with open(tmp, "w") as f:
            json.dump(report, f, indent=2)
        os.replace(tmp, args.out)


if __name__ == "__main__":
    sys.exit(main())
