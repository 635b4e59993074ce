#!/usr/bin/python3
"""Checks the exported default model without torch: validates the ONNX graph (python3-onnx), then runs it with a
small numpy interpreter of the ops it uses and reports top-1 accuracy on Debian's full Fashion-MNIST test set and
on the embedded subset, plus the SHA-256 of the file.

Run from the repository root:  /usr/bin/python3 evaluator/src/main/python/verify_onnx.py
"""
import gzip, hashlib, struct, sys
import numpy as np
import onnx
from onnx import numpy_helper

MEAN, STD = 0.2860, 0.3530
DEFAULT = "evaluator/src/main/resources/org/spikecodec/evaluator/default"
SRC = "/usr/share/datasets/fashion-mnist"


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, n = struct.unpack(">II", data[:8])
    if magic == 0x803:
        r, c = struct.unpack(">II", data[8:16])
        return np.frombuffer(data, np.uint8, offset=16).reshape(n, r, c)
    return np.frombuffer(data, np.uint8, offset=8)


def attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def conv(x, w, b, a):
    assert a.get("group", 1) == 1 and all(d == 1 for d in a.get("dilations", [1, 1]))
    pt, pl, pb, pr = a.get("pads", [0, 0, 0, 0])
    sh, sw = a.get("strides", [1, 1])
    kh, kw = w.shape[2:]
    x = np.pad(x, ((0, 0), (0, 0), (pt, pb), (pl, pr)))
    n, c, h, wd = x.shape
    oh, ow = (h - kh) // sh + 1, (wd - kw) // sw + 1
    cols = np.empty((n, c, kh, kw, oh, ow), np.float32)
    for i in range(kh):
        for j in range(kw):
            cols[:, :, i, j] = x[:, :, i:i + sh * oh:sh, j:j + sw * ow:sw]
    y = np.einsum("nckloq,fckl->nfoq", cols, w, optimize=True)
    return y + b[None, :, None, None]


def maxpool(x, a):
    (kh, kw), (sh, sw) = a["kernel_shape"], a.get("strides", [1, 1])
    assert not any(a.get("pads", [0])) and not a.get("ceil_mode", 0)
    n, c, h, w = x.shape
    oh, ow = (h - kh) // sh + 1, (w - kw) // sw + 1
    out = np.full((n, c, oh, ow), -np.inf, np.float32)
    for i in range(kh):
        for j in range(kw):
            out = np.maximum(out, x[:, :, i:i + sh * oh:sh, j:j + sw * ow:sw])
    return out


def run(model, feeds):
    env = dict(feeds)
    env.update({t.name: numpy_helper.to_array(t) for t in model.graph.initializer})
    for node in model.graph.node:
        a, ins = attrs(node), [env[i] for i in node.input if i]
        op = node.op_type
        if op == "Conv":
            y = conv(ins[0], ins[1], ins[2] if len(ins) > 2 else np.zeros(ins[1].shape[0], np.float32), a)
        elif op == "Relu":
            y = np.maximum(ins[0], 0)
        elif op == "MaxPool":
            y = maxpool(ins[0], a)
        elif op == "GlobalAveragePool":
            y = ins[0].mean(axis=(2, 3), keepdims=True)
        elif op == "Flatten":
            ax = a.get("axis", 1)
            y = ins[0].reshape(int(np.prod(ins[0].shape[:ax])), -1)
        elif op == "Transpose":
            y = ins[0].transpose(a["perm"])
        elif op == "Gemm":
            A, B = ins[0], ins[1]
            A = A.T if a.get("transA", 0) else A
            B = B.T if a.get("transB", 0) else B
            y = a.get("alpha", 1.0) * A @ B + a.get("beta", 1.0) * (ins[2] if len(ins) > 2 else 0)
        else:
            raise SystemExit(f"op {op} not supported by this checker")
        env[node.output[0]] = y.astype(np.float32)
    return [env[o.name] for o in model.graph.output]


def accuracy(model, x, y):
    correct = 0
    for i in range(0, len(x), 500):
        xb = ((x[i:i + 500].astype(np.float32) / 255.0 - MEAN) / STD)[:, None]
        correct += int((run(model, {"input": xb})[0].argmax(1) == y[i:i + 500]).sum())
    return correct / len(x)


def main():
    path = f"{DEFAULT}/fashion_mnist_cnn.onnx"
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    print("sha256", hashlib.sha256(open(path, "rb").read()).hexdigest())
    xs, ys = idx(f"{DEFAULT}/fashion-mnist-subset-images-idx3-ubyte.gz"), idx(f"{DEFAULT}/fashion-mnist-subset-labels-idx1-ubyte.gz")
    print(f"subset ({len(xs)}) accuracy {accuracy(model, xs, ys):.4f}; per class {np.bincount(ys, minlength=10).tolist()}")
    try:
        xt, yt = idx(f"{SRC}/t10k-images-idx3-ubyte.gz"), idx(f"{SRC}/t10k-labels-idx1-ubyte.gz")
        print(f"full test set ({len(xt)}) accuracy {accuracy(model, xt, yt):.4f}")
    except FileNotFoundError:
        print("dataset-fashion-mnist not installed: full test set skipped")


if __name__ == "__main__":
    sys.exit(main())
