"""Private files (attachments, convocations, minutes): never under a public media URL.

They are served only by views that check access first.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    return FileSystemStorage(location=settings.PRIVATE_ROOT, base_url=None)
