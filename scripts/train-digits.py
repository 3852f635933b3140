#!/usr/bin/python3
"""Trains DigitsMlp's network in PyTorch and writes what it gets, for DigitsMlpTest to compare with Backflow.

Run:  /usr/bin/python3 scripts/train-digits.py [OUT_JSON]
      (Debian: apt-get install python3-torch; OUT_JSON defaults to examples/src/test/resources/digits-torch.json)
It writes OUT_JSON and, beside it, the final weights as little-endian float32 (W1, b1, W2, b2, each row-major,
back to back): OUT_JSON with .json replaced by -final.f32.
The Java side: examples/src/main/java/dev/backflow/examples/DigitsMlp.java; the test: DigitsMlpTest.

The run is the example's, step for step:
  - data: the committed examples/src/main/resources/dev/backflow/examples/digits.csv.gz (1797 images, 64
    pixels of 0-16 then the label), pixels scaled by 1/16; the first 1500 images train, the other 297 test;
  - network: h = x.W1 + b1 (W1 64x128), a = relu(h), logits = a.W2 + b2 (W2 128x10), the weights stored
    in.out as the Java arrays are (not nn.Linear's out.in); loss: cross-entropy of softmax(logits), the mean
    over the batch;
  - initial weights: after the shuffle, W1, b1, W2, b2 in that order, row-major, each value
    (2u - 1)/sqrt(fan_in) computed in double and rounded to float32, with u = (next >> 11) * 2^-53;
  - batches: after the weights, the same generator gives each epoch a permutation of the 1500 training images;
    the epoch takes its batches of 32 in that order and leaves the last 1500 mod 32 = 28 images out;
  - a permutation of n: Fisher-Yates from the last element down, j = next mod (i + 1) (next unsigned);
  - step: p -= float32(0.1) * p.grad (a float32 product, then a float32 subtraction, as in Java);
  - epoch loss: the mean of the epoch's batch losses (each taken before its step); test accuracy: argmax of
    the logits against the label.
Nothing that Java must reproduce comes from torch's generator. float32 throughout, one thread
(torch.set_num_threads(1)). Torch's matmul sums in OpenBLAS's order and Backflow in its contract's, so the
runs agree to rounding, not bit for bit: the test allows 1e-3 relative on each epoch's loss and one test
image. The split, the initial weights and the batch orders must match exactly: their SHA-256 digests (of
the permutations as little-endian int32, of the weights as little-endian float32) are written too, and the
test recomputes them in Java.

It also times the training run above, and one training step (forward, loss, backward, update) at batch 32
and at batch 128 on one thread with time.perf_counter, warm: the median over 7 rounds of 200 steps, after 100
steps of warm-up. Those numbers depend on the machine and its load (BACKFLOW_MACHINE, if set, describes the
machine in the file); every other field is the same on every rerun with the same torch.
"""
import gzip
import hashlib
import json
import math
import os
import platform
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

SEED = 2
IN, HIDDEN, OUT = 64, 128, 10
TRAIN = 1500
BATCH = 32
EPOCHS = 20
LEARNING_RATE = 0.1
MASK = (1 << 64) - 1

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "examples/src/main/resources/dev/backflow/examples/digits.csv.gz")
DEFAULT_OUT = os.path.join(ROOT, "examples/src/test/resources/digits-torch.json")


class SplitMix64:
    """The Java example's SplitMix64, bit for bit (Python ints, masked to 64 bits)."""

    def __init__(self, seed):
        self.state = seed & MASK

    def next_long(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def next_double(self):
        return (self.next_long() >> 11) * 2.0 ** -53

    def permutation(self, n):
        order = list(range(n))
        for i in range(n - 1, 0, -1):
            j = self.next_long() % (i + 1)
            order[i], order[j] = order[j], order[i]
        return order


def uniform(random, count, fan_in):
    bound = 1 / math.sqrt(fan_in)
    return np.array([(2 * random.next_double() - 1) * bound for _ in range(count)], dtype=np.float64) \
        .astype(np.float32)


def sha256(array):
    return hashlib.sha256(np.ascontiguousarray(array).astype("<f4").tobytes()).hexdigest()


def load():
    with gzip.open(DATA, "rt", encoding="ascii") as f:
        rows = [[float(v) for v in line.split(",")] for line in f if line.strip()]
    data = np.array(rows, dtype=np.float64)
    assert data.shape == (1797, IN + 1), data.shape
    pixels = torch.from_numpy((data[:, :IN] / 16).astype(np.float32))
    labels = torch.from_numpy(data[:, IN].astype(np.int64))
    return pixels, labels


class Mlp:
    def __init__(self, random):
        arrays = [uniform(random, IN * HIDDEN, IN).reshape(IN, HIDDEN), uniform(random, HIDDEN, IN),
                  uniform(random, HIDDEN * OUT, HIDDEN).reshape(HIDDEN, OUT), uniform(random, OUT, HIDDEN)]
        self.initial_sha256 = dict(zip(("w1", "b1", "w2", "b2"), (sha256(a) for a in arrays)))
        self.params = [torch.tensor(a, requires_grad=True) for a in arrays]
        self.rate = torch.tensor(LEARNING_RATE, dtype=torch.float32)

    def logits(self, x):
        w1, b1, w2, b2 = self.params
        return torch.relu(x @ w1 + b1) @ w2 + b2

    def step(self, x, y):
        loss = F.cross_entropy(self.logits(x), y)
        for p in self.params:
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in self.params:
                p -= self.rate * p.grad
        return loss.item()


def train(pixels, labels, random):
    net = Mlp(random)
    x_train, y_train = pixels[:TRAIN], labels[:TRAIN]
    steps = TRAIN // BATCH
    losses, order_bytes = [], hashlib.sha256()
    for _ in range(EPOCHS):
        order = random.permutation(TRAIN)
        order_bytes.update(np.array(order, dtype="<i4").tobytes())
        order = torch.tensor(order, dtype=torch.int64)
        total = 0.0
        for s in range(steps):
            batch = order[s * BATCH:(s + 1) * BATCH]
            total += net.step(x_train[batch], y_train[batch])
        losses.append(total / steps)
    with torch.no_grad():
        predicted = net.logits(pixels[TRAIN:]).argmax(dim=1)
    correct = int((predicted == labels[TRAIN:]).sum())
    return net, losses, order_bytes.hexdigest(), correct


def seconds_per_step(pixels, labels, batch, warmup=100, rounds=7, steps=200):
    """Times steps on a copy of the network, on the training images in a fixed order (not the run's)."""
    net = Mlp(SplitMix64(SEED))
    order = torch.tensor(SplitMix64(SEED + 1).permutation(TRAIN), dtype=torch.int64)
    batches = [order[(s * batch) % (TRAIN - batch):][:batch] for s in range(TRAIN // batch)]
    xs = [pixels[b] for b in batches]
    ys = [labels[b] for b in batches]
    for s in range(warmup):
        net.step(xs[s % len(xs)], ys[s % len(ys)])
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for s in range(steps):
            net.step(xs[s % len(xs)], ys[s % len(ys)])
        times.append((time.perf_counter() - start) / steps)
    return statistics.median(times)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
    if not out.endswith(".json"):
        sys.exit("train-digits.py: the output's name must end in .json: " + out)
    torch.set_num_threads(1)
    random = SplitMix64(SEED)
    pixels, labels = load()
    split = random.permutation(pixels.shape[0])
    split_sha256 = hashlib.sha256(np.array(split, dtype="<i4").tobytes()).hexdigest()
    split = torch.tensor(split, dtype=torch.int64)
    pixels, labels = pixels[split], labels[split]
    start = time.perf_counter()
    net, losses, order_sha256, correct = train(pixels, labels, random)
    run_seconds = time.perf_counter() - start
    test = pixels.shape[0] - TRAIN
    result = {
        "script": "scripts/train-digits.py",
        "torch": torch.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "settings": {"seed": SEED, "layers": [IN, HIDDEN, OUT], "train": TRAIN, "test": test, "batch": BATCH,
                     "epochs": EPOCHS, "steps_per_epoch": TRAIN // BATCH, "learning_rate": LEARNING_RATE,
                     "threads": torch.get_num_threads(), "dtype": "float32"},
        "split_sha256": split_sha256,
        "initial_sha256": net.initial_sha256,
        "order_sha256": order_sha256,
        "epoch_losses": losses,
        "test_correct": correct,
        "test_accuracy": correct / test,
        "final_sha256": dict(zip(("w1", "b1", "w2", "b2"), (sha256(p.detach().numpy()) for p in net.params))),
        "timing": {
            "step_seconds_batch_32": seconds_per_step(pixels, labels, 32),
            "step_seconds_batch_128": seconds_per_step(pixels, labels, 128),
            "training_run_seconds": run_seconds,
            "how": "time.perf_counter, one thread; a step: the median of 7 rounds of 200 steps after 100 warm-up "
                   "steps; the training run: the whole run above (every epoch, and the test), timed once",
            "machine": os.environ.get("BACKFLOW_MACHINE", platform.processor() or platform.machine()),
        },
    }
    with open(out[:-len(".json")] + "-final.f32", "wb") as f:
        for p in net.params:
            f.write(p.detach().numpy().astype("<f4").tobytes())
    with open(out, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    for e, loss in enumerate(losses):
        print(f"epoch {e + 1:2d}: mean training loss {loss:.6f}")
    print(f"test accuracy: {correct / test:.4f} ({correct} of {test})")
    print(f"timing: {result['timing']}")


if __name__ == "__main__":
    main()
