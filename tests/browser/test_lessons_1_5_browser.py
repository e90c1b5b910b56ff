"""What only a browser shows on lessons 1-5: fragments. The live-training panel refreshes itself
until the job ends, then the page shows the result; ▶ plays the recurrent AE row by row."""

import re

import pytest

from tests.browser.helpers import open_app, wait_idle

pytestmark = pytest.mark.browser


def test_the_linear_autoencoder_trains_live_and_matches_pca(page, app_url):
    open_app(page, app_url, "pca_linear_ae")
    # The first training waits for the trainer process to start and import Keras.
    page.get_by_role("button", name="▶ Train the linear autoencoder").click(timeout=120_000)
    page.get_by_text("largest principal angle to PCA").wait_for(timeout=300_000)
    wait_idle(page)
    angle = page.get_by_text(re.compile(r"^\d+\.\d\d°$")).first.inner_text()
    assert float(angle.rstrip("°")) < 5.0
    assert page.get_by_text("the same subspace as PCA").count() == 1


def test_play_writes_the_rows_one_by_one_and_stops_at_the_last(page, app_url):
    open_app(page, app_url, "recurrent")
    thumb = page.locator("[data-testid=stSliderThumbValue]").last
    thumb.wait_for(timeout=30_000)  # the page starts on a picked digit
    page.get_by_role("button", name="▶ Play").click()
    page.get_by_role("button", name="⏸ Pause").wait_for(timeout=30_000)
    seen = set()
    for _ in range(40):
        seen.add(int(thumb.inner_text()))
        if 28 in seen:
            break
        page.wait_for_timeout(500)
    assert len(seen) >= 5 and 28 in seen  # it moved through the rows and reached the end
    page.get_by_role("button", name="▶ Play").wait_for(timeout=30_000)  # stopped by itself
    wait_idle(page)
    assert int(thumb.inner_text()) == 28
