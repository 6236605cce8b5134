from django.contrib.auth import get_user_model
from django.core import mail
from django.test import TestCase

from beneficiaries.models import Notification
from beneficiaries.notifications import notify


class NotifyTests(TestCase):
    def test_it_writes_a_notice_and_mails_after_the_commit(self):
        users = get_user_model().objects
        owner = users.create_user("coso", email="coso@example.vn")
        silent = users.create_user("khongmail")
        with self.captureOnCommitCallbacks(execute=True):
            notify(
                users=[owner, silent],
                message="Hồ sơ TN-2026-000001 đã được tiếp nhận.",
                url="/apply/",
                email_subject="Hồ sơ đã được tiếp nhận",
            )
        self.assertEqual(Notification.objects.filter(recipient=owner).get().url, "/apply/")
        self.assertTrue(Notification.objects.filter(recipient=silent).exists())
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["coso@example.vn"])
        self.assertIn("TN-2026-000001", mail.outbox[0].body)

    def test_nothing_is_mailed_when_the_transaction_rolls_back(self):
        owner = get_user_model().objects.create_user("coso", email="coso@example.vn")
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            notify(users=[owner], message="x", email_subject="y")
        self.assertEqual(len(callbacks), 1)
        self.assertEqual(mail.outbox, [])
