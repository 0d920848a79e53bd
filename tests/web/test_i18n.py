"""Korean and English are complete: every message of the app has a translation in both."""

from __future__ import annotations

import pytest

from journeymap.web.catalogue import extract, missing
from journeymap.web.i18n import LANGUAGES, translations


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    assert missing(language) == []


def test_the_catalogue_is_not_empty_and_korean_differs():
    ids = [m.id for m in extract() if m.id and isinstance(m.id, str)]
    assert len(ids) > 50
    ko = translations("ko")
    translated = [mid for mid in ids if ko.gettext(mid) != mid]
    assert len(translated) > 0.9 * len(ids)
