"""The class wall in Chromium: a teacher opens a room, three students join with its code and send
digits, the wall shows exactly those; a fourth browser without the teacher's link never reaches
the wall; hiding and ending work. Once on one app process, once on two behind the nginx launcher
(the teacher on one process, the students on the other), sharing one SQLite store.

The wall's delay target (p95 <= 2 s) is measured in tests/load/bench_class_wall.py; here the
wall only has to show the digits (within a generous timeout)."""

from __future__ import annotations

import os

import pytest

from tests.browser.helpers import draw_stroke, open_app_after_probe, wait_idle

SHOWN_TIMEOUT_MS = 15_000
STROKES = ([(140, 40), (140, 240)], [(80, 60), (200, 60), (120, 240)], [(90, 90), (190, 90), (190, 200), (90, 200), (90, 90)])


def new_tab(browser, url: str, node: str | None):
    """A fresh browser (its own session); ``node`` pins it to one process behind nginx."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    if node:
        context.add_cookies([{"name": "ae_lab_node", "value": node, "url": url}])
    return context, context.new_page()


def wall_ids(tab) -> list[str]:
    return tab.eval_on_selector_all(".ae-grid-wall_grid figure[data-id]", "els => els.map(e => e.dataset.id)")


def wait_for_wall(tab, count: int) -> list[str]:
    tab.wait_for_function(f"() => document.querySelectorAll('.ae-grid-wall_grid figure[data-id]').length === {count}",
                          timeout=SHOWN_TIMEOUT_MS, polling=100)
    return wall_ids(tab)


def class_lesson(browser, url: str, teacher_node=None, student_node=None) -> None:
    contexts = []
    try:
        context, teacher = new_tab(browser, url, teacher_node)
        contexts.append(context)
        open_app_after_probe(teacher, url, "classroom")
        teacher.get_by_role("button", name="Open a room").click()
        teacher.locator(".ae-join-code").wait_for(timeout=60_000)
        code = teacher.locator(".ae-join-code").get_attribute("data-code")
        # The wall is its own fragment, drawn after the room's code: wait for it, then exactly one.
        teacher.get_by_text("No digit on the wall yet", exact=False).first.wait_for(timeout=30_000)
        assert teacher.get_by_text("No digit on the wall yet", exact=False).count() == 1
        assert "teacher=" not in teacher.url

        students = []
        for index, stroke in enumerate(STROKES):
            context, student = new_tab(browser, url, student_node)
            contexts.append(context)
            open_app_after_probe(student, url, "classroom")
            student.get_by_role("textbox", name="Room code").fill(code.lower())
            student.get_by_role("textbox", name="Nickname (optional)").fill(f"student {index + 1}")
            student.get_by_role("button", name="Join", exact=True).click()
            student.get_by_text(f"You are in room {code}", exact=False).wait_for(timeout=60_000)
            wait_idle(student)
            draw_stroke(student, stroke)
            wait_idle(student)
            student.get_by_role("button", name=f"Send to the class ({code})").click()
            student.get_by_text(f"Sent to room {code}", exact=False).wait_for(timeout=30_000)
            students.append(student)

        shown = wait_for_wall(teacher, 3)
        assert len(set(shown)) == 3  # each digit once
        cards = teacher.locator(".ae-grid-wall_grid figure[data-id]").all_inner_texts()
        assert sorted(card.splitlines()[0].split(" · ")[1] for card in cards) == ["student 1", "student 2", "student 3"]

        # A fourth browser, with the code but not the teacher's link: the join form, never the wall.
        context, outsider = new_tab(browser, url, student_node)
        contexts.append(context)
        open_app_after_probe(outsider, url, "classroom")
        assert outsider.locator(".ae-join-code").count() == 0
        open_app_after_probe(outsider, url, f"classroom?teacher={code}{code}{code}{code}XY")
        outsider.get_by_text("This teacher link is not valid", exact=False).wait_for(timeout=30_000)
        assert outsider.locator(".ae-join-code").count() == 0 and outsider.locator("figure[data-id]").count() == 0
        # Joined, it sees only its own (none): no other student's digit reaches another student.
        outsider.get_by_role("textbox", name="Room code").fill(code)
        outsider.get_by_role("button", name="Join", exact=True).click()
        outsider.get_by_text("Nothing yet.", exact=True).wait_for(timeout=30_000)
        assert outsider.locator("figure[data-id]").count() == 0

        # A student takes one back: it leaves the wall.
        students[2].get_by_role("button", name="Take back").first.click()
        wait_idle(students[2])
        assert len(wait_for_wall(teacher, 2)) == 2

        # The teacher hides one (the "up close" tab's digit).
        teacher.get_by_role("tab", name="One digit up close").click()
        teacher.get_by_role("button", name="Hide from the wall").click()
        teacher.get_by_role("tab", name="Wall", exact=True).click()
        assert len(wait_for_wall(teacher, 1)) == 1
        teacher.get_by_role("button", name="Show the 1 hidden again").click()
        assert len(wait_for_wall(teacher, 2)) == 2

        # The teacher ends the room: the wall closes; a student's next visit says the room ended.
        teacher.get_by_role("button", name="End the room").click()
        teacher.get_by_role("button", name="Yes, end it").click()
        teacher.get_by_text("The room has ended", exact=False).wait_for(timeout=30_000)
        assert teacher.locator(".ae-join-code").count() == 0
        open_app_after_probe(students[0], url, "classroom")
        students[0].get_by_text(f"Room {code} has ended or expired", exact=False).wait_for(timeout=30_000)
    finally:
        for context in contexts:
            context.close()


def test_a_class_shares_digits_with_the_wall(browser, app_url):
    class_lesson(browser, app_url)


def test_the_wall_works_across_two_processes_behind_the_launcher(browser, tmp_path):
    from ae_core.launch_behind_nginx import AppProcesses, find_nginx
    from tests.launch import free_port

    try:
        find_nginx()
    except FileNotFoundError as missing:
        if os.environ.get("AE_LAB_CI") == "1":
            pytest.fail(str(missing))
        pytest.skip(str(missing))
    env = {"AE_LAB_CLASS_DB": str(tmp_path / "class.sqlite3")}
    with AppProcesses(processes=2, port=free_port(), run_dir=tmp_path / "run", env=env) as launched:
        class_lesson(browser, launched.url, teacher_node="n0", student_node="n1")
        logs = "".join(path.read_text(errors="replace") for path in launched.log_paths() if path.exists())
    assert "Traceback" not in logs, logs[-3000:]
