"""Demo applications of the two demo establishments: one in every status, so every page has something to show.

The establishment of `establishment` gets one application per status (the converted one is the
origin of its 2026 brand-registration project); the one of `establishment2` a draft, a submitted
and an application under review. Rows are written directly, with backdated steps, messages, an
appraisal and two small generated files each (a PDF and a PNG in the private storage); the
services would date everything "now" and send notices. Applications are found again by
(establishment, title), so a second run creates nothing.
"""

import datetime
import struct
import zlib
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from django.core.files.base import ContentFile

from applications.models import (
    Application,
    ApplicationAttachment,
    ApplicationMessage,
    ApplicationStatus,
    ApplicationStatusChange,
    Appraisal,
)
from applications.services import APPLICATION_RULE_SET, next_receipt_number
from demo.bulk import TZ, Summary, at, backdated
from programs.ceilings import ceiling_compute
from programs.models import ProjectBeneficiary, SupportContent

S = ApplicationStatus
MILLION = Decimal("1000000")
# The 2026 local project the converted application became (demo.projects gives it to `establishment`).
CONVERTED_PROJECT = "KCĐP-2026-010"
REGISTRATION_NAME = "giay-dang-ky-kinh-doanh.pdf"
PHOTO_NAME = "anh-hien-trang-nha-xuong.png"


@dataclass(frozen=True)
class Step:
    to_status: str
    on: datetime.date
    by: str  # demo username
    reason: str = ""
    hour: int = 9


@dataclass(frozen=True)
class Spec:
    title: str
    content: str
    variant: str
    need: str
    expected_results: str
    eligible_cost: int
    share: int  # the part of the cost asked for, in percent, before the ceiling cuts it
    planned: tuple[datetime.date, datetime.date]
    created: datetime.date
    steps: tuple[Step, ...] = ()
    messages: tuple[tuple[datetime.date, str, str], ...] = ()  # (day, username, body)
    appraised: bool = False
    photo: bool = True
    project_code: str = ""
    # Why staff approved although the establishment had the content within the double-support window.
    repeat_reason: str = ""
    extra: dict = field(default_factory=dict)


def _d(month: int, day: int, year: int = 2026) -> datetime.date:
    return datetime.date(year, month, day)


CORRECTION = (
    "Báo giá của đơn vị tư vấn chưa ký tên, đóng dấu. Đề nghị cơ sở bổ sung báo giá hợp lệ "
    "và bản sao giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm."
)
REFUSAL = (
    "Xe tải chở hàng là phương tiện vận chuyển, không phải máy móc thiết bị phục vụ sản xuất, "
    "nên không thuộc nội dung được hỗ trợ kinh phí khuyến công."
)
APPROVAL = "Đạt 42/50 điểm thẩm định; dự kiến đưa vào kế hoạch khuyến công địa phương năm 2027."

FIRST = (
    Spec(
        title="Hỗ trợ máy hút chân không đóng gói khô cá, tôm khô",
        content="KC03b",
        variant="standard",
        need=(
            "Khô cá và tôm khô hiện đóng túi nilon buộc tay, dễ ẩm mốc khi gửi đi xa. Cơ sở cần một máy hút "
            "chân không hai buồng để đóng gói kín, kéo dài thời gian bảo quản và đưa hàng vào siêu thị."
        ),
        expected_results="Đóng gói 300 kg sản phẩm mỗi ngày; thời gian bảo quản tăng từ 1 lên 6 tháng.",
        eligible_cost=150_000_000,
        share=40,
        planned=(_d(3, 1, 2027), _d(8, 31, 2027)),
        created=_d(11, 10),
    ),
    Spec(
        title="Hỗ trợ gian hàng tại Hội chợ đặc sản vùng miền Cần Thơ năm 2027",
        content="KC04b",
        variant="join_domestic",
        need=(
            "Cơ sở muốn đưa khô cá lóc, khô cá sặc và tôm khô đến với khách hàng ngoài tỉnh; cần thuê một gian "
            "hàng tiêu chuẩn, vận chuyển hàng mẫu và in tờ rơi giới thiệu sản phẩm."
        ),
        expected_results="Ký được ít nhất 3 hợp đồng đại lý; bán trực tiếp khoảng 400 kg sản phẩm tại hội chợ.",
        eligible_cost=36_000_000,
        share=70,
        planned=(_d(4, 10, 2027), _d(4, 16, 2027)),
        created=_d(10, 28),
        steps=(Step(S.SUBMITTED, _d(11, 5), "establishment", hour=10),),
    ),
    Spec(
        title="Ứng dụng máy sấy bơm nhiệt cho tôm khô",
        content="KC03b",
        variant="standard",
        need=(
            "Mùa mưa tôm phơi nắng không khô kịp, nhiều mẻ bị hư. Máy sấy bơm nhiệt giữ màu đỏ tự nhiên của tôm, "
            "sấy được quanh năm và tiết kiệm điện hơn lò sấy đốt củi."
        ),
        expected_results="Sấy 200 kg tôm tươi mỗi mẻ; giảm hao hụt từ 15% xuống 5%; tạo việc làm cho 3 lao động.",
        eligible_cost=420_000_000,
        share=50,
        planned=(_d(2, 1, 2027), _d(6, 30, 2027)),
        created=_d(10, 5),
        steps=(
            Step(S.SUBMITTED, _d(10, 12), "establishment", hour=14),
            Step(S.UNDER_REVIEW, _d(10, 15), "staff"),
        ),
        messages=(
            (
                _d(10, 16),
                "staff",
                "Trung tâm sẽ đến khảo sát nhà xưởng của cơ sở vào sáng thứ Năm tuần sau, anh/chị sắp xếp người "
                "hướng dẫn giúp.",
            ),
            (_d(10, 16), "establishment", "Dạ, cơ sở đã sắp xếp, mời cán bộ đến lúc 8 giờ."),
        ),
    ),
    Spec(
        title="Tư vấn xây dựng tiêu chuẩn cơ sở và mã số mã vạch cho sản phẩm tôm khô",
        content="KC05",
        variant="standard",
        need=(
            "Các cửa hàng đặc sản yêu cầu sản phẩm có công bố chất lượng và mã vạch. Cơ sở cần đơn vị tư vấn "
            "giúp xây dựng tiêu chuẩn cơ sở, hồ sơ tự công bố và đăng ký mã số mã vạch."
        ),
        expected_results="Hai sản phẩm có tiêu chuẩn cơ sở, hồ sơ tự công bố và mã vạch; vào được 5 cửa hàng mới.",
        eligible_cost=48_000_000,
        share=50,
        planned=(_d(1, 15, 2027), _d(5, 31, 2027)),
        created=_d(9, 15),
        steps=(
            Step(S.SUBMITTED, _d(9, 20), "establishment", hour=16),
            Step(S.UNDER_REVIEW, _d(9, 23), "staff"),
            Step(S.NEEDS_CORRECTION, _d(9, 30), "staff", CORRECTION, hour=15),
        ),
        messages=((_d(9, 30), "staff", CORRECTION),),
    ),
    Spec(
        title="Ứng dụng máy cắt lát và máy ép khô cá lóc một nắng",
        content="KC03b",
        variant="standard",
        need=(
            "Cá lóc hiện được xẻ và ép bằng tay, mỗi người chỉ làm được 60 kg một ngày và lát cá không đều. "
            "Máy cắt lát và máy ép thủy lực giúp tăng năng suất và sản phẩm đồng đều để bán cho siêu thị."
        ),
        expected_results="Năng suất tăng gấp 3 lần; tỷ lệ sản phẩm loại 1 đạt trên 90%; thêm 4 lao động nữ.",
        eligible_cost=360_000_000,
        share=45,
        planned=(_d(3, 1, 2027), _d(9, 30, 2027)),
        created=_d(8, 12),
        steps=(
            Step(S.SUBMITTED, _d(8, 18), "establishment", hour=10),
            Step(S.UNDER_REVIEW, _d(8, 20), "staff"),
            Step(S.APPROVED, _d(9, 10), "staff", APPROVAL, hour=15),
        ),
        # The establishment had a solar dryer (KC03b) in 2024: a different machine for another product.
        repeat_reason=(
            "Máy sấy năm 2024 dùng cho khóm sấy; máy cắt lát và máy ép cho dây chuyền khô cá lóc mới, "
            "không trùng thiết bị đã được hỗ trợ."
        ),
        messages=(
            (_d(8, 25), "staff", "Đề nghị cơ sở gửi thêm báo giá của một nhà cung cấp thứ hai để so sánh."),
            (_d(8, 27), "establishment", "Cơ sở đã gửi báo giá của Công ty Cơ khí Tân Phú qua thư điện tử ạ."),
        ),
        appraised=True,
    ),
    Spec(
        title="Hỗ trợ mua xe tải nhỏ chở khô cá đi giao hàng",
        content="KC03b",
        variant="standard",
        need="Cơ sở cần một xe tải 1,5 tấn để tự giao hàng cho các đại lý ở Cần Thơ và Sóc Trăng.",
        expected_results="Giao hàng đúng hẹn, giảm chi phí thuê xe khoảng 4 triệu đồng mỗi tháng.",
        eligible_cost=380_000_000,
        share=40,
        planned=(_d(9, 1), _d(12, 31)),
        created=_d(7, 1),
        steps=(
            Step(S.SUBMITTED, _d(7, 6), "establishment", hour=8),
            Step(S.UNDER_REVIEW, _d(7, 8), "staff"),
            Step(S.REFUSED, _d(7, 20), "staff", REFUSAL, hour=14),
        ),
    ),
    Spec(
        # Title, content, amounts and dates come from the project it became.
        title="",
        content="",
        variant="",
        need=(
            "Khô cá lóc của cơ sở bán chạy nhưng chưa có nhãn hiệu riêng, dễ bị nhái. Cơ sở đề nghị hỗ trợ thiết "
            "kế logo, nhãn bao bì và đăng ký nhãn hiệu tại Cục Sở hữu trí tuệ."
        ),
        expected_results="Được cấp văn bằng bảo hộ nhãn hiệu; bao bì mới dùng cho toàn bộ sản phẩm khô cá lóc.",
        eligible_cost=0,
        share=0,
        planned=(_d(1, 1), _d(12, 31)),
        created=_d(1, 1),  # dated back from the project's creation, see _converted_spec
        appraised=True,
        project_code=CONVERTED_PROJECT,
    ),
    Spec(
        title="Hỗ trợ tham gia Hội chợ Công Thương vùng Đồng bằng sông Cửu Long năm 2026",
        content="KC04b",
        variant="join_domestic",
        need="Giới thiệu khô cá và tôm khô của cơ sở với các nhà phân phối trong vùng.",
        expected_results="Tìm được 2 nhà phân phối mới.",
        eligible_cost=30_000_000,
        share=70,
        planned=(_d(6, 5), _d(6, 9)),
        created=_d(4, 28),
        steps=(
            Step(S.SUBMITTED, _d(5, 4), "establishment", hour=9),
            Step(
                S.WITHDRAWN,
                _d(5, 20),
                "establishment",
                "Cơ sở không bố trí được người đứng gian hàng trong những ngày hội chợ.",
                hour=17,
            ),
        ),
        messages=(
            (
                _d(5, 20),
                "establishment",
                "Cơ sở xin rút hồ sơ vì trùng vụ tôm, không có người đi hội chợ. Cảm ơn Trung tâm.",
            ),
        ),
    ),
)

SECOND = (
    Spec(
        title="Ứng dụng máy cắt plasma CNC cắt thép tấm",
        content="KC03b",
        variant="standard",
        need=(
            "Xưởng đang cắt thép tấm bằng máy cắt cầm tay, đường cắt không chính xác và tốn vật liệu. Máy cắt "
            "plasma CNC giúp cắt đúng bản vẽ các chi tiết khung nhà tiền chế."
        ),
        expected_results="Giảm hao hụt thép từ 8% xuống 3%; rút ngắn thời gian gia công một bộ khung còn một nửa.",
        eligible_cost=480_000_000,
        share=40,
        planned=(_d(3, 1, 2027), _d(7, 31, 2027)),
        created=_d(11, 12),
        photo=False,
    ),
    Spec(
        title="Hỗ trợ đăng ký nhãn hiệu “Tôn thép Minh Lợi”",
        content="KC04c",
        variant="standard",
        need="Công ty cần thiết kế logo và đăng ký nhãn hiệu để phân biệt sản phẩm xà gồ, máng xối của mình.",
        expected_results="Nộp đơn đăng ký nhãn hiệu và được Cục Sở hữu trí tuệ chấp nhận đơn hợp lệ.",
        eligible_cost=30_000_000,
        share=50,
        planned=(_d(2, 1, 2027), _d(10, 31, 2027)),
        created=_d(10, 30),
        steps=(Step(S.SUBMITTED, _d(11, 3), "establishment2", hour=11),),
    ),
    Spec(
        title="Tư vấn áp dụng hệ thống quản lý chất lượng ISO 9001 tại xưởng cơ khí",
        content="KC05",
        variant="standard",
        need="Các chủ đầu tư công trình yêu cầu nhà cung cấp kết cấu thép có hệ thống quản lý chất lượng.",
        expected_results="Công ty được cấp chứng nhận ISO 9001:2015 trong năm 2027.",
        eligible_cost=60_000_000,
        share=50,
        planned=(_d(1, 10, 2027), _d(9, 30, 2027)),
        created=_d(10, 14),
        steps=(
            Step(S.SUBMITTED, _d(10, 20), "establishment2", hour=9),
            Step(S.UNDER_REVIEW, _d(10, 22), "staff"),
        ),
    ),
)

APPRAISAL_COMMENTS = {
    "principles": (9, "Cơ sở công nghiệp nông thôn tại xã, đúng đối tượng và nội dung hỗ trợ."),
    "need_effect": (8, "Nhu cầu rõ ràng, hiệu quả tăng năng suất và việc làm cho lao động nữ."),
    "cost": (8, "Dự toán phù hợp mặt bằng giá; đã so sánh hai báo giá."),
    "capacity": (8, "Cơ sở có nhà xưởng, lao động và vốn đối ứng đủ để thực hiện."),
    "links": (7, "Sản phẩm đang tham gia chương trình OCOP của xã; phù hợp tiêu chí nông thôn mới."),
    "completeness": (9, "Hồ sơ đầy đủ theo quy định."),
}


def ensure(*, users: dict, owners: dict, summary: Summary) -> None:
    """Create the demo applications that are missing (about 10 rows and 20 small files)."""
    contents = {c.code: c for c in SupportContent.objects.filter(code__in={"KC03b", "KC04b", "KC04c", "KC05"})}
    existing = set(
        Application.objects.filter(establishment__in=owners.values()).values_list("establishment_id", "title")
    )
    missing = []
    for username, specs in (("establishment", FIRST), ("establishment2", SECOND)):
        establishment = owners[username]
        for spec in specs:
            if spec.project_code:
                spec = _converted_spec(spec, establishment)
                if spec is None:
                    continue
            if (establishment.pk, spec.title) not in existing:
                missing.append((spec, establishment, username))
    attachments = 0
    # Oldest first, so receipt numbers follow the dates of submission.
    for spec, establishment, username in sorted(missing, key=lambda item: item[0].created):
        attachments += _write(spec, establishment, contents, users, username)
    created = len(missing)
    summary.add("hồ sơ đề nghị", created)
    summary.add("tài liệu đính kèm", attachments)


def _converted_spec(spec: Spec, establishment) -> Spec | None:
    """The converted application, shaped on its project: its title, content, money and dates."""
    share = (
        ProjectBeneficiary.objects.filter(project__code=spec.project_code, establishment=establishment)
        .select_related("project")
        .first()
    )
    if share is None:
        return None
    project = share.project
    linked = Application.objects.filter(project=project).exclude(establishment=establishment, title=project.title)
    if linked.exists():  # staff converted another application into it: leave it alone
        return None
    converted = project.created_at.astimezone(TZ).date()
    return Spec(
        title=project.title,
        content=project.content.code,
        variant=project.variant,
        need=spec.need,
        expected_results=spec.expected_results,
        eligible_cost=int(share.eligible_cost),
        share=0,
        planned=(project.start_date, project.end_date),
        created=converted - datetime.timedelta(days=50),
        steps=(
            Step(S.SUBMITTED, converted - datetime.timedelta(days=45), "establishment", hour=10),
            Step(S.UNDER_REVIEW, converted - datetime.timedelta(days=42), "staff"),
            Step(S.APPROVED, converted - datetime.timedelta(days=12), "staff", APPROVAL.replace("2027", "2026")),
            Step(S.CONVERTED, converted, "staff", hour=8),
        ),
        messages=(
            (
                converted - datetime.timedelta(days=1),
                "staff",
                f"Hồ sơ sẽ được chuyển thành đề án {project.code} trong kế hoạch khuyến công địa phương "
                f"năm {project.plan.year}.",
            ),
        ),
        appraised=True,
        extra={"project": project, "support": int(share.support_amount)},
    )


def _money(spec: Spec, content, establishment) -> tuple[Decimal, Decimal]:
    """What is asked for: `share` percent of the cost, in whole millions, never above the ceiling."""
    cost = Decimal(spec.eligible_cost)
    if "support" in spec.extra:
        return cost, Decimal(spec.extra["support"])
    ceiling = ceiling_compute(
        content=content,
        variant=spec.variant,
        eligible_cost=cost,
        on_date=spec.planned[0],
        ground=None,  # what an establishment asks for stays within the base ceiling
        rule_set=APPLICATION_RULE_SET,
    )
    wanted = min(cost * spec.share / 100, ceiling.amount)
    return cost, (wanted / MILLION).quantize(Decimal("1"), rounding=ROUND_FLOOR) * MILLION


def _write(spec: Spec, establishment, contents, users, username) -> int:
    content = contents[spec.content]
    cost, support = _money(spec, content, establishment)
    steps = spec.steps
    last = at(steps[-1].on, steps[-1].hour) if steps else at(spec.created, 15)
    application = Application(
        establishment=establishment,
        content=content,
        variant=spec.variant,
        title=spec.title,
        need=spec.need,
        expected_results=spec.expected_results,
        eligible_cost=cost,
        support_requested=support,
        counterpart_committed=cost - support,
        planned_start=spec.planned[0],
        planned_end=spec.planned[1],
        repeat_support_reason=spec.repeat_reason,
        status=steps[-1].to_status if steps else S.DRAFT,
        created_by=users[username],
        created_at=at(spec.created, 8),
        updated_at=last,
    )
    submitted = next((step for step in steps if step.to_status == S.SUBMITTED), None)
    if submitted is not None:
        application.submitted_at = at(submitted.on, submitted.hour)
        application.receipt_number = next_receipt_number(submitted.on.year)
    decided = next((step for step in steps if step.to_status in (S.APPROVED, S.REFUSED)), None)
    if decided is not None:
        application.decided_at, application.decision_reason = at(decided.on, decided.hour), decided.reason
    if any(step.to_status == S.UNDER_REVIEW for step in steps):
        application.assigned_to = users["staff"]
    application.project = spec.extra.get("project")
    if application.project is not None:
        # The ground the review recorded went with the application into its project.
        application.priority_ground = application.project.priority_ground
    application._history_date = application.created_at
    with backdated(Application):
        application.save()
    previous = S.DRAFT
    changes = []
    for step in steps:
        changes.append(
            ApplicationStatusChange(
                application=application,
                from_status=previous,
                to_status=step.to_status,
                changed_by=users[step.by],
                changed_at=at(step.on, step.hour),
                reason=step.reason,
            )
        )
        previous = step.to_status
    ApplicationStatusChange.objects.bulk_create(changes)
    ApplicationMessage.objects.bulk_create(
        ApplicationMessage(
            application=application,
            author=users[author],
            from_staff=author == "staff",
            body=body,
            created_at=at(day, 16 if author == "staff" else 18),
        )
        for day, author, body in spec.messages
    )
    if spec.appraised:
        _appraise(application, users["staff"], decided)
    files = [(ApplicationAttachment.Kind.BUSINESS_REGISTRATION, REGISTRATION_NAME, "application/pdf", pdf_bytes())]
    if spec.photo:
        files.append((ApplicationAttachment.Kind.PHOTO, PHOTO_NAME, "image/png", png_bytes()))
    for kind, name, content_type, data in files:
        attachment = ApplicationAttachment(
            application=application,
            kind=kind,
            original_name=name,
            content_type=content_type,
            size=len(data),
            uploaded_by=users[username],
            uploaded_at=at(spec.created, 9),
        )
        attachment.file.save(name, ContentFile(data), save=False)
        attachment.save()
    return len(files)


def _appraise(application: Application, staff, decided: Step | None) -> None:
    appraisal = Appraisal(
        application=application,
        appraiser=staff,
        conclusion="Đề nghị chấp thuận, đưa vào kế hoạch khuyến công.",
        created_at=at(decided.on - datetime.timedelta(days=3), 10) if decided else application.created_at,
    )
    for point, (score, comment) in APPRAISAL_COMMENTS.items():
        setattr(appraisal, f"{point}_score", score)
        setattr(appraisal, f"{point}_comment", comment)
    appraisal.save()


def pdf_bytes() -> bytes:
    """A one-page PDF with a line of text (a stand-in for the scanned registration certificate)."""
    text = b"BT /F1 14 Tf 50 780 Td (Giay chung nhan dang ky kinh doanh - ban sao trinh dien) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def png_bytes(width: int = 8, height: int = 6) -> bytes:
    """A small PNG in the colours of a sunny drying yard (sky above, yellow fish below)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + (b"\x87\xce\xeb" if y < height // 2 else b"\xe8\xb0\x3c") * width for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
