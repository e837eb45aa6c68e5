# The person becomes required in its own migration: on PostgreSQL, altering the table in the
# transaction that filled it would meet the pending deferred foreign-key checks.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('convocations', '0003_convoke_occasional_guests_without_vote'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='recipient',
            name='person',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='recipient',
            name='membership',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='councils.membership'),
        ),
        migrations.AddConstraint(
            model_name='recipient',
            constraint=models.UniqueConstraint(fields=('convocation', 'guest'), name='one_recipient_per_guest'),
        ),
        migrations.AddConstraint(
            model_name='recipient',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('guest__isnull', False), ('membership__isnull', True)), models.Q(('guest__isnull', True), ('membership__isnull', False)), _connector='OR'), name='recipient_is_a_member_or_a_guest'),
        ),
    ]
