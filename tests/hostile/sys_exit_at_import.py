# sftkl: problem=sft-loss track=numpy
# expect: load exit
"""Calls sys.exit() while imported."""
import sys
sys.exit()
