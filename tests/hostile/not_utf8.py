# sftkl: problem=sft-loss track=numpy
# expect: load not_utf8
"""Not UTF-8."""
x = 'ÿþ'
