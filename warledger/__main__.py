"""`python -m warledger`."""

import sys

from warledger.cli import main

sys.exit(main())
