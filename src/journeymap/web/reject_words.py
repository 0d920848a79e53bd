"""Why a row was set aside, in the reader's language.

A rejected row carries its reason as a code (``reason``: cast_error, schema_violation,
missing_identifier, size_violation, parse_error), the field and the raw value, beside the
English ``message`` the CLI and the CSV download keep. The quarantine page words the
message from those columns; a parse error (a row with too many fields, a line that is not
JSON) from its stored message, which the readers make from a code and its values
(:func:`journeymap.web.error_words.parse_reject_words`). A reason this version does not
know, or a parse error whose text no reader made, keeps its stored message. English pages
show the stored message, which also names the mapping file.
"""

from __future__ import annotations

from typing import Any

from journeymap.web.templating import gettext as _
from journeymap.web.templating import language


def reject_message(row: dict[str, Any]) -> str:
    """What was wrong with a rejected row and where to fix it."""
    if language.get() == "en" and row.get("message"):
        return row["message"]
    reason, field = row.get("reason"), row.get("field") or ""
    value = row.get("raw_value")
    value = "" if value is None else str(value)
    if reason == "cast_error" and field == "ts":
        return _("timestamp '{value}' matches no format; add its format to "
                 "[timestamp].formats in the source's mapping file").format(value=value)
    if reason == "cast_error":
        return _("{field} '{value}' is not a number; fix the value in the file or map another "
                 "column in the source's mapping file").format(field=field, value=value)
    if reason == "schema_violation":
        return _("required field '{field}' is empty; map a column, template or constant to "
                 "it in the source's mapping file").format(field=field)
    if reason == "missing_identifier":
        return _("no identifier (anonymous_id, user_id, email or account_id) is set; map an "
                 "identifier column in the source's mapping file")
    if reason == "size_violation":
        return _("the text is longer than ingest.max_text_chars allows; raise the limit in "
                 "journeymap.toml or shorten the text")
    if reason == "parse_error":
        from journeymap.web.error_words import parse_reject_words

        return parse_reject_words(row.get("message")) or row.get("message") or ""
    return row.get("message") or ""
