#!/usr/bin/python3
"""Trains the evaluator's default classifier on Fashion-MNIST and exports it to ONNX.

Reads Debian's dataset-fashion-mnist IDX files, trains a small CNN deterministically (seeded, CPU), and writes
into evaluator/src/main/resources/org/spikecodec/evaluator/default/:
  fashion_mnist_cnn.onnx            input "input" [N,1,28,28] float32, output "logits" [N,10]
  fashion-mnist-subset-*-ubyte.gz    a stratified subset of the TEST set (100 per class), IDX format
and, for the evaluator's plumbing tests, two random-weight models in evaluator/src/test/resources/models/.

Preprocessing contract of the default model: grey 28x28, x = (pixel / 255 - 0.2860) / 0.3530, NCHW.
Run from the repository root:  /usr/bin/python3 evaluator/src/main/python/train_fashion_mnist.py
"""
import gzip, hashlib, os, struct, sys, time
import numpy as np
import torch
import torch.nn as nn

MEAN, STD = 0.2860, 0.3530
SRC = "/usr/share/datasets/fashion-mnist"
OUT = "evaluator/src/main/resources/org/spikecodec/evaluator/default"
TEST_MODELS = "evaluator/src/test/resources/models"
SEED, EPOCHS, BATCH = 20261128, 4, 128


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, n = struct.unpack(">II", data[:8])
    if magic == 0x803:
        r, c = struct.unpack(">II", data[8:16])
        return np.frombuffer(data, np.uint8, offset=16).reshape(n, r, c)
    return np.frombuffer(data, np.uint8, offset=8)


def write_idx(path, arr):
    if arr.ndim == 3:
        head = struct.pack(">IIII", 0x803, arr.shape[0], arr.shape[1], arr.shape[2])
    else:
        head = struct.pack(">II", 0x801, arr.shape[0])
    with gzip.GzipFile(path, "wb", mtime=0) as f:  # mtime 0: byte-identical reruns
        f.write(head + arr.astype(np.uint8).tobytes())


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),   # 14x14
            nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),  # 7x7
            nn.Conv2d(64, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),  # 3x3
        )
        self.head = nn.Sequential(nn.Flatten(), nn.Dropout(0.3), nn.Linear(64 * 9, 128), nn.ReLU(), nn.Linear(128, 10))

    def forward(self, x):
        return self.head(self.features(x))


def tensor(x):
    return torch.from_numpy(((x.astype(np.float32) / 255.0 - MEAN) / STD)[:, None, :, :])


def accuracy(model, x, y):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), 1000):
            correct += (model(tensor(x[i:i + 1000])).argmax(1).numpy() == y[i:i + 1000]).sum()
    return correct / len(x)


def export(model, path, shape, in_name, out_name):
    model.eval()
    torch.onnx.export(model, torch.zeros(*shape), path, input_names=[in_name], output_names=[out_name],
                      dynamic_axes={in_name: {0: "batch"}, out_name: {0: "batch"}}, opset_version=13)


def main():
    torch.manual_seed(SEED)
    np.random.seed(SEED)
    torch.set_num_threads(2)
    xtr, ytr = idx(f"{SRC}/train-images-idx3-ubyte.gz"), idx(f"{SRC}/train-labels-idx1-ubyte.gz").astype(np.int64)
    xte, yte = idx(f"{SRC}/t10k-images-idx3-ubyte.gz"), idx(f"{SRC}/t10k-labels-idx1-ubyte.gz").astype(np.int64)
    model = Net()
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=EPOCHS * ((len(xtr) + BATCH - 1) // BATCH))
    t0 = time.time()
    rng = np.random.default_rng(SEED)
    for epoch in range(EPOCHS):
        model.train()
        order = rng.permutation(len(xtr))
        for i in range(0, len(order), BATCH):
            b = order[i:i + BATCH]
            xb = xtr[b]
            flip = rng.random(len(b)) < 0.5  # horizontal flips: the only augmentation
            xb = np.where(flip[:, None, None], xb[:, :, ::-1], xb)
            loss = nn.functional.cross_entropy(model(tensor(xb)), torch.from_numpy(ytr[b]))
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
        print(f"epoch {epoch + 1}: test accuracy {accuracy(model, xte, yte):.4f} ({time.time() - t0:.0f} s)", flush=True)
    train_s = time.time() - t0
    os.makedirs(OUT, exist_ok=True)
    onnx_path = f"{OUT}/fashion_mnist_cnn.onnx"
    export(model, onnx_path, (1, 1, 28, 28), "input", "logits")
    # Stratified subset of the test set: the first 100 images of each class, in test-set order.
    keep = np.sort(np.concatenate([np.flatnonzero(yte == c)[:100] for c in range(10)]))
    write_idx(f"{OUT}/fashion-mnist-subset-images-idx3-ubyte.gz", xte[keep])
    write_idx(f"{OUT}/fashion-mnist-subset-labels-idx1-ubyte.gz", yte[keep])
    full, sub = accuracy(model, xte, yte), accuracy(model, xte[keep], yte[keep])
    sha = hashlib.sha256(open(onnx_path, "rb").read()).hexdigest()
    print(f"full test accuracy {full:.4f}; subset ({len(keep)}) accuracy {sub:.4f}; training {train_s:.0f} s")
    print(f"sha256 {sha}  params {sum(p.numel() for p in model.parameters())}")

    # Random-weight plumbing models for the tests.
    os.makedirs(TEST_MODELS, exist_ok=True)
    torch.manual_seed(1)
    imagenet = nn.Sequential(nn.Conv2d(3, 8, 7, stride=4), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 1000))
    export(imagenet, f"{TEST_MODELS}/imagenet_shape_random.onnx", (1, 3, 224, 224), "input", "logits")

    class Nhwc(nn.Module):
        def __init__(self):
            super().__init__()
            self.net = nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, 5))

        def forward(self, images):
            return self.net(images.permute(0, 3, 1, 2))
    export(Nhwc(), f"{TEST_MODELS}/foreign_nhwc_random.onnx", (1, 32, 32, 3), "images", "scores")


if __name__ == "__main__":
    sys.exit(main())
