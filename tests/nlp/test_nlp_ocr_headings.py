"""Section headings whose tone marks OCR misread still announce their section."""

from __future__ import annotations

import pytest

from nlp.cues import heading_category
from tonghop.models import Category, CauseType


@pytest.mark.parametrize(
    ("heading", "category", "cause_type"),
    [
        ("2. Nguyên nhần", Category.CAUSE, None),
        ("4/ Về nguyên nhần:", Category.CAUSE, None),
        ("III. HẠN CHÊ, KHÓ KHẲN", Category.LIMITATION, None),
        ("b) Nguyên nhân khách quạn", Category.CAUSE, CauseType.OBJECTIVE),
        ("V. BÀI HỌC KINH NGHIÊM", Category.LESSON, None),
        ("2.2. Nguyên nhân chủ quan", Category.CAUSE, CauseType.SUBJECTIVE),
    ],
)
def test_misread_headings_keep_their_section(heading, category, cause_type):
    assert heading_category(heading) == (category, cause_type)


def test_unrelated_heading_has_no_section():
    assert heading_category("Phụ lục số liệu") == (None, None)
