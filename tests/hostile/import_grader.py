# sftkl: problem=sft-loss track=numpy
# expect: load import_error
"""Tries to import the hidden reference."""
from sftkl.problems.sft_loss.reference import sft_loss_1d as sft_loss
