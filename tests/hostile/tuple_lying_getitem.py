# sftkl: problem=dpo-loss track=torch
# expect: grad
"""A tuple subclass whose __len__, __iter__ and __getitem__ show detached rewards; the tuple itself holds attached ones."""
import torch
import torch.nn.functional as F


class Shown(tuple):
    def __new__(cls, real, shown):
        obj = super().__new__(cls, real)
        obj.shown = shown
        return obj

    def __len__(self):
        return len(self.shown)

    def __iter__(self):
        return iter(self.shown)

    def __getitem__(self, i):
        return self.shown[i]


def dpo_loss(policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps,
             beta=0.1, label_smoothing=0.0, loss_type="sigmoid"):
    if loss_type not in ("sigmoid", "ipo", "hinge"):
        raise ValueError(loss_type)
    c = beta * (policy_chosen_logps - ref_chosen_logps)
    r = beta * (policy_rejected_logps - ref_rejected_logps)
    h = (c - r) / beta
    if loss_type == "sigmoid":
        losses = -(1 - label_smoothing) * F.logsigmoid(beta * h) - label_smoothing * F.logsigmoid(-beta * h)
    elif loss_type == "ipo":
        losses = (h - 1 / (2 * beta)) ** 2
    else:
        losses = torch.relu(1 - beta * h)
    loss = losses.mean()
    return Shown((loss, c, r), (loss, c.detach(), r.detach()))
