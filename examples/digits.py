"""Train a small ReLU classifier on scikit-learn's handwritten digits and export it exactly.

Data: `sklearn.datasets.load_digits` (1,797 8x8 images, pixel values 0..16, ten classes),
bundled with scikit-learn. Each input is the 64 pixels divided by 16, so every input is k/16:
exactly representable in binary64 and in relupoly's number syntax.

Model: `MLPClassifier(hidden_layer_sizes=(16, 16), activation="relu", random_state=0,
max_iter=1000)` on a stratified 75/25 split (`train_test_split(..., random_state=0,
stratify=y)`); it stops on its own tolerance after a few hundred epochs (about a second).
The network is 64 -> 16 -> 16 -> 10: two ReLU layers and the affine logit layer (no softmax:
the argmax of the softmax is the argmax of the logits).

Writes, into the directory given by --out:

- `mlp.json`: the network in relupoly's format (docs/formats.md, "Network") with
  `"numbers": "binary64"`: every float64 weight is written as the shortest decimal that rounds
  back to it (Python's `repr`), which relupoly rounds to that same binary64 and takes exactly.
  scikit-learn stores `coefs_[l]` as (inputs, outputs); relupoly wants (outputs, inputs), so
  each matrix is transposed. `metadata` records the source, versions and test accuracy.
- `slice.json`: `{"through": [p0, p1, p2]}`, the plane through three test digits (each p the
  64 pixels / 16, written as exact decimals).
- `digits.json`: those three digits (index in the test set and in `load_digits`, label, raw
  pixels 0..16) and the model's float64 logits there, computed by hand with NumPy from
  `coefs_` and `intercepts_` (the same operations as scikit-learn's `_forward_pass_fast`,
  without its final softmax); python/tests/test_digits.py checks them against relupoly's
  exact forward pass, without scikit-learn.

The three digits are the first correctly classified test samples (in test-set order) of
classes 0, 1 and 7: a round digit and two stroke digits that are easily confused with each
other, so the plane through them crosses several decision boundaries.

Run (needs numpy and scikit-learn; relupoly, if installed, is used to check the export):

    python examples/digits.py --out data/digits/

then the exact decision regions on the plane (data/digits/README.md has the results):

    relupoly decision data/digits/mlp.json --slice data/digits/slice.json
    relupoly decision data/digits/mlp.json --slice data/digits/slice.json --box -1/2,3/2 --draw digits.svg
"""

import argparse
import json
import time
from pathlib import Path

import numpy as np
import sklearn
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

CLASSES = (0, 1, 7)  # the three digits of the slice
MAX_ITER = 1000  # a cap: training stops at its tolerance first (364 epochs, sklearn 1.9.1)


def logits(clf, x):
    """The float64 logits of the rows of x: the hidden layers with ReLU, then the affine output
    layer, exactly as scikit-learn's _forward_pass_fast computes them before its softmax."""
    a = x
    last = len(clf.coefs_) - 1
    for l, (w, b) in enumerate(zip(clf.coefs_, clf.intercepts_)):
        a = a @ w
        a += b
        if l < last:
            a = np.maximum(a, 0)
    return a


def layer(w, b):
    """A relupoly layer from scikit-learn's (inputs, outputs) matrix and its biases. Python
    floats serialize as their shortest round-trip decimal, exact under "binary64"."""
    return {"weights": w.T.tolist(), "biases": b.tolist()}


def dumps(value, indent=""):
    """JSON with every list of numbers on one line (a matrix row per line), the rest indented."""
    inner = indent + " "
    if isinstance(value, dict) and value:
        items = [f"{inner}{json.dumps(k)}: {dumps(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, list) and value and any(isinstance(v, (list, dict)) for v in value):
        return "[\n" + ",\n".join(inner + dumps(v, inner) for v in value) + "\n" + indent + "]"
    return json.dumps(value)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("data/digits"),
                        help="output directory (default data/digits)")
    args = parser.parse_args()

    digits = load_digits()
    pixels, y = digits.data, digits.target  # pixels: float64, whole numbers 0..16
    x = pixels / 16  # exact: division by a power of two
    index = np.arange(len(y))
    x_train, x_test, y_train, y_test, i_train, i_test = train_test_split(
        x, y, index, random_state=0, stratify=y)

    start = time.perf_counter()
    clf = MLPClassifier(hidden_layer_sizes=(16, 16), activation="relu", random_state=0,
                        max_iter=MAX_ITER)
    clf.fit(x_train, y_train)
    seconds = time.perf_counter() - start
    predicted = clf.predict(x_test)
    correct = int((predicted == y_test).sum())
    accuracy = correct / len(y_test)
    print(f"trained in {seconds:.1f} s ({clf.n_iter_} epochs of at most {MAX_ITER}); "
          f"test accuracy {correct}/{len(y_test)} = {accuracy:.4f}")
    assert clf.out_activation_ == "softmax" and list(clf.classes_) == list(range(10))

    # The three digits: the first correctly classified test sample of each chosen class.
    chosen = [int(np.flatnonzero((y_test == c) & (predicted == c))[0]) for c in CLASSES]
    z = logits(clf, x_test[chosen])
    # The hand-computed logits agree with scikit-learn's own prediction and probabilities.
    assert (z.argmax(axis=1) == predicted[chosen]).all()
    softmax = np.exp(z - z.max(axis=1, keepdims=True))
    softmax /= softmax.sum(axis=1, keepdims=True)
    assert np.allclose(softmax, clf.predict_proba(x_test[chosen]), rtol=0, atol=1e-12)

    hidden = [layer(w, b) for w, b in zip(clf.coefs_[:-1], clf.intercepts_[:-1])]
    network = {
        "input_dim": int(x.shape[1]),
        "numbers": "binary64",
        "layers": hidden,
        "output": layer(clf.coefs_[-1], clf.intercepts_[-1]),
        "metadata": {
            "source": "scikit-learn MLPClassifier trained on sklearn.datasets.load_digits "
                      "by examples/digits.py",
            "model": f"MLPClassifier(hidden_layer_sizes=(16, 16), activation='relu', "
                     f"random_state=0, max_iter={MAX_ITER})",
            "split": "train_test_split(x, y, random_state=0, stratify=y)",
            "input": "the 64 pixels of an 8x8 image (0..16) divided by 16, row by row",
            "output": "the 10 logits (no softmax), class k = digit k",
            "scikit_learn": sklearn.__version__,
            "numpy": np.__version__,
            "epochs": int(clf.n_iter_),
            "train_samples": int(len(y_train)),
            "test_samples": int(len(y_test)),
            "test_correct": correct,
            "test_accuracy": accuracy,
        },
    }
    plane = {"through": [x_test[i].tolist() for i in chosen]}
    record = {
        "description": "three test digits of data/digits/mlp.json and its float64 logits there",
        "logits": "computed with numpy from coefs_ and intercepts_ (relu hidden layers, affine "
                  "output, as sklearn's _forward_pass_fast before its softmax), float64",
        "scikit_learn": sklearn.__version__,
        "digits": [
            {"test_index": i, "dataset_index": int(i_test[i]), "label": int(y_test[i]),
             "predicted": int(predicted[i]), "pixels": [int(p) for p in pixels[i_test[i]]],
             "logits": row.tolist()}
            for i, row in zip(chosen, z)
        ],
    }
    for i in chosen:  # the split kept the pairing of pixels, labels and dataset indices
        assert (pixels[i_test[i]] / 16 == x_test[i]).all() and y[i_test[i]] == y_test[i]

    args.out.mkdir(parents=True, exist_ok=True)
    for name, document in (("mlp.json", network), ("slice.json", plane),
                           ("digits.json", record)):
        path = args.out / name
        path.write_text(dumps(document) + "\n")
        print(f"wrote {path}")
    for d in record["digits"]:
        print(f"digit {d['label']}: test sample {d['test_index']}, "
              f"load_digits()[{d['dataset_index']}]")

    try:
        import relupoly
    except ImportError:
        return
    # relupoly reads back exactly the float64 weights: the same network as from the arrays.
    read = relupoly.Network.load(args.out / "mlp.json")
    direct = relupoly.Network.from_arrays(
        [w.T for w in clf.coefs_[:-1]], clf.intercepts_[:-1],
        output=(clf.coefs_[-1].T, clf.intercepts_[-1]))
    assert read.to_json() == direct.to_json(), "the export is not exact"
    print(f"relupoly reads {read}: the exact float64 weights")


if __name__ == "__main__":
    main()
