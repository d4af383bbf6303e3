"""dpo-loss: the DPO loss (sigmoid / cDPO, IPO, hinge) and its implicit rewards, PyTorch track."""
