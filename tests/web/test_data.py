"""The Data page: upload a file, fix its mapping, load it in the background, see the load
history and the quarantine, download it, fix the mapping and load the rows again.

The session's workspace is shared by every web test, so each test loads its own source
(``webtest_*``) and asserts only on its own rows.
"""

from __future__ import annotations

import html
import io
import re
import threading
import time

import pytest
from conftest import screenshot

# Row 5 has a time in a format the assistant cannot know (day first): it is rejected until
# the mapping lists "%d-%m-%Y %H:%M".
NEWSLETTER = """이메일,발송일시,이벤트,캠페인
kim@webtest-a.example,2026-03-01 10:00:00,email_open,spring
lee@webtest-b.example,2026-03-02 11:30:00,email_click,spring
park@webtest-c.example,2026-03-03 09:15:00,email_open,
choi@webtest-d.example,05-03-2026 14:00,email_click,spring
"""
DAY_FIRST = "%d-%m-%Y %H:%M"


def upload(client, source: str, name: str, text: str, follow: bool = True):
    response = client.post("/data/upload", data={"source": source},
                           files={"file": (name, io.BytesIO(text.encode()), "text/csv")},
                           follow_redirects=False)
    if not follow or response.status_code != 303:
        return response
    return client.get(response.headers["location"])


def hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, f"no hidden field {name}"
    return html.unescape(found.group(1))


def form_of(page: str, **fields: str) -> dict[str, str]:
    """The mapping form as the page shows it (its selected columns), changed by ``fields``."""
    data = {name: hidden(page, name) for name in ("source", "file", "base")}
    data.update(mode="form", keep_rest="on")
    for name, options in re.findall(r'<select id="(column__\w+)"(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', options)
        data[name] = html.unescape(chosen.group(1)) if chosen else ""
    data["formats"] = html.unescape(re.search(
        r'<textarea id="formats"[^>]*>(.*?)</textarea>', page, re.S).group(1))
    data["timezone"] = hidden_input(page, "timezone")
    data.update(fields)
    return data


def hidden_input(page: str, element_id: str) -> str:
    return html.unescape(re.search(rf'id="{element_id}" name="\w+" value="([^"]*)"',
                                   page).group(1))


def errors_of(page: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in
            re.findall(r'<p class="error" id="error-([\w-]+)">([^<]*)</p>', page)}


def wait_for(client, job_id: int, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        job = client.get(f"/data/jobs/{job_id}", headers={"Accept": "application/json"}).json()
        if job["status"] in ("done", "failed"):
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.1)


def job_of(response) -> int:
    assert response.status_code == 303, response.text
    return int(re.search(r"job=(\d+)", response.headers["location"]).group(1))


def test_upload_fix_load_download_and_retry(editor, app):
    page = upload(editor, "webtest_news", "뉴스레터 발송.csv", NEWSLETTER)
    assert page.status_code == 200
    assert "webtest_news" in page.text and "uploads/" in page.text
    # the assistant recognised the Korean headers and previews the first rows in Seoul time
    form = form_of(page.text)
    assert form["column__ts"] == "발송일시" and form["column__email"] == "이메일"
    assert "2026-03-01 10:00:00" in page.text
    assert "05-03-2026 14:00" in page.text  # the row that will be set aside, with its reason

    # a mapping error is shown next to its field, with the fix in its words
    wrong = editor.post("/data/mapping", data={**form, "column__user_id": "이메일",
                                               "timezone": "Asia/Nowhere", "action": "save"})
    assert wrong.status_code == 400
    errors = errors_of(wrong.text)
    assert "이메일" in errors["email"] and "Asia/Nowhere" in errors["timezone"]
    assert not (app.state.workspace.path / "mappings" / "webtest_news.toml").exists()

    load = editor.post("/data/mapping", data={**form, "action": "load"}, follow_redirects=False)
    job = wait_for(editor, job_of(load))
    assert job["status"] == "done", job["error"]
    assert {"rows_read": 4, "loaded": 3, "rejected": 1}.items() <= job["result"]["load"].items()
    assert job["result"]["build"] is None
    saved = (app.state.workspace.path / "mappings" / "webtest_news.toml").read_text()
    assert '"발송일시" = "ts"' in saved

    history = editor.get("/data")
    assert history.status_code == 200 and "webtest_news" in history.text
    stored = job["result"]["load"]["file"]
    assert stored.startswith(str(app.state.workspace.path / "uploads"))

    rejected = editor.get("/data/rejected", params={"reason": "cast_error", "file": stored})
    assert rejected.status_code == 200
    assert "05-03-2026 14:00" in rejected.text and "webtest_news" in rejected.text
    csv = editor.get("/data/rejected.csv", params={"file": stored})
    assert csv.status_code == 200 and csv.content.startswith(b"\xef\xbb\xbf")
    text = csv.content.decode("utf-8-sig")
    assert "05-03-2026 14:00" in text and "choi@webtest-d.example" in text
    assert text.count("\n") == 2  # header and the one rejected row

    # fix the mapping and retry: the quarantine links to the source's saved mapping
    retry_link = html.unescape(re.search(r'href="(/data/mapping\?source=webtest_news[^"]+)"',
                                         rejected.text).group(1))
    page = editor.get(retry_link)
    assert page.status_code == 200
    fixed = form_of(page.text)
    fixed["formats"] += "\n" + DAY_FIRST
    checked = editor.post("/data/mapping", data={**fixed, "action": "check"})
    assert checked.status_code == 200
    assert re.search(r"<strong>[^<]*1[^<]*</strong>", checked.text)  # 1 of 1 would load now
    job = wait_for(editor, job_of(editor.post("/data/mapping", data={**fixed, "action": "load"},
                                              follow_redirects=False)))
    assert job["status"] == "done", job["error"]
    assert {"rows_read": 4, "loaded": 1, "rejected": 0,
            "already_loaded": 3}.items() <= job["result"]["load"].items()
    with app.state.lock:
        assert len(app.state.workspace.rejected(file=stored)) == 0
        loaded = app.state.workspace.loads().to_polars()
    assert loaded.filter(loaded["file"] == stored)["loaded"].sum() == 4
    assert DAY_FIRST in (app.state.workspace.path / "mappings" / "webtest_news.toml").read_text()


def test_mapping_can_be_edited_as_toml(editor, app):
    page = upload(editor, "webtest_toml", "toml.csv", NEWSLETTER)
    base = hidden(page.text, "base")
    common = {"source": "webtest_toml", "file": hidden(page.text, "file"), "mode": "toml"}
    broken = editor.post("/data/mapping", data={**common, "toml": "[source\nname = 1",
                                                "action": "check"})
    assert broken.status_code == 400 and "TOML" in broken.text
    renamed = editor.post("/data/mapping", data={
        **common, "toml": base.replace('name = "webtest_toml"', 'name = "other"'),
        "action": "save"})
    assert renamed.status_code == 400 and "webtest_toml" in renamed.text
    typo = editor.post("/data/mapping", data={
        **common, "toml": base.replace('= "email"', '= "emial"'), "action": "check"})
    assert typo.status_code == 400 and "did you mean" in typo.text  # MappingError's words
    for odd in ("", 'columns = "x"', "timestamp = 3\n[source]\nname = 5", 'source = "x"',
                "[source]\nname = 'webtest_toml'\n[columns]\nx = 1\n[values]\nts = 2",
                base + '\n[templates]\ntouchpoint = "{nowhere}"'):
        weird = editor.post("/data/mapping", data={**common, "toml": odd, "action": "check"})
        assert weird.status_code in (200, 400), odd  # an error next to the text, never a crash
    typed = base + "\n# kept as typed\n"
    saved = editor.post("/data/mapping", data={**common, "toml": typed.replace(
        "%Y-%m-%d %H:%M:%S", f"%Y-%m-%d %H:%M:%S\",\n    \"{DAY_FIRST}"), "action": "save"})
    assert saved.status_code == 200
    text = (app.state.workspace.path / "mappings" / "webtest_toml.toml").read_text()
    assert "# kept as typed" in text and DAY_FIRST in text


def _rows() -> list[dict[str, str]]:
    return [{"timestamp": "2026-03-01T10:00:00+09:00", "event": "visit",
             "email": f"fmt{i}@webtest.example"} for i in range(3)]


def _file_bytes(kind: str, folder) -> bytes:
    import json

    import polars as pl

    if kind == "ndjson":
        return "".join(json.dumps(r) + "\n" for r in _rows()).encode()
    if kind == "json":
        return json.dumps(_rows()).encode()
    path = folder / f"rows.{kind}"
    frame = pl.DataFrame(_rows())
    frame.write_parquet(path) if kind == "parquet" else frame.write_excel(path)
    return path.read_bytes()


@pytest.mark.parametrize("kind", ["ndjson", "json", "parquet", "xlsx"])
def test_every_format_gets_a_draft_and_a_preview(editor, kind, tmp_path):
    response = editor.post("/data/upload", data={"source": f"webtest_{kind}"},
                           files={"file": (f"rows.{kind}", _file_bytes(kind, tmp_path))},
                           follow_redirects=False)
    page = editor.get(response.headers["location"])
    assert page.status_code == 200 and errors_of(page.text) == {}
    assert "fmt2@webtest.example" in page.text and "2026-03-01 10:00:00" in page.text


def test_a_failed_job_says_why(editor, app):
    from journeymap.errors import MappingError

    def work(progress):
        raise MappingError("the mapping went away", hint="save it again")

    job = app.state.jobs.submit("ingest", "gone.csv", work)
    while job.status in ("queued", "running"):
        time.sleep(0.02)
    partial = editor.get(f"/data/jobs/{job.id}")
    assert "data-job-failed" in partial.text
    assert "the mapping went away — save it again" in partial.text


def test_required_fields_and_identifiers_are_checked(editor):
    page = upload(editor, "webtest_unknown", "unknown.csv",
                  "who,when,what\na@webtest.example,2026-03-01 10:00:00,visit\n")
    errors = errors_of(page.text)  # the assistant recognised none of these headers
    assert {"ts", "identifiers"} <= set(errors)
    form = form_of(page.text, column__ts="when", column__email="who",
                   column__touchpoint="what", action="check")
    checked = editor.post("/data/mapping", data=form)
    assert checked.status_code == 200 and errors_of(checked.text) == {}
    assert "visit" in checked.text


def test_uploads_are_checked_and_kept_under_safe_names(editor, app):
    bad_type = upload(editor, "webtest_x", "notes.exe", "x", follow=False)
    assert bad_type.status_code == 400 and "CSV" in bad_type.text
    bad_source = upload(editor, "../etc", "ok.csv", NEWSLETTER, follow=False)
    assert bad_source.status_code == 400
    empty = upload(editor, "webtest_x", "empty.csv", "", follow=False)
    assert empty.status_code == 400
    sneaky = upload(editor, "webtest_x", "../../journeymap.toml.csv", NEWSLETTER, follow=False)
    assert sneaky.status_code == 303
    name = re.search(r"file=([^&]+)", sneaky.headers["location"]).group(1)
    assert (app.state.workspace.path / "uploads" / name).is_file() and "/" not in name
    again = upload(editor, "webtest_x", "../../journeymap.toml.csv", NEWSLETTER, follow=False)
    assert again.headers["location"] == sneaky.headers["location"]  # same bytes, same file
    other = upload(editor, "webtest_x", "../../journeymap.toml.csv", NEWSLETTER + "\n",
                   follow=False)
    assert other.headers["location"] != sneaky.headers["location"]


@pytest.mark.parametrize("file", ["/etc/passwd", "../journeymap.toml", "journeymap.toml",
                                  "../.web-secret"])
def test_only_uploads_and_loaded_files_can_be_mapped(editor, file):
    response = editor.get("/data/mapping", params={"source": "webtest_x", "file": file})
    assert response.status_code == 404


def test_quarantine_pages_and_filters(editor, viewer):
    rows = "".join(f"webtest-{i}@webtest.example,not a time {i},visit\n" for i in range(60))
    page = upload(editor, "webtest_many", "many.csv", "email,timestamp,event\n" + rows)
    job = wait_for(editor, job_of(editor.post(
        "/data/mapping", data=form_of(page.text, action="load"), follow_redirects=False)))
    assert job["result"]["load"]["rejected"] == 60
    stored = job["result"]["load"]["file"]
    first = viewer.get("/data/rejected", params={"file": stored})
    assert first.status_code == 200
    assert "not a time 0" in first.text and "not a time 59" not in first.text
    assert 'rel="next"' in first.text
    second = viewer.get("/data/rejected", params={"file": stored, "page": 2})
    assert "not a time 59" in second.text and 'rel="prev"' in second.text
    none = viewer.get("/data/rejected", params={"file": stored, "reason": "parse_error"})
    assert "not a time" not in none.text
    assert viewer.get("/data/rejected", params={"reason": "no_such"}).status_code == 404
    assert "not a time 0" in viewer.get("/data/rejected.csv", params={
        "file": stored, "reason": "cast_error"}).content.decode("utf-8-sig")


def test_viewers_see_data_but_change_nothing(viewer, editor):
    page = viewer.get("/data")
    assert page.status_code == 200
    assert 'action="/data/upload"' not in page.text and 'action="/data/build"' not in page.text
    assert 'href="/data/mapping' not in page.text
    assert viewer.get("/data/rejected").status_code == 200
    assert 'href="/data/mapping' not in viewer.get("/data/rejected").text
    assert 'action="/data/upload"' in editor.get("/data").text
    assert upload(viewer, "webtest_v", "v.csv", NEWSLETTER, follow=False).status_code == 403
    assert viewer.post("/data/build").status_code == 403
    assert viewer.post("/data/mapping", data={"source": "webtest_v"}).status_code == 403
    assert viewer.get("/data/mapping", params={"source": "webtest_v",
                                               "file": "x.csv"}).status_code == 403


def test_posts_without_the_csrf_token_are_refused(editor):
    del editor.headers["X-CSRF-Token"]
    assert editor.post("/data/build").status_code == 403
    assert upload(editor, "webtest_c", "c.csv", NEWSLETTER, follow=False).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(anonymous):
    response = anonymous.get("/data", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/data"


def test_status_partial_polls_until_the_job_ends(editor, app):
    release = threading.Event()

    def work(progress):
        progress("build: identity", 2, 5)
        assert release.wait(30)
        return None

    job = app.state.jobs.submit("build", "", work)
    try:
        deadline = time.monotonic() + 30
        while job.status != "running" or not job.step:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        running = editor.get(f"/data/jobs/{job.id}", headers={"HX-Request": "true"})
        assert 'hx-trigger="every 1s"' in running.text and "40%" in running.text
        assert "아이디 통합" in running.text and "HX-Trigger" not in running.headers
        assert f'id="job-{job.id}"' in editor.get("/data").text
    finally:
        release.set()
    while job.status == "running":
        time.sleep(0.02)
    finished = editor.get(f"/data/jobs/{job.id}", headers={"HX-Request": "true"})
    assert "every 1s" not in finished.text
    assert finished.headers["HX-Trigger"] == "jm-data-changed"
    assert editor.get("/data/jobs/99999").status_code == 404


def test_build_runs_in_the_background(editor):
    response = editor.post("/data/build", follow_redirects=False)
    job = wait_for(editor, job_of(response))
    assert job["status"] == "done", job["error"]
    assert job["result"]["build"]["journeys"] > 0
    assert "jm-data-changed" in editor.get("/data").text  # the history refreshes after jobs


@pytest.mark.slow
def test_in_a_browser_upload_fix_build_and_watch(page_as, live_server, tmp_path):
    page = page_as("editor")
    page.goto(f"{live_server}/data")
    screenshot(page, "data-page")
    file = tmp_path / "webinar_signups.csv"
    file.write_text("who,when,what\n"
                    "a@webtest-browser.example,2026-04-01 10:00:00,webinar_signup\n"
                    "b@webtest-browser.example,2026-04-02 11:00:00,webinar_attend\n"
                    "c@webtest-browser.example,02-04-2026 12:00,webinar_signup\n",
                    encoding="utf-8")
    page.set_input_files("#upload-file", str(file))
    page.fill("#upload-source", "webtest_browser")
    page.click("form.data-upload button[type=submit]")
    page.wait_for_url("**/data/mapping?**")
    # the assistant recognised no header: the missing fields are marked next to them
    assert page.locator("#error-ts").is_visible()
    assert page.locator("#error-identifiers").is_visible()
    screenshot(page, "data-mapping-errors")
    page.select_option("#column__ts", "when")
    page.select_option("#column__touchpoint", "what")
    page.select_option("#column__email", "who")
    page.click("#mapping-form button[value=check]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#error-ts").count() == 0
    set_aside = page.locator("td", has_text="02-04-2026 12:00")
    assert set_aside.count() == 2  # the raw value and the message of the row set aside
    page.fill("#formats", "%Y-%m-%d %H:%M:%S\n" + DAY_FIRST)
    page.click("#mapping-form button[value=check]")
    page.wait_for_load_state("networkidle")
    assert set_aside.count() == 0
    screenshot(page, "data-mapping-preview")
    assert page.locator("#mapping-form input[name=build]").is_checked()
    page.click("#mapping-form button[value=load]")
    page.wait_for_url("**/data?job=*")
    job = page.locator(".data-job-new")
    job.locator(".data-badge").wait_for()
    screenshot(page, "data-job-running")
    page.wait_for_selector(".data-job-new.data-job-done", timeout=120_000)
    page.wait_for_selector("#loads >> text=webtest_browser")
    screenshot(page, "data-job-done")


def test_a_source_loaded_by_a_plan_opens_a_draft_with_a_warning(editor, app):
    with app.state.lock:
        loads = app.state.workspace.loads().to_polars()
    web = loads.filter(loads["source"] == "web")["file"][0]  # NDJSON, its mapping elsewhere
    page = editor.get("/data/mapping", params={"source": "web", "file": web})
    assert page.status_code == 200
    assert "data-warn" in page.text
    assert "Rows of this file in quarantine" in page.text or "이 파일의 격리된 행" in page.text
    assert not (app.state.workspace.path / "mappings" / "web.toml").exists()
