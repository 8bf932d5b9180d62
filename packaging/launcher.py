"""The bundle's entry point: the same ``citeline`` command the wheel installs."""

import sys

from citeline.cli import main

if __name__ == "__main__":
    sys.exit(main())
