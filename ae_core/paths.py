"""Where the app finds its files. Both folders can be moved with environment variables."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
# Trained weights and manifest.json (committed).
PRETRAINED_DIR = Path(os.environ.get("AE_LAB_PRETRAINED", REPO_ROOT / "pretrained"))
# Derived files, rebuilt on demand and never committed: serving programs, decoded samples.
CACHE_DIR = Path(os.environ.get("AE_LAB_CACHE", Path.home() / ".cache" / "autoencoder-lab"))
