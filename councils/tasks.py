from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from councils.actions import send_mandate_reminders


@db_periodic_task(crontab(hour="7", minute="30"))
def remind_mandates_ending() -> int:
    """Every morning: seats whose term ends in 60 or 30 days, told once per threshold."""
    return send_mandate_reminders()
