"""Browser steps for the plan-and-act journey, shared by the plans tests (and extended for projects,
KPIs and payback). Each helper starts from the page it names and leaves the browser on the result."""

import io
import os
import re

from openpyxl import load_workbook
from pypdf import PdfReader


SHOTS = os.environ.get("DXNAVI_SCREENSHOTS")  # a directory: save screenshots there while developing


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def choose_goal(page, goal_id):
    """Tick a management goal; htmx replaces the builder with the goal's viewpoints."""
    page.locator(f"input[name=goal][value={goal_id}]").check()
    page.locator(f"#goal-{goal_id}").wait_for()
    page.wait_for_load_state("networkidle")


def choose_viewpoint(page, goal_id, viewpoint_id):
    page.locator(f"#goal-{goal_id} input[name='vp:{goal_id}'][value={viewpoint_id}]").check()
    page.locator(f"input[name='act:{goal_id}:{viewpoint_id}:0:text']").wait_for()
    page.wait_for_load_state("networkidle")


def fill_activity(page, goal_id, viewpoint_id, index, text, tool_label):
    """Fill activity slot ``index``; for a second activity press "add a line" first (see add_line)."""
    prefix = f"act:{goal_id}:{viewpoint_id}:{index}:"
    page.locator(f"input[name='{prefix}text']").fill(text)
    page.locator(f"select[name='{prefix}tool']").select_option(label=tool_label)


def add_line(page):
    page.get_by_role("button", name="フォームを更新（行を追加）").click()
    page.wait_for_load_state("networkidle")


def draw_map(page, company_id, goals):
    """``goals``: [(goal_id, [(viewpoint_id, [(text, tool label), ...])])]; saves and lands on the map."""
    page.goto(f"/c/{company_id}/plan/map/edit/")
    for goal_id, viewpoints in goals:
        choose_goal(page, goal_id)
        for viewpoint_id, _activities in viewpoints:
            choose_viewpoint(page, goal_id, viewpoint_id)
    for goal_id, viewpoints in goals:
        for viewpoint_id, activities in viewpoints:
            for index, (text, tool) in enumerate(activities):
                if index:
                    add_line(page)
                fill_activity(page, goal_id, viewpoint_id, index, text, tool)
    page.get_by_role("button", name="マップを保存").click()
    page.locator("svg.map-svg").wait_for()


def make_plan(page, company_id):
    page.goto(f"/c/{company_id}/plan/adoption/")
    page.get_by_role("button", name="導入プランを作る").click()
    page.locator("#plan-table").wait_for()


def _swapped(page, click):
    """Run ``click`` and wait until htmx has replaced the plan body with the server's new one."""
    old = page.locator("#plan-body").element_handle()
    click()
    page.wait_for_function("el => !el.isConnected", arg=old)
    page.locator("#plan-body").wait_for()


def set_phases(page, row_number, phases):
    """``phases``: {period index: "調査"/"試行"/"導入"/"—"}; saves the row through htmx."""
    card = page.locator("form.row-card").nth(row_number - 1)
    for period, label in phases.items():
        card.locator(f"select[name=phase_{period}]").select_option(label=label)
    _swapped(page, card.get_by_role("button", name="この行を保存").click)


def move_row(page, row_number, direction):
    card = page.locator("form.row-card").nth(row_number - 1)
    _swapped(page, card.get_by_role("button", name="上へ" if direction == "up" else "下へ").click)


def table_rows(page):
    """The plan table as lists of cell texts (header excluded)."""
    return [[c.strip() for c in row.locator("td").all_inner_texts()] for row in page.locator("#plan-table tbody tr").all()]


def download(page, link_name, path):
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("link", name=link_name).click()
    info.value.save_as(path)
    return info.value.suggested_filename, path.read_bytes()


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))


def xlsx_rows(data: bytes):
    ws = load_workbook(io.BytesIO(data)).active
    return [[c.value for c in row] for row in ws.iter_rows()]


# --- five-step projects, KPIs and payback (p2) ----------------------------------------------


def start_project(page, company_id, row_number):
    """From the project list, start row ``row_number`` as a project; lands on its step 1."""
    page.goto(f"/c/{company_id}/plan/projects/")
    page.locator(".project-item").nth(row_number - 1).get_by_role("button", name="プロジェクトとして始める").click()
    page.locator(".step-nav").wait_for()


def open_step(page, number):
    page.locator(".step-nav li").nth(number - 1).locator("a").click()
    page.locator("#step-title").wait_for()


def save_task(page, title, owner="", due="", status_label=None):
    task = page.locator("li.task", has_text=title)
    task.locator("input[name=task-owner]").fill(owner)
    task.locator("input[name=task-due]").fill(due)
    if status_label:
        task.locator("select[name=task-status]").select_option(label=status_label)
    task.get_by_role("button", name="タスクを保存").click()
    page.locator("#step-title").wait_for()


def add_quote(page, vendor, tool, amount, items="", valid_until=""):
    form = page.locator("form[action$='/quotes/']")
    form.locator("input[name=quote-vendor]").fill(vendor)
    form.locator("input[name=quote-tool]").fill(tool)
    form.locator("input[name=quote-amount]").fill(amount)
    form.locator("textarea[name=quote-items]").fill(items)
    form.locator("input[name=quote-valid_until]").fill(valid_until)
    form.get_by_role("button", name="見積を追加する").click()
    page.locator("#quotes").wait_for()


def fill_form(page, form_selector, values: dict, button):
    """``values``: {field name: text}; <select> fields take the option's label."""
    form = page.locator(form_selector)
    for name, value in values.items():
        field = form.locator(f"[name='{name}']")
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    form.get_by_role("button", name=button).click()
    page.wait_for_load_state("domcontentloaded")


def add_kpi(page, name, unit, baseline, baseline_date, target, target_date):
    fill_form(page, "form[action$='/kpis/']", {
        "kpi-name": name, "kpi-unit": unit, "kpi-baseline": baseline, "kpi-baseline_date": baseline_date,
        "kpi-target": target, "kpi-target_date": target_date,
    }, "KPIを追加する")


def record_actual(page, kpi_name, date, value):
    kpi = page.locator("div.kpi", has_text=kpi_name)
    kpi.locator("input[name=actual-date]").fill(date)
    kpi.locator("input[name=actual-value]").fill(value)
    kpi.get_by_role("button", name="実績を記録").click()
    page.locator("#kpis").wait_for()
