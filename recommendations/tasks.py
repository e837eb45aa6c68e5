from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from recommendations.actions import send_reminders


@db_periodic_task(crontab(hour="8", minute="0"))
def remind_bodies() -> int:
    """Every morning: bodies that owe an answer are reminded (each at most once a week)."""
    return send_reminders()
