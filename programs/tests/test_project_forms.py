from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase, TestCase

from beneficiaries.tests.factories import EstablishmentFactory
from programs.forms import (
    BeneficiaryFormSetFactory,
    EstablishmentField,
    MoneyField,
    ProjectForm,
    establishment_label,
    parse_money,
)
from programs.models import PriorityGround, Project
from programs.tests.factories import AnnualPlanFactory, ProjectFactory

D = Decimal


class ParseMoneyTests(SimpleTestCase):
    def test_it_reads_amounts_as_staff_type_them(self):
        for text in ("300000000", "300.000.000", "300 000 000", "300,000,000", "300.000.000 ₫", " 300.000.000đ "):
            with self.subTest(text=text):
                self.assertEqual(parse_money(text), D("300000000"))

    def test_blank_is_nothing(self):
        self.assertIsNone(parse_money(""))
        self.assertIsNone(parse_money("  "))

    def test_it_refuses_fractions_and_words(self):
        for text in ("1,5", "300.00", "ba trăm triệu", "-5", "1.0000.000"):
            with self.subTest(text=text), self.assertRaisesMessage(ValidationError, "Nhập số tiền bằng chữ số"):
                parse_money(text)

    def test_the_field_refuses_less_than_its_minimum(self):
        with self.assertRaisesMessage(ValidationError, "Số tiền phải từ 1 đồng trở lên."):
            MoneyField(min_value=D("1")).clean("0")

    def test_the_widget_groups_thousands(self):
        self.assertIn('value="1.500.000"', MoneyField().widget.render("amount", D("1500000")))


class EstablishmentFieldTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.phi_long = EstablishmentFactory(name="Cơ sở cơ khí Phi Long")
        cls.duy_khang = EstablishmentFactory(name="Cơ sở mài kính Duy Khang")
        EstablishmentFactory(name="Cơ sở mài kính Duy Khánh")

    def test_it_takes_a_tax_code_or_a_suggestion(self):
        field = EstablishmentField()
        self.assertEqual(field.clean(self.phi_long.tax_code), self.phi_long)
        self.assertEqual(field.clean(establishment_label(self.phi_long)), self.phi_long)

    def test_it_takes_a_name_typed_without_diacritics_when_only_one_matches(self):
        self.assertEqual(EstablishmentField().clean("CO KHI PHI LONG"), self.phi_long)

    def test_it_asks_to_choose_when_a_name_matches_several(self):
        with self.assertRaisesMessage(ValidationError, "Có nhiều cơ sở khớp với"):
            EstablishmentField().clean("mai kinh duy")

    def test_it_says_when_nothing_matches(self):
        with self.assertRaisesMessage(ValidationError, "Không tìm thấy cơ sở “Cơ sở không có”"):
            EstablishmentField().clean("Cơ sở không có")

    def test_the_box_asks_htmx_for_suggestions_into_its_datalist(self):
        html = EstablishmentField().widget.render("shares-0-establishment", self.phi_long, {"id": "id_x"})
        self.assertIn('list="id_x-options"', html)
        self.assertIn('hx-target="#id_x-options"', html)
        self.assertIn('<datalist id="id_x-options"></datalist>', html)
        self.assertIn(self.phi_long.tax_code_display, html)


class ProjectFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.plan = AnnualPlanFactory(year=2025)

    def data(self, **overrides):
        return {
            "code": " kcđp-2025-010 ",
            "title": "Hỗ trợ dây chuyền sấy",
            "support": "KC03b:production_line",
            "plan": self.plan.pk,
            "implementing_unit": "Trung tâm Khuyến công",
            "start_date": "01/03/2025",
            "end_date": "30/11/2025",
            **overrides,
        }

    def test_one_choice_sets_content_and_variant_and_the_code_is_normalised(self):
        form = ProjectForm(self.data(), instance=Project())
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual((form.instance.content.code, form.instance.variant), ("KC03b", "production_line"))
        self.assertEqual(form.cleaned_data["code"], "KCĐP-2025-010")

    def test_the_choices_are_grouped_by_content(self):
        form = ProjectForm(instance=Project())
        groups = dict(form.fields["support"].choices[1:])
        self.assertIn(
            ("KC03b:production_line", "KC03b · Dây chuyền công nghệ (1,5 lần mức máy móc)"),
            groups["KC03b – Ứng dụng máy móc thiết bị tiên tiến, chuyển giao công nghệ"],
        )

    def test_an_unknown_choice_is_refused(self):
        form = ProjectForm(self.data(support="KC99:standard"), instance=Project())
        self.assertFalse(form.is_valid())
        self.assertIn("support", form.errors)

    def test_an_end_before_the_start_is_refused_in_vietnamese(self):
        form = ProjectForm(self.data(end_date="28/02/2025"), instance=Project())
        self.assertFalse(form.is_valid())
        self.assertEqual(
            form.errors["end_date"], ["Ngày kết thúc (28/02/2025) phải bằng hoặc sau ngày bắt đầu (01/03/2025)."]
        )

    def test_after_approval_what_the_ceiling_depends_on_is_fixed(self):
        project = ProjectFactory(status=Project.Status.APPROVED)
        ground = PriorityGround.objects.get(code="difficult_area")
        data = self.data(support="KC03b:production_line", priority_reason="x", priority_ground=str(ground.pk))
        form = ProjectForm(data, instance=project)
        self.assertTrue(form.fields["support"].disabled)
        self.assertTrue(form.fields["priority_ground"].disabled)
        self.assertTrue(form.fields["priority_reason"].disabled)
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.instance.variant, "standard")
        self.assertIsNone(form.instance.priority_ground)

    def test_staff_choose_among_the_active_grounds_with_their_basis(self):
        retired = PriorityGround.objects.get(code="ethnic_minority_area")
        retired.active = False
        retired.save()
        form = ProjectForm(instance=Project())
        labels = [label for _value, label in form.fields["priority_ground"].choices]
        self.assertIn("Cơ sở do phụ nữ làm chủ (Nghị định 235/2025/NĐ-CP (sửa đổi Nghị định 45/2012/NĐ-CP))", labels)
        self.assertFalse(any(retired.name in label for label in labels))
        # A project that already records a retired ground keeps it selectable.
        project = ProjectFactory(priority_ground=retired)
        labels = [label for _value, label in ProjectForm(instance=project).fields["priority_ground"].choices]
        self.assertTrue(any(retired.name in label for label in labels))


class BeneficiaryFormSetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.establishment = EstablishmentFactory()

    def formset(self, *rows):
        data = {"shares-TOTAL_FORMS": str(len(rows)), "shares-INITIAL_FORMS": "0"}
        for index, row in enumerate(rows):
            data.update({f"shares-{index}-{key}": value for key, value in row.items()})
        return BeneficiaryFormSetFactory(data, prefix="shares")

    def test_support_above_the_cost_is_refused(self):
        formset = self.formset(
            {
                "establishment": self.establishment.tax_code,
                "eligible_cost": "100.000.000",
                "support_amount": "120.000.000",
            }
        )
        self.assertFalse(formset.is_valid())
        self.assertIn("Kinh phí hỗ trợ không được lớn hơn chi phí được hỗ trợ.", str(formset.errors))

    def test_the_same_establishment_twice_is_refused(self):
        row = {"establishment": self.establishment.tax_code}
        formset = self.formset(row, row)
        self.assertFalse(formset.is_valid())
        self.assertIn("được nhập hai lần", str(formset.non_form_errors()))

    def test_blank_and_deleted_rows_are_left_out(self):
        formset = self.formset(
            {"establishment": self.establishment.tax_code},
            {"establishment": ""},
            {"establishment": self.establishment.tax_code, "DELETE": "on"},
        )
        self.assertTrue(formset.is_valid(), formset.errors)
        self.assertEqual([row["establishment"] for row in formset.kept_rows()], [self.establishment])
