"""The Django admin of the public site's news: every page opens."""

from beneficiaries.tests.admin_helpers import EveryAdminPage, RegistryAdminTestCase
from public.models import Announcement


class EveryPageTests(EveryAdminPage, RegistryAdminTestCase):
    app_label = "public"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.announcement = Announcement.objects.create(title="Thông báo thử", slug="thong-bao-thu", body="Nội dung")

    def rows(self) -> dict:
        return super().rows() | {Announcement: self.announcement}
