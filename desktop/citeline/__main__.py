import sys

from citeline.cli import main

sys.exit(main())
