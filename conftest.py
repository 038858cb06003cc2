"""Loaded before the tests' own conftest: keep Python's bytecode cache for the package and the tests.

Container images often set PYTHONDONTWRITEBYTECODE (this project's machines do). Every test worker and every
`readinglist` process a test starts would then compile the package's modules again: about 4 s of the quick loop on
2 cores. The cache goes where Python puts it by default, `__pycache__` beside each module, which git ignores.
"""

import sys

sys.dont_write_bytecode = False
