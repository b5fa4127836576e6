"""Train a tiny ReLU network in PyTorch, save its state_dict as safetensors, import it into
relupoly and count its activation regions exactly. Outside CI; needs torch and safetensors.

    python3 examples/train_and_export.py     (from the repository root)
"""

import subprocess
import tempfile
from pathlib import Path

import torch
from safetensors.torch import save_file

torch.manual_seed(0)
# 2-8-8-1 with a batch norm after the first layer; the ReLU modules leave gaps in the indices.
net = torch.nn.Sequential(
    torch.nn.Linear(2, 8), torch.nn.BatchNorm1d(8), torch.nn.ReLU(),
    torch.nn.Linear(8, 8), torch.nn.ReLU(),
    torch.nn.Linear(8, 1),
)
# Task: the indicator of the disc of radius 0.7 on [-1, 1]^2.
x = torch.rand(512, 2) * 2 - 1
y = ((x ** 2).sum(dim=1, keepdim=True) < 0.49).float()
optimizer = torch.optim.Adam(net.parameters(), lr=0.01)
for step in range(300):
    optimizer.zero_grad()
    loss = torch.nn.functional.mse_loss(net(x), y)
    loss.backward()
    optimizer.step()
print(f"trained: mse {loss.item():.4f}")
net.eval()

with tempfile.TemporaryDirectory() as tmp:
    weights = Path(tmp) / "disc.safetensors"
    network = Path(tmp) / "disc.json"
    save_file(net.state_dict(), str(weights))
    cargo = ["cargo", "run", "--release", "--quiet", "--"]
    subprocess.run(cargo + ["import", str(weights), "-o", str(network)], check=True)
    result = subprocess.run(cargo + ["regions", str(network)], check=True,
                            capture_output=True, text=True)
    print(result.stdout)
