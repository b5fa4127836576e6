#!/usr/bin/env python3
"""Writes the seed corpora in fuzz/corpus/NAME/ (run from the repository root).

For every reader: `valid-*` files it must accept (the repository's own inputs), `bad-*` files it
must refuse with an error (hand-made hostile inputs: huge declared sizes, duplicate keys,
ragged rows, numbers out of range, wrong magic), and `mutant-*` files made from the valid ones
by deterministic truncations and byte flips, which it must survive either way. `found-*` files
(inputs a fuzzing run kept) are left as they are. The replay test
(tests/fuzz_corpora.rs) checks exactly that; `cargo fuzz run NAME fuzz/corpus/NAME` grows them.
"""
import io
import json
import os
import struct
import zipfile

ROOT = "fuzz/corpus"


def write(reader, name, data):
    folder = os.path.join(ROOT, reader)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def mutants(reader, stem, data, prefix=b""):
    """Truncations and byte flips of `data` (after a fixed `prefix`), deterministic."""
    state = sum(data) + len(data)
    for k, cut in enumerate(sorted({len(data) // 3, len(data) // 2, len(data) - 1})):
        write(reader, f"mutant-{stem}-cut{k}", prefix + data[:cut])
    for k in range(4):
        flipped = bytearray(data)
        for _ in range(1 + k):
            state = (state * 6364136223846793005 + 1442695040888963407) % 2**64
            flipped[state % len(flipped)] ^= 1 << (state >> 8) % 8
        write(reader, f"mutant-{stem}-flip{k}", prefix + bytes(flipped))


def seeds(reader, files, prefix=b""):
    for path in files:
        with open(path, "rb") as f:
            data = f.read()
        stem = os.path.basename(path).replace(".", "-")
        write(reader, f"valid-{stem}", prefix + data)
        mutants(reader, stem, data, prefix)


def npy(shape, values, descr="<f8", version=1):
    header = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (
        descr,
        "".join(f"{n}, " for n in shape),
    )
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    length = struct.pack("<H", len(header)) if version == 1 else struct.pack("<I", len(header))
    return b"\x93NUMPY" + bytes([version, 0]) + length + header.encode() + struct.pack(
        f"<{len(values)}d", *values
    )


def main():
    # Seeds are rewritten; inputs found by fuzzing runs (`found-*`) are kept.
    for folder, _, files in os.walk(ROOT):
        for name in files:
            if name.startswith(("valid-", "bad-", "mutant-")):
                os.remove(os.path.join(folder, name))
    seeds("network-json", ["data/networks/example.json", "tests/data/random_d2_w3-2_o1_seed7.json"])
    write("network-json", "bad-duplicate-key", '{"input_dim": 2, "input_dim": 3, "layers": []}')
    write("network-json", "bad-huge-input-dim", '{"input_dim": 100000000000, "layers": [{"weights": [[1]], "biases": [0]}]}')
    write("network-json", "bad-ragged-rows", '{"input_dim": 2, "layers": [{"weights": [[1, 2], [3]], "biases": [0, 0]}]}')
    write("network-json", "bad-division-by-zero", '{"input_dim": 1, "layers": [{"weights": [["1/0"]], "biases": [0]}]}')
    write("network-json", "bad-empty-rows", '{"input_dim": 2, "layers": [{"weights": [], "biases": []}]}')
    write("network-json", "bad-deep-nesting", "[" * 100000)

    cube = '{"inequalities": [[1, 1, 0], [1, -1, 0], [1, 0, 1], [1, 0, -1]]}'
    write("domain", "valid-square", "2\n" + cube)
    write("domain", "valid-simplex", "3\n" + open("examples/inputs/simplex.json").read())
    mutants("domain", "square", cube.encode(), b"2\n")
    write("domain", "bad-huge-dimension", "100000\n" + cube)
    write("domain", "bad-unbounded", '2\n{"inequalities": [[1, 1, 0]]}')
    write("domain", "bad-empty", '1\n{"inequalities": [[-1, 1], [-1, -1]]}')
    write("domain", "bad-wrong-row-length", "3\n" + cube)

    seeds("polytope", ["examples/inputs/simplex.json", "examples/inputs/cube.json"])
    write("polytope", "bad-lower-dimensional", '{"vertices": [[0, 0], [1, 1], [2, 2]]}')
    write("polytope", "bad-both-descriptions", '{"vertices": [[0]], "inequalities": [[1, 1]]}')
    write("polytope", "bad-dimension-17", json.dumps({"vertices": [[0] * 17, [1] * 17]}))
    write("polytope", "bad-duplicate-key", '{"vertices": [[0], [1]], "vertices": [[0], [2]]}')

    seeds("engine-output", ["examples/inputs/engine.json"], b"2\n")
    write("engine-output", "bad-asserts-nothing", '2\n{"counts": {}}')
    write("engine-output", "bad-duplicate-key", '2\n{"counts": {"regions": 1, "regions": 2}}')
    write("engine-output", "bad-huge-count", '2\n{"counts": {"regions": 1e400}}')

    imports = "tests/data/import"
    for reader, ext in [("safetensors", ".safetensors"), ("npz", ".npz"), ("onnx", ".onnx")]:
        seeds(reader, sorted(os.path.join(imports, f) for f in os.listdir(imports) if f.endswith(ext)))
    header = json.dumps({"w": {"dtype": "F32", "shape": [4000000000, 4000000000], "data_offsets": [0, 16]}}).encode()
    write("safetensors", "bad-declared-shape", struct.pack("<Q", len(header)) + header + bytes(16))
    write("safetensors", "bad-header-length", struct.pack("<Q", 2**62) + b"{}")
    write("onnx", "bad-not-protobuf", b"\xff" * 64)

    with zipfile.ZipFile(os.path.join(imports, "mlp_savez.npz")) as archive:
        for name in sorted(archive.namelist()):
            stem = name.replace(".", "-")
            data = archive.read(name)
            write("npy", f"valid-{stem}", data)
            mutants("npy", stem, data)
    write("npy", "valid-version-2", npy([2, 2], [1.0, 2.0, 3.0, 4.0], version=2))
    write("npy", "bad-huge-shape", npy([2**40, 2**40], [1.0]))
    write("npy", "bad-magic", b"\x93NUMPX" + npy([1], [1.0])[6:])
    write("npy", "bad-object-dtype", npy([1], [1.0], descr="|O"))
    huge = io.BytesIO()
    with zipfile.ZipFile(huge, "w") as archive:
        entry = zipfile.ZipInfo("w.npy", date_time=(1980, 1, 1, 0, 0, 0))
        archive.writestr(entry, npy([2**40, 2**40], [1.0]))
    write("npz", "bad-huge-entry-shape", huge.getvalue())
    write("npz", "bad-not-zip", b"PK\x03\x04" + bytes(40))

    seeds("sweep-config", ["examples/inputs/sweep.json"])
    write("sweep-config", "bad-huge-dims", '{"dims": [5000], "widths": [2], "depths": [1], "seeds": [1]}')
    write("sweep-config", "bad-huge-depth", '{"dims": [2], "widths": [2], "depths": [1000000], "seeds": [1]}')
    write("sweep-config", "bad-zero-bits", '{"dims": [2], "widths": [2], "depths": [1], "seeds": [1], "bits": 0}')
    write("sweep-config", "bad-duplicate-key", '{"dims": [2], "dims": [3], "widths": [2], "depths": [1], "seeds": [1]}')
    write("sweep-config", "bad-huge-training-grid", json.dumps({"dims": [4], "widths": [2], "depths": [1], "seeds": [1], "training": {"task": "sinusoid", "optimizer": "adam", "rate": 0.01, "points": 100000, "steps": [1]}}))


if __name__ == "__main__":
    main()
