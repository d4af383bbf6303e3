# sftkl: problem=softmax track=torch
"""movedim(dim, -1), flatten to rows, Python loop over rows, torch.stack, restore the layout."""
import torch


def softmax(x, dim=-1):
    xf = x.float() if x.dtype in (torch.bfloat16, torch.float16) else x
    y = xf.movedim(dim, -1)
    rows = y.reshape(-1, y.shape[-1])
    out = []
    for row in rows:
        e = torch.exp(row - row.max())
        out.append(e / e.sum())
    p = torch.stack(out).reshape(y.shape).movedim(-1, dim)
    return p.to(x.dtype)
