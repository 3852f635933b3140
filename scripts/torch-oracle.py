#!/usr/bin/python3
"""PyTorch's autograd gradients for every gate of Backflow's contract, written as test data.

Run:  /usr/bin/python3 scripts/torch-oracle.py [OUT_DIR]
      (Debian: apt-get install python3-torch; OUT_DIR defaults to simd/src/test/resources/torch)
The test that reads the data: simd/src/test/java/dev/backflow/simd/TorchOracleTest.java.

What torch computes here, and why it is comparable with the contract
-------------------------------------------------------------------
Every input is a leaf tensor (requires_grad) whose .grad is set beforehand to random values with specials
(dx0, dy0, ...). backward() then ends in torch's AccumulateGrad, which does `x.grad += g` in float32: the
contract's `dx[i] += g` for a gate that gives x one gradient g. For add, mul, max, relu, sigmoid and matmul one
backward() is therefore the contract's call, accumulation included, with no addition done here by hand.

copy is the exception. The contract adds the copies into dx one after another, ((dx0 + g0) + g1) + ...; one
backward() over a fan-out first sums the copies' gradients (the engine adds them newest copy first; the
broadcast's sum_to_size adds the rows in order to +0.0, for the up to 16 rows here) and then adds that sum to
.grad once, dx0 + S. These round differently when copies >= 2, and a broadcast turns a sum of -0.0 into +0.0.
So copy is generated twice:
  - "sequential": one backward() per copy, c = 0, 1, ..., each accumulating into .grad; this is the contract's
    order exactly (a model that accumulates micro-batches does the same), so the test compares bits;
  - "one pass": one backward() over x used by `copies` clones (fan-out), and over x.expand(copies, n) (the
    bias gradient of a broadcast), a listed deviation: the test checks that torch's bits are exactly dx0 + S
    in the order above, and ours within the summation bound of the exact sum.

The other deviations, which the test recognises by their inputs:
  - max and relu: an input that gets no gradient gets `+= +0.0` in torch (its backward computes a zero
    gradient there, not none), so a -0.0 accumulator becomes +0.0; the contract leaves it untouched;
  - relu of NaN: torch's relu(NaN) is NaN and threshold_backward passes the gradient (NaN <= 0 is false); the
    contract, like JAX and TensorFlow, gives no gradient where x > 0 does not hold.

sigmoid: torch's backward is sigmoid_backward(dz, s) = (dz * (1 - s)) * s on the saved output s, the
contract's formula and order; this script checks that in numpy float32 before writing, and also writes
dx0 + aten.sigmoid_backward(dz, s) (torch's add) on arbitrary s: the contract uses s as it is, even outside
[0, 1], where autograd's s = sigmoid(x) never is (NaN aside).

matmul (Y = X.W): torch's mm goes to OpenBLAS, whose summation order is its own; the test checks torch
and Backflow each within the contract's bound of the exact sum. Its inputs avoid values large enough to
overflow in some summation orders and not in others (|x| <= 1e18), so which elements are NaN or infinite does
not depend on the order.

Reproducibility: fixed seeds (one per case), float32, CPU, one thread everywhere (torch, OpenMP, OpenBLAS),
deterministic algorithms, and the kernels pinned to ones any x86-64 CPU with AVX2 runs: torch's
(ATEN_CPU_CAPABILITY=avx2) and OpenBLAS's (OPENBLAS_CORETYPE=Haswell). The pins matter for the inputs torch
computes, not for the backward rules: with ATEN_CPU_CAPABILITY=default the forward torch.sigmoid rounded 18 of
the 1031 values of s differently (so sigmoid's dx differed with them), while every other elementwise result kept
its bits (a NaN's payload aside). Running this twice gives the same bytes; manifest.json records the versions.

Data format (little-endian): each <case>.bin is b"BFT1", a u32 record count, then per record: u8 name length,
the ASCII name, u8 type (b"i" int32 or b"f" float32), u32 element count, the elements. Names are the
contract's (dz, x, y, dx0 = dx before the call, dx = after; for matmul dY, x, w, dX0, dW0, dX, dW).
"""

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"
os.environ["OPENBLAS_CORETYPE"] = "Haswell"
os.environ["ATEN_CPU_CAPABILITY"] = "avx2"

import hashlib  # noqa: E402
import json  # noqa: E402
import pathlib  # noqa: E402
import struct  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402

SEED = 20261127
N = 1031  # elementwise length: prime, so every vector width has a tail
DEFAULT_OUT = pathlib.Path(__file__).resolve().parent.parent / "simd/src/test/resources/torch"

F32 = np.float32


def bits(u):
    return np.array(u, dtype=np.uint32).view(F32)


SPECIALS = np.concatenate([
    np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1.0, -1.0, 0.5, 1e30, -1e30, 1e-30, -1e-30], dtype=F32),
    bits([0x7FC12345, 0xFFC00001,  # NaNs with payloads and signs
          0x00000001, 0x80000001, 0x00800000, 0x007FFFFF,  # smallest subnormal, smallest normal, largest subnormal
          0x7F7FFFFF, 0xFF7FFFFF]),  # +-MAX_VALUE
])


def mixed(rng, size, spice=0.5):
    """Values for the elementwise gates: ordinary in [-4, 4) with a `spice` share of specials, subnormals,
    any magnitude (2^-149 .. 2^127) and raw bit patterns (NaN payloads included)."""
    u = rng.random(size)
    ordinary = rng.uniform(-4, 4, size).astype(F32)
    special = SPECIALS[rng.integers(0, len(SPECIALS), size)]
    sign = rng.integers(0, 2, size, dtype=np.uint32) << np.uint32(31)
    subnormal = (rng.integers(1, 0x800000, size, dtype=np.uint32) | sign).view(F32)
    magnitude = (rng.uniform(-1, 1, size) * np.exp2(rng.integers(-149, 128, size).astype(np.float64))).astype(F32)
    raw = rng.integers(0, 2**32, size, dtype=np.uint64).astype(np.uint32).view(F32)
    return np.select([u < spice * 0.4, u < spice * 0.6, u < spice * 0.8, u < spice], [special, subnormal, magnitude, raw],
                     ordinary).astype(F32)


def bounded(rng, size, limit, spice=0.3):
    """Like mixed, but every finite value has |v| <= limit: no sum or product of these overflows, in any order."""
    v = mixed(rng, size, spice)
    finite = np.isfinite(v) & (np.abs(v) > limit)
    v[finite] = (np.sign(v[finite]) * rng.uniform(0, 1, int(finite.sum())) * limit).astype(F32)
    return v


def matmul_values(rng, size, nonfinite, rate):
    """Matmul inputs: mostly ordinary in [-1, 1), small integers and zeros; at `rate`, subnormals, tiny (1e-30)
    and large (1e18) values, which cannot overflow a sum of fewer than 1e2 products; and `nonfinite` NaN or
    +-inf at random places (each spoils a whole row or column of the products, so only a few)."""
    u = rng.random(size)
    ordinary = rng.uniform(-1, 1, size).astype(F32)
    small_int = rng.integers(-3, 4, size).astype(F32)
    zero = np.where(rng.integers(0, 2, size) == 0, F32(0.0), F32(-0.0)).astype(F32)
    sign = rng.integers(0, 2, size, dtype=np.uint32) << np.uint32(31)
    subnormal = (rng.integers(1, 0x800000, size, dtype=np.uint32) | sign).view(F32)
    choice = np.array([1e18, -1e18, 1e-30, -1e-30, 1e-30, -1e-30], dtype=F32)
    special = np.where(rng.random(size) < 0.6, subnormal, choice[rng.integers(0, len(choice), size)])
    v = np.select([u < rate, u < 0.15, u < 0.3], [special, zero, small_int], ordinary).astype(F32)
    v[rng.choice(size, nonfinite, replace=False)] = np.array([np.nan, np.inf, -np.inf], dtype=F32)[rng.integers(0, 3, nonfinite)]
    return v


def leaf(values, grad):
    t = torch.from_numpy(values.copy()).requires_grad_(True)
    t.grad = torch.from_numpy(grad.copy())
    return t


def g(t):
    return t.grad.numpy().copy()


def case_rng(index):
    return np.random.default_rng([SEED, index])


def add_case(rng):
    dz, dx0, dy0 = mixed(rng, N), mixed(rng, N), mixed(rng, N)
    x, y = leaf(mixed(rng, N), dx0), leaf(mixed(rng, N), dy0)
    (x + y).backward(torch.from_numpy(dz))
    return {"n": [N]}, {"dz": dz, "dx0": dx0, "dy0": dy0, "dx": g(x), "dy": g(y)}


def mul_case(rng):
    dz, xv, yv, dx0, dy0 = (mixed(rng, N) for _ in range(5))
    x, y = leaf(xv, dx0), leaf(yv, dy0)
    (x * y).backward(torch.from_numpy(dz))
    return {"n": [N]}, {"dz": dz, "x": xv, "y": yv, "dx0": dx0, "dy0": dy0, "dx": g(x), "dy": g(y)}


def max_case(rng):
    dz, xv, yv = mixed(rng, N), mixed(rng, N), mixed(rng, N)
    dx0, dy0 = mixed(rng, N, spice=0.7), mixed(rng, N, spice=0.7)
    pick = rng.integers(0, 8, N)
    yv = np.where(pick == 0, xv, yv).astype(F32)  # ties x == y
    zeros = np.array([0.0, -0.0], dtype=F32)
    xv = np.where(pick == 1, zeros[rng.integers(0, 2, N)], xv).astype(F32)  # +-0 against +-0, ties too
    yv = np.where(pick == 1, zeros[rng.integers(0, 2, N)], yv).astype(F32)
    neg_zero = rng.random(N) < 0.25  # accumulators at -0.0, where torch's `+= +0.0` shows
    dx0[neg_zero] = F32(-0.0)
    dy0[rng.random(N) < 0.25] = F32(-0.0)
    x, y = leaf(xv, dx0), leaf(yv, dy0)
    torch.maximum(x, y).backward(torch.from_numpy(dz))
    return {"n": [N]}, {"dz": dz, "x": xv, "y": yv, "dx0": dx0, "dy0": dy0, "dx": g(x), "dy": g(y)}


def relu_case(rng):
    dz, xv, dx0 = mixed(rng, N), mixed(rng, N), mixed(rng, N, spice=0.7)
    xv = np.where(rng.random(N) < 0.3, -np.abs(xv), xv).astype(F32)  # more x <= 0
    dx0[rng.random(N) < 0.25] = F32(-0.0)
    x = leaf(xv, dx0)
    torch.relu(x).backward(torch.from_numpy(dz))
    return {"n": [N]}, {"dz": dz, "x": xv, "dx0": dx0, "dx": g(x)}


def contract_sigmoid(dz, s, dx0):
    return (dx0 + (dz * (F32(1) - s)) * s).astype(F32)


def check_sigmoid(name, dz, s, dx0, dx):
    want = contract_sigmoid(dz, s, dx0)
    same = (want.view(np.uint32) == dx.view(np.uint32)) | (np.isnan(want) & np.isnan(dx))
    if not same.all():
        sys.exit(f"{name}: torch differs from (dz * (1 - s)) * s at {np.flatnonzero(~same)[:10]}")
    other = (dx0 + dz * ((F32(1) - s) * s)).astype(F32)  # another order, to show that the order matters
    differ = int(((other.view(np.uint32) != dx.view(np.uint32)) & ~(np.isnan(other) & np.isnan(dx))).sum())
    print(f"{name}: torch == dx0 + (dz * (1 - s)) * s for all {len(dz)}; dz * ((1 - s) * s) differs at {differ}")


def sigmoid_case(rng):
    xv, dz, dx0 = mixed(rng, N), mixed(rng, N), mixed(rng, N)
    x = torch.from_numpy(xv.copy()).requires_grad_(True)
    x.grad = torch.from_numpy(dx0.copy())
    s = torch.sigmoid(x)
    s.backward(torch.from_numpy(dz))
    sv = s.detach().numpy().copy()
    check_sigmoid("sigmoid", dz, sv, dx0, g(x))
    return {"n": [N]}, {"x": xv, "dz": dz, "s": sv, "dx0": dx0, "dx": g(x)}


def sigmoid_any_s_case(rng):
    dz, sv, dx0 = mixed(rng, N), mixed(rng, N), mixed(rng, N)
    sv = np.where(rng.random(N) < 0.4, rng.random(N).astype(F32), sv).astype(F32)
    dx = (torch.from_numpy(dx0) + torch.ops.aten.sigmoid_backward(torch.from_numpy(dz), torch.from_numpy(sv))).numpy()
    check_sigmoid("sigmoid_backward, any s", dz, sv, dx0, dx)
    return {"n": [N]}, {"dz": dz, "s": sv, "dx0": dx0, "dx": dx.copy()}


COPY_SHAPES = [(1, 257), (2, 257), (3, 129), (5, 100), (16, 64)]  # (copies, n)


def copy_sequential_case(rng):
    meta, arrays = {"copies": [], "n": []}, {"dz": [], "dx0": [], "dx": []}
    for copies, n in COPY_SHAPES:
        dz, dx0 = mixed(rng, copies * n), mixed(rng, n)
        x = leaf(mixed(rng, n), dx0)
        for c in range(copies):
            x.clone().backward(torch.from_numpy(dz[c * n:(c + 1) * n].copy()))
        meta["copies"].append(copies)
        meta["n"].append(n)
        arrays["dz"].append(dz)
        arrays["dx0"].append(dx0)
        arrays["dx"].append(g(x))
    return meta, {k: np.concatenate(v) for k, v in arrays.items()}


def copy_one_pass_case(rng):
    meta, arrays = {"copies": [], "n": []}, {"dz": [], "dx0": [], "fanout": [], "broadcast": []}
    for copies, n in COPY_SHAPES:
        dz, dx0 = bounded(rng, copies * n, 2.0**100), bounded(rng, n, 2.0**100)
        rows = [torch.from_numpy(dz[c * n:(c + 1) * n].copy()) for c in range(copies)]
        xv = mixed(rng, n)
        x = leaf(xv, dx0)
        torch.autograd.backward([x.clone() for _ in range(copies)], rows)
        fanout = g(x)
        x = leaf(xv, dx0)
        x.expand(copies, n).backward(torch.from_numpy(dz.reshape(copies, n).copy()))
        meta["copies"].append(copies)
        meta["n"].append(n)
        for k, v in (("dz", dz), ("dx0", dx0), ("fanout", fanout), ("broadcast", g(x))):
            arrays[k].append(v)
    return meta, {k: np.concatenate(v) for k, v in arrays.items()}


# (m, k, n, NaN or infinities per matrix, share of finite specials): m = 1 and m <= 32 take Backflow's unpacked
# paths, the larger ones its packed GEMM
MATMUL_SHAPES = [(1, 1, 1, 0, 0.0), (1, 13, 17, 0, 0.05), (4, 8, 20, 0, 0.02), (5, 9, 33, 1, 0.05),
                 (40, 37, 35, 0, 0.03), (34, 20, 18, 1, 0.03)]


def matmul_case(rng):
    meta = {"m": [], "k": [], "n": []}
    arrays = {name: [] for name in ("dY", "x", "w", "dX0", "dW0", "dX", "dW")}
    for m, k, n, nonfinite, rate in MATMUL_SHAPES:
        dY, xv, wv = (matmul_values(rng, size, nonfinite, rate) for size in (m * n, m * k, k * n))
        dX0, dW0 = matmul_values(rng, m * k, nonfinite, rate), matmul_values(rng, k * n, nonfinite, rate)
        x, w = leaf(xv.reshape(m, k), dX0.reshape(m, k)), leaf(wv.reshape(k, n), dW0.reshape(k, n))
        torch.mm(x, w).backward(torch.from_numpy(dY.reshape(m, n).copy()))
        for key, v in (("m", m), ("k", k), ("n", n)):
            meta[key].append(v)
        for key, v in (("dY", dY), ("x", xv), ("w", wv), ("dX0", dX0), ("dW0", dW0), ("dX", g(x)), ("dW", g(w))):
            arrays[key].append(v.reshape(-1))
    return meta, {key: np.concatenate(v) for key, v in arrays.items()}


CASES = [  # (file name, what torch ran, generator); a case's seed is [SEED, its index here]
    ("add", "(x + y).backward(dz)", add_case),
    ("mul", "(x * y).backward(dz)", mul_case),
    ("max", "torch.maximum(x, y).backward(dz)", max_case),
    ("relu", "torch.relu(x).backward(dz)", relu_case),
    ("sigmoid", "s = torch.sigmoid(x); s.backward(dz)", sigmoid_case),
    ("sigmoid-any-s", "dx0 + torch.ops.aten.sigmoid_backward(dz, s)", sigmoid_any_s_case),
    ("copy-sequential", "x.clone().backward(dz[c]) for c = 0 .. copies-1", copy_sequential_case),
    ("copy-one-pass", "fanout: torch.autograd.backward([x.clone()] * copies, dz rows); "
                      "broadcast: x.expand(copies, n).backward(dz)", copy_one_pass_case),
    ("matmul", "torch.mm(x, w).backward(dY)", matmul_case),
]


def encode(meta, arrays):
    out = [b"BFT1", struct.pack("<I", len(meta) + len(arrays))]
    for name, values in meta.items():
        out += [struct.pack("<B", len(name)), name.encode("ascii"), b"i", struct.pack("<I", len(values)),
                np.asarray(values, dtype="<i4").tobytes()]
    for name, values in arrays.items():
        out += [struct.pack("<B", len(name)), name.encode("ascii"), b"f", struct.pack("<I", len(values)),
                np.asarray(values, dtype="<f4").tobytes()]
    return b"".join(out)


def debian_package(name):
    """The installed Debian package's version (Debian's torch calls itself 1.13.0a0 while packaging 1.13.1)."""
    try:
        return subprocess.run(["dpkg-query", "-W", "-f=${Version}", name], capture_output=True, text=True,
                              check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "not installed from a Debian package"


def main():
    out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT
    out.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    torch.set_flush_denormal(False)
    np.seterr(all="ignore")  # numpy's float32 checks of sigmoid meet NaN and overflow on purpose
    manifest = {
        "generator": "scripts/torch-oracle.py",
        "command": "/usr/bin/python3 scripts/torch-oracle.py",
        "torch": torch.__version__,
        "debian_python3_torch": debian_package("python3-torch"),
        "numpy": np.__version__,
        "python": sys.version.split()[0],
        "kernels": "ATEN_CPU_CAPABILITY=avx2, OpenBLAS with OPENBLAS_CORETYPE=Haswell, one thread",
        "seed": SEED,
        "format": "<case>.bin: b'BFT1', u32 record count; per record: u8 name length, ASCII name, "
                  "u8 type ('i' int32 or 'f' float32), u32 count, little-endian elements",
        "cases": [],
    }
    for index, (name, ran, generate) in enumerate(CASES):
        meta, arrays = generate(case_rng(index))
        data = encode(meta, arrays)
        (out / f"{name}.bin").write_bytes(data)
        manifest["cases"].append({"file": f"{name}.bin", "torch": ran, "bytes": len(data),
                                  "sha256": hashlib.sha256(data).hexdigest(),
                                  "records": {k: len(v) for k, v in {**meta, **arrays}.items()}})
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    print(f"wrote {len(CASES)} cases to {out} (torch {torch.__version__})")


if __name__ == "__main__":
    main()
