"""`python -m sftkl`: the same as the `sftkl` console script."""

from sftkl.cli.entry import main

main()
