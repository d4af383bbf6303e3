# sftkl: problem=sft-loss track=numpy
# expect: load exit_process
"""Ends the process while imported."""
import os
os._exit(0)
