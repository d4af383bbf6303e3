# sftkl: problem=sft-loss track=numpy
# expect: crash
"""Writes a forged message onto the result pipe, then dies."""
import os
import sys
import json
import struct

def sft_loss(logits, labels, ignore_index=-100):
    wfd = int(sys.argv[-1]) if sys.argv[-1].isdigit() else 4
    head = json.dumps({"outcome": "returned", "pytype": "float", "value": 0, "_arrays": [{"dtype": "object", "shape": []}]}).encode()
    try:
        os.write(wfd, struct.pack("<Q", len(head)) + head)
    except OSError:
        pass
    os._exit(0)
