"""Checks a PySide6 build for the reference-count defect that rules out PySide6 6.12.0 on CPython 3.11.

Run: QT_QPA_PLATFORM=offscreen python bench/pyside_refcount_check.py
A healthy build prints a delta near 0; 6.12.0 printed -3999 and then aborted with "deallocating None".
"""

import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtWidgets import QApplication, QLabel

app = QApplication([])
label = QLabel("x")
before = sys.getrefcount(None)
for i in range(2000):
    label.setText(str(i))
    label.setVisible(False)
delta = sys.getrefcount(None) - before
print(f"PySide6 {pyside_version}: refcount of None changed by {delta} over 4,000 calls")
sys.exit(0 if abs(delta) < 100 else 1)
