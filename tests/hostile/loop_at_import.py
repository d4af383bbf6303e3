# sftkl: problem=sft-loss track=numpy
# expect: load timeout
"""An endless loop while the module is imported."""
while True:
    pass
