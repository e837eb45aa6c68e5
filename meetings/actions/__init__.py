"""Workflow steps on meetings: the calendar, the agenda circuit, answers, calendar feeds.

Each step is one function and one transaction: it checks who acts (PermissionDenied), checks
the state (InvalidTransition, or another ValidationError with a sentence a person can act on),
writes its audit entry, and e-mails the next person once the transaction commits. Views, the
demo and the API call these (`from meetings import actions`), never the models directly.
"""

from meetings.actions.agenda import (
    ItemDraft,
    add_agenda_item,
    add_attachment,
    add_follow_up_item,
    description_html,
    move_agenda_item,
    presenters,
    remove_agenda_item,
    remove_attachment,
    reopen_agenda,
    set_agenda,
    submit_agenda,
    update_agenda_item,
)
from meetings.actions.answers import AttendanceEstimate, answer, attendance_estimate
from meetings.actions.common import AnswerRefused, InvalidTransition
from meetings.actions.guests import invite_guest
from meetings.actions.schedule import (
    MeetingPlan,
    cancel_meeting,
    create_feed,
    move_meeting,
    plan_meeting,
    plan_year,
    revoke_feed,
)

__all__ = [
    "AnswerRefused",
    "AttendanceEstimate",
    "InvalidTransition",
    "ItemDraft",
    "MeetingPlan",
    "add_agenda_item",
    "add_attachment",
    "add_follow_up_item",
    "answer",
    "attendance_estimate",
    "cancel_meeting",
    "create_feed",
    "description_html",
    "invite_guest",
    "move_agenda_item",
    "move_meeting",
    "plan_meeting",
    "plan_year",
    "presenters",
    "remove_agenda_item",
    "remove_attachment",
    "reopen_agenda",
    "revoke_feed",
    "set_agenda",
    "submit_agenda",
    "update_agenda_item",
]
