"""Queued work of the meetings app: telling every member that a meeting moved or was cancelled.

The step queues this one task after its commit; the task builds each member's calendar update
(RFC 5546: the member is the attendee) and message, and queues one sending task per member.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django.core.mail import EmailMessage
from django_stubs_ext import StrOrPromise
from huey.contrib.djhuey import db_task

from accounts.models import User
from accounts.tasks import message_for, queue_messages
from meetings import ics
from meetings.actions.common import mail_parts
from meetings.models import Meeting, MeetingChange


@db_task()
def tell_members(
    meeting: Meeting,
    change: MeetingChange,
    person_ids: Sequence[int],
    subject: StrOrPromise,
    template: str,
) -> int:
    """`meeting` and `change` are as the step committed them; returns the messages queued."""
    full_subject, context = mail_parts(subject, meeting, {"change": change})
    method = ics.scheduling_method(meeting)
    found = User.objects.filter(pk__in=person_ids).exclude(email="").in_bulk()
    people = [found[pk] for pk in person_ids if pk in found]

    def messages() -> Iterator[EmailMessage]:
        for person in people:
            name, content = ics.change_for(meeting, person)
            attachment = (name, content, ics.mime_type(meeting, method))
            yield message_for(person, full_subject, template, context, [attachment])

    return queue_messages(messages())
