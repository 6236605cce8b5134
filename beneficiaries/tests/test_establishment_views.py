import io
import uuid
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from beneficiaries.models import AdministrativeUnit, Establishment, EstablishmentYearStat, Sector
from beneficiaries.tests.factories import EstablishmentFactory, _tax_code
from beneficiaries.tests.personas import StaffTestCase

LIST = reverse("staff:establishment_list")
EXPORT = reverse("staff:establishment_export")
CREATE = reverse("staff:establishment_create")


def unit(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(code=code)


def names(response) -> list[str]:
    return [e.name for e in response.context["establishments"]]


class ListTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.cau_duc = EstablishmentFactory(
            name="Cơ sở chế biến khóm Cầu Đúc",
            representative="Trần Thị Hoa",
            woman_owned=True,
            founding_year=2015,
        )
        cls.luc_binh = EstablishmentFactory(
            name="Hợp tác xã đan lục bình Ngã Bảy",
            legal_form="cooperative",
            commune=unit("31340"),  # phường Ngã Bảy, former Thành phố Ngã Bảy
            sectors=[Sector.objects.get(code="dd")],
            ethnic_minority_owner=True,
            founding_year=2009,
        )
        cls.co_khi = EstablishmentFactory(
            name="Công ty TNHH Cơ khí Phương Bình",
            legal_form="sme",
            commune=unit("31426"),  # xã Phương Bình, former Huyện Phụng Hiệp
            sectors=[Sector.objects.get(code="d")],
            founding_year=2020,
        )
        cls.closed = EstablishmentFactory(name="Cơ sở khóm đã giải thể", active=False)

    def setUp(self):
        self.client.force_login(self.staff)

    def test_it_lets_staff_and_leaders_read_the_list(self):
        self.assert_readers_only(LIST)

    def test_it_finds_a_name_typed_without_diacritics_in_any_case(self):
        for typed in ("khom cau duc", "KHÓM CẦU ĐÚC", "Khom Cau Duc"):
            self.assertEqual(names(self.client.get(LIST, {"q": typed})), ["Cơ sở chế biến khóm Cầu Đúc"], typed)

    def test_it_finds_by_tax_code_or_representative(self):
        self.assertEqual(names(self.client.get(LIST, {"q": self.co_khi.tax_code})), [self.co_khi.name])
        self.assertEqual(names(self.client.get(LIST, {"q": "tran thi hoa"})), [self.cau_duc.name])

    def test_it_filters_by_commune_former_district_legal_form_and_sector(self):
        cases = [
            ({"commune": unit("31340").pk}, [self.luc_binh.name]),
            ({"former_district": "Huyện Phụng Hiệp"}, [self.co_khi.name]),
            ({"legal_form": "cooperative"}, [self.luc_binh.name]),
            ({"sector": Sector.objects.get(code="d").pk}, [self.co_khi.name]),
        ]
        for params, expected in cases:
            self.assertEqual(names(self.client.get(LIST, params)), expected, params)

    def test_it_filters_priority_owners(self):
        self.assertEqual(names(self.client.get(LIST, {"woman_owned": "true"})), [self.cau_duc.name])
        self.assertEqual(names(self.client.get(LIST, {"ethnic_minority_owner": "true"})), [self.luc_binh.name])
        self.assertNotIn(self.cau_duc.name, names(self.client.get(LIST, {"woman_owned": "false"})))

    def test_it_shows_active_establishments_unless_asked_otherwise(self):
        self.assertNotIn(self.closed.name, names(self.client.get(LIST)))
        self.assertEqual(names(self.client.get(LIST, {"status": "inactive"})), [self.closed.name])
        self.assertIn(self.closed.name, names(self.client.get(LIST, {"status": "all"})))

    def test_it_offers_former_districts_and_grouped_communes_in_the_filter(self):
        response = self.client.get(LIST)
        self.assertContains(response, '<option value="Huyện Phụng Hiệp">Huyện Phụng Hiệp</option>', html=True)
        self.assertContains(response, 'label="Huyện Phụng Hiệp (cũ)"')
        self.assertContains(response, "Tìm theo tên, mã số thuế, người đại diện")

    def test_it_sorts_by_the_column_asked(self):
        self.assertEqual(
            names(self.client.get(LIST, {"sort": "-founding_year"})),
            [self.co_khi.name, self.cau_duc.name, self.luc_binh.name],
        )
        # Hỏa Lựu, Ngã Bảy, Phương Bình
        self.assertEqual(
            names(self.client.get(LIST, {"sort": "commune"})), [self.cau_duc.name, self.luc_binh.name, self.co_khi.name]
        )
        self.assertEqual(names(self.client.get(LIST, {"sort": "-name"}))[0], self.luc_binh.name)
        self.assertEqual(
            names(self.client.get(LIST, {"sort": "tax_code"})),
            [e.name for e in sorted([self.cau_duc, self.luc_binh, self.co_khi], key=lambda e: e.tax_code)],
        )

    def test_its_pages_keep_the_filters(self):
        for n in range(30):
            EstablishmentFactory(name=f"Cơ sở làm bánh tráng {n:02d}", commune=unit("31342"))
        response = self.client.get(LIST, {"commune": unit("31342").pk, "sort": "-name"})
        self.assertEqual(response.context["page_obj"].paginator.count, 30)
        self.assertEqual(len(names(response)), 25)
        self.assertContains(response, f"?commune={unit('31342').pk}&amp;sort=-name&amp;page=2")
        second = self.client.get(LIST, {"commune": unit("31342").pk, "sort": "-name", "page": 2})
        self.assertEqual(names(second), [f"Cơ sở làm bánh tráng {n:02d}" for n in range(4, -1, -1)])

    def test_it_shows_the_columns_staff_need(self):
        response = self.client.get(LIST, {"q": "cau duc"})
        detail = reverse("staff:establishment_detail", args=[self.cau_duc.code])
        self.assertContains(response, f'href="{detail}"')
        self.assertContains(response, self.cau_duc.tax_code)
        self.assertContains(response, "Hộ kinh doanh")
        self.assertContains(response, "Xã Hỏa Lựu")
        self.assertContains(response, "Thành phố Vị Thanh")
        self.assertContains(response, "Phụ nữ làm chủ</span>")

    def test_it_hides_the_add_and_import_buttons_from_leaders(self):
        self.client.force_login(self.leader)
        response = self.client.get(LIST)
        self.assertNotContains(response, CREATE)
        self.assertNotContains(response, reverse("staff:establishment_import"))

    def test_its_query_count_does_not_grow_with_the_data(self):
        # session, user, roles, communes, the chosen sector, count, sector choices, rows
        params = {"sector": Sector.objects.get(code="a").pk, "sort": "commune"}
        with self.assertNumQueries(8):
            self.client.get(LIST, params)
        for n in range(9):
            EstablishmentFactory(name=f"Cơ sở thêm {n}", woman_owned=n % 2 == 0, ethnic_minority_owner=True)
        with self.assertNumQueries(8):
            response = self.client.get(LIST, params)
        self.assertEqual(len(names(response)), 10)


class ExportTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.cau_duc = EstablishmentFactory(
            name="Cơ sở chế biến khóm Cầu Đúc",
            founding_year=2015,
            woman_owned=True,
            sectors=[Sector.objects.get(code="a"), Sector.objects.get(code="dd")],
        )
        EstablishmentYearStat.objects.create(establishment=cls.cau_duc, year=2023, revenue=900_000_000, employees=6)
        EstablishmentYearStat.objects.create(
            establishment=cls.cau_duc, year=2024, revenue=Decimal("1500000000"), employees=8
        )
        for n in range(4):
            EstablishmentFactory(name=f"Cơ sở khóm {n}")
        EstablishmentFactory(name="Hợp tác xã lục bình", commune=unit("31340"))

    def read(self, response):
        return load_workbook(io.BytesIO(response.content)).active

    def test_it_lets_staff_and_leaders_export(self):
        self.assert_readers_only(EXPORT)

    def test_it_exports_every_filtered_row_as_a_real_workbook(self):
        self.client.force_login(self.leader)
        response = self.client.get(EXPORT, {"q": "khom", "sort": "-name"})
        self.assertEqual(response["Content-Type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        self.assertIn("attachment;", response["Content-Disposition"])
        sheet = self.read(response)
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertEqual(sheet["A1"].value, "Tên cơ sở")
        self.assertEqual(sheet.max_row - 1, Establishment.objects.search("khom").count())
        self.assertEqual(sheet.max_row - 1, 5)

    def test_it_writes_numbers_as_numbers_and_codes_as_text(self):
        self.client.force_login(self.staff)
        sheet = self.read(self.client.get(EXPORT, {"q": "cau duc"}))
        headers = [cell.value for cell in sheet[1]]
        values = dict(zip(headers, [cell.value for cell in sheet[2]], strict=True))
        self.assertEqual(values["Mã số thuế"], self.cau_duc.tax_code)
        self.assertEqual(values["Năm thành lập"], 2015)
        self.assertEqual(sheet.cell(row=2, column=headers.index("Năm thành lập") + 1).number_format, "0")
        self.assertEqual(values["Năm số liệu gần nhất"], 2024)
        self.assertEqual(values["Doanh thu năm đó (đồng)"], 1_500_000_000)
        self.assertEqual(values["Số lao động năm đó"], 8)
        self.assertIn("₫", sheet.cell(row=2, column=headers.index("Doanh thu năm đó (đồng)") + 1).number_format)
        self.assertEqual(values["Phụ nữ làm chủ"], "Có")
        self.assertEqual(
            values["Ngành nghề"],
            "Chế biến nông, lâm, thủy sản và chế biến thực phẩm; Sản xuất hàng tiểu thủ công nghiệp",
        )
        self.assertEqual(values["Huyện cũ"], "Thành phố Vị Thanh")

    def test_its_query_count_does_not_grow_with_the_rows(self):
        self.client.force_login(self.staff)
        with self.assertNumQueries(6):
            self.client.get(EXPORT)
        for n in range(12):
            EstablishmentFactory(name=f"Cơ sở thêm {n}")
        with self.assertNumQueries(6):
            response = self.client.get(EXPORT)
        self.assertEqual(self.read(response).max_row - 1, 18)


class DetailTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.establishment = EstablishmentFactory(name="Cơ sở chế biến khóm Cầu Đúc", woman_owned=True)
        cls.url = reverse("staff:establishment_detail", args=[cls.establishment.code])

    def setUp(self):
        self.client.force_login(self.staff)

    def test_it_lets_staff_and_leaders_read_it(self):
        self.assert_readers_only(self.url)

    def test_it_is_404_for_an_unknown_establishment(self):
        response = self.client.get(reverse("staff:establishment_detail", args=[uuid.uuid4()]))
        self.assertEqual(response.status_code, 404)

    def test_it_shows_the_eligibility_answer_with_its_reason_and_legal_basis(self):
        response = self.client.get(self.url)
        self.assertContains(response, "Thuộc đối tượng được hỗ trợ khuyến công.")
        self.assertContains(response, "Cơ sở sản xuất tại Xã Hỏa Lựu")
        self.assertContains(response, "Nghị định 45/2012/NĐ-CP, sửa đổi bởi Nghị định 235/2025/NĐ-CP")

    def test_it_shows_changes_made_outside_a_request_as_made_by_the_system(self):
        response = self.client.get(self.url)
        history = response.content.decode().split('id="history"')[1]
        self.assertIn("hệ thống", history)
        self.assertIn("tạo mới", history)

    def test_it_shows_edit_and_deactivate_buttons_to_staff_only(self):
        edit = reverse("staff:establishment_edit", args=[self.establishment.code])
        deactivate = reverse("staff:establishment_deactivate", args=[self.establishment.code])
        response = self.client.get(self.url)
        self.assertContains(response, edit)
        self.assertContains(response, deactivate)
        self.client.force_login(self.leader)
        response = self.client.get(self.url)
        self.assertNotContains(response, edit)
        self.assertNotContains(response, deactivate)


class CreateTests(StaffTestCase):
    def setUp(self):
        self.client.force_login(self.staff)

    def data(self, **overrides):
        data = {
            "name": "Cơ sở chế biến khóm Cầu Đúc",
            "legal_form": "household",
            "tax_code": _tax_code(6001),
            "representative": "Trần Thị Hoa",
            "phone": "0912 345 678",
            "commune": unit("31338").pk,
            "sectors": [Sector.objects.get(code="a").pk],
            "founding_year": "2015",
            "woman_owned": "on",
            "stats-TOTAL_FORMS": "2",
            "stats-INITIAL_FORMS": "0",
            "stats-0-year": "2024",
            "stats-0-revenue": "1.500.000.000",
            "stats-0-employees": "8",
        }
        data.update(overrides)
        return data

    def test_it_lets_only_staff_write(self):
        self.assert_writers_only(CREATE, self.data())
        self.client.force_login(self.leader)
        self.assertEqual(self.client.get(CREATE).status_code, 403)
        self.assertFalse(Establishment.objects.exists())

    def test_it_shows_a_wrong_tax_code_on_the_form_and_saves_nothing(self):
        code = _tax_code(6002)
        wrong = code[:9] + str((int(code[9]) + 1) % 10)
        response = self.client.post(CREATE, self.data(tax_code=wrong))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "sai chữ số kiểm tra")
        self.assertContains(response, "Chưa lưu được")
        self.assertFalse(Establishment.objects.exists())
        self.assertFalse(EstablishmentYearStat.objects.exists())
        # What the user typed is still there to fix.
        self.assertContains(response, 'value="Cơ sở chế biến khóm Cầu Đúc"')
        self.assertContains(response, 'value="1.500.000.000"')

        response = self.client.post(CREATE, self.data(tax_code=code), follow=True)
        establishment = Establishment.objects.get()
        self.assertRedirects(response, reverse("staff:establishment_detail", args=[establishment.code]))
        self.assertContains(response, "Đã thêm cơ sở “Cơ sở chế biến khóm Cầu Đúc”.")
        self.assertEqual(establishment.tax_code, code)
        self.assertEqual(establishment.phone, "0912345678")
        self.assertTrue(establishment.woman_owned)
        self.assertEqual([s.code for s in establishment.sectors.all()], ["a"])
        stat = establishment.year_stats.get()
        self.assertEqual((stat.year, stat.revenue, stat.employees), (2024, Decimal("1500000000"), 8))
        self.assertEqual(establishment.history.get().history_user, self.staff)

    def test_it_names_the_establishment_that_has_the_tax_code_already(self):
        EstablishmentFactory(name="Hợp tác xã dệt chiếu Long Mỹ", tax_code=_tax_code(6003))
        response = self.client.post(CREATE, self.data(tax_code=_tax_code(6003)))
        self.assertContains(response, "đã có trong danh sách: cơ sở “Hợp tác xã dệt chiếu Long Mỹ”")
        self.assertEqual(Establishment.objects.count(), 1)

    def test_it_shows_bad_yearly_figures_and_saves_nothing(self):
        response = self.client.post(CREATE, self.data(**{"stats-0-revenue": "một tỷ"}))
        self.assertContains(response, "Hãy nhập số tiền bằng chữ số")
        self.assertFalse(Establishment.objects.exists())

    def test_its_fields_have_labels_for_browsers_and_screen_readers(self):
        response = self.client.get(CREATE)
        for field in ("id_name", "id_tax_code", "id_commune", "id_stats-0-revenue"):
            self.assertContains(response, f'for="{field}"')


class EditTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.establishment = EstablishmentFactory(phone="0912345678")
        cls.stat = EstablishmentYearStat.objects.create(
            establishment=cls.establishment, year=2023, revenue=500_000_000, employees=4
        )
        cls.url = reverse("staff:establishment_edit", args=[cls.establishment.code])

    def data(self, **overrides):
        e = self.establishment
        data = {
            "name": e.name,
            "legal_form": e.legal_form,
            "tax_code": e.tax_code,
            "representative": e.representative,
            "phone": e.phone,
            "commune": e.commune_id,
            "sectors": [s.pk for s in e.sectors.all()],
            "stats-TOTAL_FORMS": "2",
            "stats-INITIAL_FORMS": "1",
            "stats-0-id": self.stat.pk,
            "stats-0-establishment": e.pk,
            "stats-0-year": "2023",
            "stats-0-revenue": "500.000.000",
            "stats-0-employees": "4",
        }
        data.update(overrides)
        return data

    def test_it_lets_only_staff_write(self):
        self.assert_writers_only(self.url, self.data(phone="0987654321"))
        self.establishment.refresh_from_db()
        self.assertEqual(self.establishment.phone, "0912345678")

    def test_it_is_404_for_an_unknown_establishment(self):
        self.client.force_login(self.staff)
        self.assertEqual(self.client.get(reverse("staff:establishment_edit", args=[uuid.uuid4()])).status_code, 404)

    def test_it_records_who_changed_what_and_shows_old_and_new_on_the_detail_page(self):
        self.client.force_login(self.staff)
        response = self.client.post(self.url, self.data(phone="0987 654 321", commune=unit("31426").pk), follow=True)
        self.assertContains(response, "Đã lưu thay đổi của cơ sở")
        self.establishment.refresh_from_db()
        self.assertEqual(self.establishment.phone, "0987654321")
        latest = self.establishment.history.first()
        self.assertEqual(latest.history_user, self.staff)
        history = response.content.decode()[response.content.decode().index('id="history"') :]
        self.assertIn("Trần Thị Lan", history)
        self.assertIn("0912345678</span> → 0987654321", history)
        self.assertIn("Xã Hỏa Lựu</span> → Xã Phương Bình", history)

    def test_it_edits_adds_and_removes_yearly_figures_together(self):
        self.client.force_login(self.staff)
        data = self.data(
            **{
                "stats-0-DELETE": "on",
                "stats-1-year": "2024",
                "stats-1-revenue": "750.000.000",
                "stats-1-employees": "6",
            }
        )
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            list(self.establishment.year_stats.values_list("year", "revenue")), [(2024, Decimal("750000000"))]
        )


class DeactivateTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.establishment = EstablishmentFactory(name="Cơ sở rèn Bảy Ngàn")
        cls.url = reverse("staff:establishment_deactivate", args=[cls.establishment.code])

    def test_it_lets_only_staff_write_and_only_by_post(self):
        self.assert_writers_only(self.url)
        self.client.force_login(self.staff)
        self.assertEqual(self.client.get(self.url).status_code, 405)
        self.establishment.refresh_from_db()
        self.assertTrue(self.establishment.active)

    def test_it_deactivates_then_reactivates_and_keeps_the_record(self):
        self.client.force_login(self.staff)
        response = self.client.post(self.url, follow=True)
        self.assertContains(response, "Đã ngừng theo dõi cơ sở “Cơ sở rèn Bảy Ngàn”")
        self.assertContains(response, "Hoạt động trở lại")
        self.establishment.refresh_from_db()
        self.assertFalse(self.establishment.active)
        self.assertEqual(self.establishment.history.first().history_user, self.staff)
        self.client.post(self.url)
        self.establishment.refresh_from_db()
        self.assertTrue(self.establishment.active)

    def test_it_is_404_for_an_unknown_establishment(self):
        self.client.force_login(self.staff)
        response = self.client.post(reverse("staff:establishment_deactivate", args=[uuid.uuid4()]))
        self.assertEqual(response.status_code, 404)
