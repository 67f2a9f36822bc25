"""The touch-screen kiosk and the front-desk window (PySide6).

Importing PySide6 here first lets ``lighten_feature_scan`` replace PySide6's import hook
question before any other module of ours is imported (kiosk.ui.feature_scan says why).
"""

import PySide6.QtCore  # noqa: F401 - loads PySide6's import hook, replaced just below

from kiosk.ui.feature_scan import lighten_feature_scan

lighten_feature_scan()
