"""Minutes: drafts are read by their writers only, published ones by everyone."""

from __future__ import annotations

from tests.minutes_helpers import draft_minutes, published_minutes
from tests.people import World

ORGANISERS = {"director", "head", "president"}

AUDIENCE = {
    "minutes:start": {
        **{p: {200} for p in ORGANISERS},
        **{p: {403} for p in ("track_head", "member", "student")},
        "outsider": {404},
        "anonymous": {302},
    },
    "minutes:detail": "readers",
    "minutes:diff": "readers",
    "minutes:pdf": "readers",
    "minutes:edit": {  # a draft whose secretary is the member
        "member": {200},
        **{p: {403} for p in ("director", "head", "president")},
        **{p: {404} for p in ("track_head", "student", "outsider")},
        "anonymous": {302},
    },
    "minutes:autosave": "signed_in_post_only",
    "minutes:preview": {  # a draft: its writers and the council's organisers
        **{p: {200} for p in ("member", *ORGANISERS)},
        **{p: {404} for p in ("track_head", "student", "outsider")},
        "anonymous": {302},
    },
    "minutes:decide": "signed_in_post_only",
    "minutes:refresh": "signed_in_post_only",
    "minutes:redact": "signed_in_post_only",
    "minutes:publish": "signed_in_post_only",
    "minutes:correct": "signed_in_post_only",
    "minutes:public_index": "public",
    "minutes:public_detail": "public",
    "minutes:public_pdf": "public",
}


def kwargs(w: World) -> dict[str, dict[str, object]]:
    draft = draft_minutes(w)
    published = published_minutes(w)
    return {
        "minutes:start": {"meeting_pk": draft.meeting_id},
        "minutes:detail": {"pk": published.pk},
        "minutes:diff": {"pk": published.pk, "number": 1},
        "minutes:pdf": {"pk": published.pk},
        "minutes:edit": {"pk": draft.pk},
        "minutes:autosave": {"pk": draft.pk},
        "minutes:preview": {"pk": draft.pk},
        "minutes:decide": {"pk": draft.pk},
        "minutes:refresh": {"pk": draft.pk},
        "minutes:redact": {"pk": published.pk},
        "minutes:publish": {"pk": published.pk},
        "minutes:correct": {"pk": published.pk},
        "minutes:public_index": {"institution_pk": w.institution.pk},
        "minutes:public_detail": {"pk": published.pk},
        "minutes:public_pdf": {"pk": published.pk},
    }
