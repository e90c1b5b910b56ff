"""The README's screenshots are made by a script that keeps working (re-run here on one page)."""

import numpy as np
import pytest
from PIL import Image

from tests.screenshots.make_screenshots import shoot

pytestmark = pytest.mark.browser


def test_the_screenshot_script_draws_a_page_in_both_themes(browser, app_url, tmp_path):
    written = shoot(browser, app_url, tmp_path, pages=("draw",))
    assert [p.name for p in written] == ["draw-dark.png", "draw-light.png"]
    dark, light = (Image.open(p).convert("L") for p in written)
    assert dark.size == light.size == (1280, 720)
    # The themes differ where it matters: the light one is mostly light, the dark one mostly dark.
    assert np.asarray(light).mean() > 150 > 100 > np.asarray(dark).mean()
