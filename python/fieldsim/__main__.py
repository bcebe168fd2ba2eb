"""``python -m fieldsim``: the same as the ``fieldsim`` command."""

import sys

from fieldsim.cli import main

sys.exit(main())
