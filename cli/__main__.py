from sftkl.cli.entry import main

main()
