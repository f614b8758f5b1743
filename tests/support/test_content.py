"""The kinds of support: stable ids with ja/en labels; a sourced kind must name its publication."""

import pytest

from dxnavi.support import content


def test_types_file_ids_and_labels():
    assert content.type_ids() == ["desk", "visit", "expert", "seminar", "other"]
    assert [label for _id, label in content.type_choices("ja")] == ["窓口相談", "巡回訪問", "専門家派遣", "セミナー・講習会", "その他"]
    assert content.type_label("expert", "en") == "Expert dispatch"
    assert content.check_file() == ["support/types.yaml: 5 kinds of support — valid"]


@pytest.mark.parametrize(
    "item, message",
    [
        ({"id": "x", "label": {"ja": "エックス"}}, "is missing label.en"),
        ({"id": "x", "label": {"ja": "エ", "en": "X"}, "source": "types.yaml", "as_of": "2026-04"}, "must name the publication"),
        ({"id": "x", "label": {"ja": "エ", "en": "X"}, "source": "全国商工会連合会「…」", "as_of": "soon"}, "is missing as_of"),
    ],
)
def test_invalid_type_refused(item, message):
    with pytest.raises(ValueError, match=message):
        content.validate({"types": [item]})


def test_duplicate_id_refused():
    item = {"id": "desk", "label": {"ja": "窓口", "en": "Desk"}}
    with pytest.raises(ValueError, match="listed twice"):
        content.validate({"types": [item, item]})
