"""What only a browser shows on the recurrent AE lesson: ▶ plays the decoder row by row (a
fragment rerunning itself) and stops at the last row."""

import pytest

from tests.browser.helpers import open_app, reveal, wait_idle

pytestmark = pytest.mark.browser


def test_play_writes_the_rows_one_by_one_and_stops_at_the_last(page, app_url):
    open_app(page, app_url, "recurrent")
    reveal(page, "recurrent")  # the page starts on a picked digit: its question comes first
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
