"""Where bundled data lives (forms, resources), independent of the working directory."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_FORMS = PROJECT_ROOT / "forms"
RESOURCES = PROJECT_ROOT / "resources"
