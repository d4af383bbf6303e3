from sftkl.cli.main import main

main()
