"""`python -m ipwatch`: the same as the `ipwatch` command."""

from ipwatch.shell.cli import main

main()
