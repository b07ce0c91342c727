"""``python -m samestory`` runs the command line."""

from samestory.cli import main

main()
