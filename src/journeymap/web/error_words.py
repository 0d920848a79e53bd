"""Errors in the reader's language.

A :class:`~journeymap.errors.JourneymapError` keeps its English message and hint for the
Python API, the CLI and the REST API; most also carry a ``code`` and the ``params`` the
message names (:mod:`journeymap.errors`). Pages word a known code through the catalogue,
with numbers and dates in the reader's locale and names as the data has them; an error
without a code (or with one this version does not know) shows its English message and
hint. English pages show the message and hint as they are.

Rows that a reader could not split into fields (``parse_error`` rejects) keep only their
English message in the quarantine; :func:`parse_reject_words` recognises it
(:func:`journeymap.ingest.parse_notes.parse_note`) and words it the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from babel.dates import format_date

from journeymap.errors import JourneymapError
from journeymap.ingest.parse_notes import parse_note
from journeymap.web.i18n import babel_locale
from journeymap.web.labels import N_
from journeymap.web.templating import gettext as _
from journeymap.web.templating import language, number

SPEC_HINT = N_("See docs/analytics.md for the funnel spec.")
#: the message of each error code (the English is the message's own text)
ERROR_WORDS = {
    # analyses
    "analysis.unknown_level": N_("unknown level '{level}'"),
    "analysis.bad_duration": N_("cannot read the duration '{value}'"),
    "analysis.empty_duration": N_("the {field} is empty ({value})"),
    "analysis.empty_dates": N_("the date range {since} .. {until} is empty"),
    "analysis.empty_step": N_("empty step '{step}'"),
    "analysis.bad_filter": N_("cannot read the filter '{filter}'"),
    "analysis.properties_without_key": N_("a properties field needs a key"),
    "analysis.unknown_field": N_("no field named '{name}'"),
    "analysis.bad_value": N_("'{value}' is not a valid {type} value"),
    "analysis.unknown_stage": N_("unknown stage '{stage}'"),
    "analysis.unknown_touchpoint": N_("no touch has the touchpoint '{touchpoint}'"),
    "analysis.unknown_period": N_("unknown period '{period}'"),
    "analysis.no_such_step": N_("the funnel has no step '{step}'"),
    "analysis.drop_at_entry": N_("nobody drops at the first step: it is the entry"),
    "analysis.time_breakdown": N_("time to convert splits by journey or account columns, "
                                  "not '{breakdown}'"),
    "analysis.too_few_steps": N_("a funnel needs at least two steps"),
    "analysis.optional_end": N_("the first and the last step cannot be optional"),
    "analysis.any_order_options": N_("in 'any' order steps cannot be optional or have their "
                                     "own window"),
    "analysis.exclusion_steps": N_("exclusion between steps {a} and {b}: give two step "
                                   "numbers from 1 to {n}, the first smaller"),
    "analysis.exclusion_optional": N_("an exclusion must lie between two required steps"),
    # analysis.invalid_spec and mapping.invalid are worded from Pydantic's error type
    # (map_words.problem_words)
    # journeys and the build
    "build.not_built": N_("the journeys have not been built yet (table '{table}' does not "
                          "exist)"),
    "lookup.ambiguous": N_("'{key}' is an identifier of {n} people ({people})"),
    "lookup.unknown_key": N_("no person or account is known by '{key}'"),
    "lookup.unknown_person": N_("no person is known by '{key}'"),
    "journeys.unknown_level": N_("unknown journey level '{level}'"),
    "journeys.no_journey": N_("'{key}' has no journey (no touches)"),
    # maps
    "maps.no_map": N_("there is no map {map}"),
    "maps.no_version": N_("map {map} has no version {version}"),
    "maps.no_export": N_("there is no .{suffix} export"),
    "maps.bad_segment": N_("segment '{segment}' is not COLUMN=VALUE"),
    "import.no_file": N_("the file does not exist"),
    "import.bad_json": N_("not a JSON map document: {error}"),
    "import.bad_suffix": N_("cannot import a map from '{suffix}'"),
    "grid.bad_suffix": N_("cannot import a grid from a '{suffix}' file"),
    "grid.empty": N_("the grid is empty"),
    "grid.no_stages": N_("the first row has no stage names"),
    "grid.encoding": N_("cannot be read as {encoding}"),
    "grid.bad_csv": N_("not a readable CSV file: {error}"),
    "grid.bad_xlsx": N_("not a readable Excel file: {error}"),
    "grid.no_worksheet": N_("the workbook has no worksheet"),
    "grid.emotion_without_score": N_("the emotion '{text}' has no score; start it with a "
                                     "number from -2 (very negative) to +2 (very positive), "
                                     "e.g. '-1 frustrated'"),
    "grid.emotion_out_of_range": N_("the emotion '{text}' has the score {score}, outside -2 "
                                    "(very negative) to +2 (very positive)"),
    "grid.item_on_visibility_line": N_("the line of visibility holds no items, but this cell "
                                       "has '{text}'; move it to a frontstage or backstage "
                                       "lane"),
    "map.bad_cell": N_("stage '{stage}', lane '{lane}' ({kind}): {problem}"),
    "map.no_stages": N_("the map has no stages"),
    "map.unnamed_stage": N_("a stage has no name"),
    "map.unnamed_lane": N_("a lane has no name"),
    "map.duplicate_stage": N_("two stages are named '{name}'"),
    "map.duplicate_lane": N_("two lanes are named '{name}'"),
    "xmind.too_large": N_("{name} is larger than {mb} MB"),
    "xmind.unreadable": N_("not an Xmind file: {error}"),
    "xmind.too_deep": N_("the mind map is nested too deeply to read"),
    "xmind.no_content": N_("not an Xmind file: it has neither content.json nor content.xml"),
    "xmind.bad_json": N_("content.json is not valid JSON: {error}"),
    "xmind.no_root_topic": N_("{part} has no sheet with a root topic"),
    "xmind.doctype": N_("content.xml declares a DOCTYPE or entities, which are not read"),
    "xmind.bad_xml": N_("content.xml is not valid XML: {error}"),
    # data files
    "data.no_upload": N_("no such upload"),
    "data.no_file": N_("no such file among the uploads and loaded files"),
    "data.too_many_uploads": N_("too many uploads with this name"),
    # reading an input file
    "input.not_found": N_("file not found"),
    "input.empty": N_("file is empty"),
    "input.unknown_type": N_("unknown file type '{suffix}'"),
    "input.unknown_encoding": N_("unknown encoding '{encoding}'"),
    "input.encoding": N_("cannot be read as {encoding} (byte {bytes})"),
    "input.encoding_guess": N_("cannot be read as {encoding} (byte {bytes})"),
    "input.empty_header": N_("row {row} (the header) is empty"),
    "input.bad_parquet": N_("not a readable Parquet file: {error}"),
    "input.bad_excel": N_("not a readable Excel file: {error}"),
    "input.no_sheet": N_("no sheet '{sheet}'"),
    "input.no_worksheet": N_("the workbook has no worksheet"),
    "input.empty_sheet_header": N_("row {row} of sheet '{sheet}' (the header) is empty"),
    "input.merged_header": N_("sheet '{sheet}' has merged header cells {cells}"),
    "input.not_records": N_("not a JSON array of records"),
    "input.bad_record": N_("record {index} is not valid JSON ({error})"),
    "input.bad_xes": N_("not a valid XES (XML) file: {error}"),
    # mappings
    "mapping.not_canonical": N_("no mapping file for this file, and its columns are not the "
                                "canonical ones (missing: {missing})"),
    "mapping.unknown_column": N_("[columns] '{column}' (-> {field}) is not a column of "
                                 "{name}; its columns are: {columns}"),
    "mapping.unknown_key": N_("unknown key"),
}
#: the hint of each code that has one (an error raised without a hint shows none)
HINT_WORDS = {
    "analysis.unknown_level": N_("Count per 'person' or per 'account'."),
    "analysis.bad_duration": N_("Write a number and a unit: 30d, 12h, 90m, 2w."),
    "analysis.empty_duration": N_("Give a window longer than zero, for example 30d."),
    "analysis.empty_dates": N_("The start date must be before the end date."),
    "analysis.empty_step": N_("Name a touchpoint, stage:NAME, or filters in [...]."),
    "analysis.bad_filter": N_("Write field=value, field>=number, field~glob*, field in a|b, "
                              "or field exists."),
    "analysis.properties_without_key": N_("Write properties.<key>, for example "
                                          "properties.plan."),
    "analysis.unknown_field": N_("Fields: {fields}; JSON properties as properties.<key>."),
    "analysis.bad_value": N_("Compare numbers with numbers, times with ISO dates."),
    "analysis.unknown_stage": N_("Stages: {stages}."),
    "analysis.unknown_touchpoint": N_("A step matches a touchpoint exactly; use a glob such "
                                      "as page_view:* for many."),
    "analysis.unknown_period": N_("Use day, week or month."),
    "analysis.no_such_step": N_("Give 1..{n} or one of: {names}."),
    "analysis.drop_at_entry": N_("Give a step number from 2."),
    "analysis.time_breakdown": N_("Use journey.first_channel, account.industry, …"),
    "analysis.too_few_steps": SPEC_HINT, "analysis.optional_end": SPEC_HINT,
    "analysis.any_order_options": SPEC_HINT, "analysis.exclusion_steps": SPEC_HINT,
    "analysis.exclusion_optional": SPEC_HINT, "analysis.invalid_spec": SPEC_HINT,
    "build.not_built": N_("Build the journeys on the Data page first (journeymap build on "
                          "the command line)."),
    "lookup.ambiguous": N_("Give the type too, e.g. 'email:…', 'user_id:…', or a "
                           "person_id."),
    "lookup.unknown_key": N_("Search by a person_id, email, user_id, anonymous_id or "
                             "account_id."),
    "lookup.unknown_person": N_("Search by a person_id, email, user_id or anonymous_id."),
    "journeys.unknown_level": N_("Use 'account' or 'person'."),
    "journeys.no_journey": N_("Check that its events were loaded, then build the journeys "
                              "again."),
    "maps.no_map": N_("Pick a map from the list of maps."),
    "maps.no_version": N_("Pick a version from the map's history."),
    "maps.no_export": N_("Exports: {suffixes}."),
    "maps.bad_segment": N_("For example account.industry=retail or "
                           "journey.first_channel=email."),
    "import.bad_suffix": N_("Use one of {suffixes}."),
    "grid.bad_suffix": N_("Save the grid as .csv or .xlsx."),
    "grid.empty": N_("Put stage names in the first row and lane titles in column A."),
    "grid.no_stages": N_("Put the stage names in the first row, after a corner cell."),
    "grid.encoding": N_("Save it as 'CSV UTF-8' in Excel."),
    "map.no_stages": N_("Put the stage names in the first row, after a corner cell."),
    "map.unnamed_stage": N_("Name the stage or delete it."),
    "map.unnamed_lane": N_("Name the lane or delete it."),
    "map.duplicate_stage": N_("Give each stage its own name."),
    "map.duplicate_lane": N_("Give each lane its own name."),
    "xmind.unreadable": N_("Save the mind map as .xmind."),
    "xmind.no_content": N_("Save the mind map as .xmind."),
    "data.no_file": N_("Upload the file on the Data page."),
    "data.too_many_uploads": N_("Rename the file and upload it again."),
    "input.unknown_type": N_("Use .csv, .json, .ndjson, .parquet, .xlsx or .xes(.gz), or set "
                             "format in the mapping's [source]."),
    "input.unknown_encoding": N_("Use utf-8, utf-8-sig, cp949 or euc-kr."),
    "input.encoding": N_("Check the file's encoding."),
    "input.encoding_guess": N_("The file looks like {guess}: set encoding = \"{guess}\" in "
                               "[source] (--encoding {guess} on the command line)."),
    "input.empty_header": N_("Set header_row in [source]."),
    "input.no_sheet": N_("Sheets: {sheets}."),
    "input.empty_sheet_header": N_("Set header_row in [source]."),
    "input.merged_header": N_("Unmerge them in Excel so every column has its own name."),
    "input.not_records": N_("Use an array [{{...}}, ...], an object with one list of "
                            "records, or NDJSON."),
    "input.bad_record": N_("Fix the file, or export it as NDJSON (one record a line)."),
    "mapping.not_canonical": N_("Run: journeymap ingest {path} --source {source} --suggest "
                                "(it drafts mappings/{source}.toml and previews it)."),
    "mapping.unknown_column": N_("Fix the column name in the mapping (names are "
                                 "case-sensitive)."),
}
#: what a hint starts with when the error names close matches (``params["close"]``)
DID_YOU_MEAN = N_("Did you mean {close}?")
#: the inputs of the analyses (and journeys) as the forms call them, for ``exc.field``
INPUT_WORDS = {
    "steps": N_("input:steps"), "step": N_("input:step"), "window": N_("input:window"),
    "period": N_("input:period"), "level": N_("input:level"), "since": N_("input:since"),
    "until": N_("input:until"), "breakdown": N_("input:breakdown"),
    "order": N_("input:order"), "exclusions": N_("input:exclusions"),
    "trend": N_("input:trend"), "segment": N_("input:segment"),
}
#: the kinds of value a filter compares (``analysis.bad_value``)
TYPE_WORDS = {"number": N_("type:number"), "time": N_("type:time"),
              "true/false": N_("type:true/false"), "text": N_("type:text")}


def input_word(name: str | None) -> str | None:
    """An input's name as the forms say it (anything else, such as a field a user typed,
    as it is)."""
    if name is None:
        return None
    key = INPUT_WORDS.get(name)
    return _(key) if key else name


def _date(value: Any) -> str:
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return format_date(day, format="medium", locale=babel_locale(language.get()))


def _names(value: Any) -> str:
    return ", ".join(str(v) for v in value)


def _plain(value: Any) -> str:
    if isinstance(value, list | tuple):
        return _names(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number(value, 2)
    return str(value)


#: how each param is worded when the default (names joined, numbers in the reader's
#: locale, text as it is) does not fit
FORMATS: dict[str, Callable[[Any], str]] = {
    "since": _date, "until": _date, "map": str, "version": str,
    "field": lambda v: input_word(str(v)) or "",
    "kind": lambda v: _(str(v)),
    "type": lambda v: _(TYPE_WORDS[v]) if v in TYPE_WORDS else str(v),
    "suffix": lambda v: str(v) if v else _("(no suffix)"),
}


def _params(params: dict[str, Any]) -> dict[str, str]:
    out = {k: FORMATS[k](v) if k in FORMATS else _plain(v) for k, v in params.items()}
    if "problem_code" in params:  # a cell's item (map.bad_cell): its own code and params
        out["problem"] = _worded(params["problem_code"], params.get("problem_params") or {},
                                 ERROR_WORDS) or str(params.get("problem", ""))
    return out


def _worded(code: str | None, params: dict[str, Any], table: dict[str, str]) -> str | None:
    template = table.get(code or "")
    if template is None:
        return None
    try:
        return _(template).format(**_params(params))
    except (KeyError, IndexError, ValueError):
        return None


def _spec_problem(exc: JourneymapError) -> str:
    """``analysis.invalid_spec``: Pydantic's error worded by type, where as the inputs."""
    from journeymap.maps.schema import Problem
    from journeymap.web.map_words import problem_words

    where = tuple(("field", input_word(str(p)) or "") for p in exc.params.get("where", ()))
    return problem_words(Problem(where, str(exc.params.get("type", "")), exc.message,
                                 dict(exc.params.get("ctx") or {})))


def error_text(exc: JourneymapError) -> str:
    """What went wrong, in the request's language (else the English message)."""
    if language.get() == "en" or not getattr(exc, "code", None):
        return exc.message
    if exc.code in ("analysis.invalid_spec", "mapping.invalid"):
        return _spec_problem(exc)
    return _worded(exc.code, exc.params, ERROR_WORDS) or exc.message


def error_hint(exc: JourneymapError) -> str | None:
    """What to do about it, in the request's language (else the English hint; None when
    the error has no hint)."""
    if not exc.hint or language.get() == "en" or not getattr(exc, "code", None):
        return exc.hint
    hint = _worded(exc.code, exc.params, HINT_WORDS)
    if hint is None:
        return exc.hint
    close = exc.params.get("close")
    return _(DID_YOU_MEAN).format(close=_names(close)) + " " + hint if close else hint


def error_field(exc: JourneymapError) -> str | None:
    """The input the error is about, as the forms call it (English pages: as given)."""
    if language.get() == "en":
        return exc.field
    return input_word(exc.field)


# -- rows a reader could not split ---------------------------------------------------------
PARSE_WORDS = {
    "ragged_row": N_("row has {fields} fields but the header has {header}; fix the row in "
                     "the file and load it again"),
    "bad_json": N_("not valid JSON ({error} at column {column}); fix the line and load it "
                   "again"),
    "not_an_object": N_("the line is not a JSON object; each line must hold one record "
                        "{{...}}"),
}
#: Python's JSON decoder's messages (``json.JSONDecodeError.msg``)
JSON_WORDS = {
    "Expecting value": N_("a value is missing"),
    "Expecting ',' delimiter": N_("a comma is missing"),
    "Expecting ':' delimiter": N_("a colon is missing"),
    "Expecting property name enclosed in double quotes": N_("a key in double quotes is "
                                                            "missing"),
    "Unterminated string starting at": N_("a string is not closed"),
    "Invalid control character at": N_("a control character is inside a string"),
    "Extra data": N_("more text follows the value"),
    "Invalid \\escape": N_("a backslash escape is not valid"),
    "Invalid \\uXXXX escape": N_("a \\uXXXX escape is not valid"),
}


def parse_reject_words(message: str | None) -> str | None:
    """A parse reject's stored message in the request's language, or None when no reader
    made the text."""
    note = parse_note(message)
    if note is None:
        return None
    code, params = note
    words = {k: number(v) if isinstance(v, int) else str(v) for k, v in params.items()}
    if "error" in words:
        known = JSON_WORDS.get(words["error"])
        words["error"] = _(known) if known else words["error"]
    try:
        return _(PARSE_WORDS[code]).format(**words)
    except (KeyError, IndexError, ValueError):
        return None
