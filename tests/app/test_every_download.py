"""Every download, for every role: contact details only where ``ui.permissions`` allows.

The workspace zip, the HSDS package, the Kumu workbook, the problem report, the meeting
report, the agreement (Word and Markdown), the recommendation notes (Word and Markdown),
the kickoff minutes and notes, and the vote CSVs. Each page is opened the way
``test_every_page`` does (forged URL parameters, contact boxes left ticked), and each
download's bytes are built as a click would build them and unpacked.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.roles import (
    ROLE_IDS,
    ROLES,
    SECRET_EMAIL,
    Capture,
    Role,
    capture,  # noqa: F401 (fixture)
    contact_values,
    open_as,
    unpack,
)
from ui import state as k

# page -> {download key: does it carry contact details when the role may see them?}
DOWNLOADS = {
    "pages/data.py": {
        k.DATA_DOWNLOAD_ZIP: True,
        k.EXPORT_HSDS: True,
        k.EXPORT_KUMU: True,
        k.DATA_PROBLEMS_CSV: True,
    },
    "pages/report.py": {k.REPORT_DOWNLOAD: True},
    "pages/agreement.py": {k.AGREEMENT_DOCX: True, k.AGREEMENT_MARKDOWN: True},
    "pages/recommend.py": {k.RECOMMEND_DOCX: False, k.RECOMMEND_MARKDOWN: False},
    "pages/kickoff.py": {k.KICKOFF_MINUTES_MD: False, k.KICKOFF_NOTES_CSV: False},
    "pages/decide.py": {k.DECIDE_HISTORY_CSV: False, k.DECIDE_VOTES_CSV: False},
}
CHECKED: list[tuple[str, str]] = []


@pytest.mark.parametrize("role", ROLES, ids=ROLE_IDS)
@pytest.mark.parametrize("page", list(DOWNLOADS))
def test_every_download_for_every_role(
    db_path: Path,
    capture: Capture,  # noqa: F811
    page: str,
    role: Role,
) -> None:
    at = open_as(role, page, db_path)
    assert not at.exception, at.exception
    if role.signed_out:
        assert capture.downloads == {}
        return
    secrets = contact_values()
    for key, carries in DOWNLOADS[page].items():
        if role.name == "presenting" and key in (k.AGREEMENT_DOCX, k.AGREEMENT_MARKDOWN):
            pass  # the agreement's preview tab stays while presenting
        assert key in capture.downloads, (page, role.name, key, sorted(capture.downloads))
        text = unpack(capture.downloads[key])
        leaks = {v for v in secrets if v in text}
        if role.sees_contacts and carries:
            assert leaks, (page, role.name, key)  # the allowed case: the check can see them
        else:
            assert leaks == set(), (page, role.name, key, leaks)
        CHECKED.append((role.name, key))
    if page == "pages/data.py" and role.sees_contacts:
        assert SECRET_EMAIL in unpack(capture.downloads[k.DATA_PROBLEMS_CSV])


def test_zz_report_the_count() -> None:
    print(f"\ndownloads checked: {len(CHECKED)}")
