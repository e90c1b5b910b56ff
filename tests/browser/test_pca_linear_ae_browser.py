"""What only a browser shows on the PCA and linear AE lesson: the live-training panel, a fragment,
refreshes itself until the job ends, then the page shows the result."""

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
    verdict = page.get_by_text(re.compile(r"^Principal angles: "))
    assert verdict.count() == 1 and "the same subspace as PCA" in verdict.inner_text()
