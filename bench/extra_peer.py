#!/usr/bin/env python3
"""PyTorch peer for the workloads bench/run.ts measures beyond ../shared/bench/WORKLOADS.md.

Same method and JSON shape as ../shared/bench/torch_peer.py (whose best_rate it reuses):
  npm run bench:versus -- --peer bench/extra_peer.py --only 'lstm|gru'
"""
import argparse, json, os, sys
import torch, torch.nn as nn, torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "bench"))
from torch_peer import best_rate  # noqa: E402


def rnn_rate(cls, train):
    """LSTM or GRU 64 -> 128 over 20 time-major steps, batch 32, linear head on the last step."""
    rnn, head = cls(64, 128), nn.Linear(128, 10)
    x, y = torch.randn(20, 32, 64), torch.randint(0, 10, (32,))
    def logits():
        return head(rnn(x)[0][19])
    if not train:
        rnn.eval()
        def run():
            with torch.no_grad(): logits().sum().item()
        return best_rate(run, 32)
    opt = torch.optim.Adam(list(rnn.parameters()) + list(head.parameters()), lr=1e-3)
    def step():
        opt.zero_grad(); loss = F.cross_entropy(logits(), y); loss.backward(); opt.step(); loss.item()
    return best_rate(step, 32)


def main():
    ap = argparse.ArgumentParser(); ap.add_argument("--threads", type=int, default=1); a = ap.parse_args()
    torch.set_num_threads(a.threads); torch.manual_seed(0)
    r = {}
    for name, cls in (("lstm", nn.LSTM), ("gru", nn.GRU)):
        r[f"{name}_train_b32_t20_samples_s"] = rnn_rate(cls, True)
        r[f"{name}_infer_b32_t20_samples_s"] = rnn_rate(cls, False)
    print(json.dumps({"engine": f"pytorch {torch.__version__}", "threads": a.threads,
                      "results": {k: round(v, 2) for k, v in r.items()}}, indent=1))


if __name__ == "__main__":
    main()
