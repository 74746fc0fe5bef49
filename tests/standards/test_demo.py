"""The demo catalogue: real Recommendations and papers with their titles in six languages and their groups, loaded
through the import, safe to load again (what the secretariat edited since stays)."""

from __future__ import annotations

import pytest

from ponte.standards.demo import load_recommendations_demo
from ponte.standards.models import Recommendation

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "fr", "es", "ru", "zh_hans", "ar")


def test_the_demo_has_the_recommendations_the_other_demos_refer_to() -> None:
    assert load_recommendations_demo() == 30
    responsible = {str(rec): str(rec.group) for rec in Recommendation.objects.select_related("sector", "group__sector")}
    assert responsible["ITU-T H.702"] == "ITU-T SG16"
    assert responsible["ITU-T F.921"] == "ITU-T SG16"
    assert responsible["ITU-T HSTP-CONF-H702"] == "ITU-T SG16"
    assert responsible["ITU-T H.264"] == responsible["ITU-T H.265"] == "ITU-T SG16"
    assert responsible["ITU-T X.509"] == responsible["ITU-T X.1205"] == "ITU-T SG17"
    assert responsible["ITU-T Y.4000"] == "ITU-T SG20"
    assert responsible["ITU-T Y.3172"] == "ITU-T SG13"
    assert responsible["ITU-T L.1000"] == responsible["ITU-T L.1015"] == "ITU-T SG5"
    assert responsible["ITU-T F.790"] == "ITU-T SG16"
    assert responsible["ITU-T D.50"] == "ITU-T SG3"
    assert responsible["ITU-R M.2083"] == "ITU-R SG5"
    assert responsible["ITU-D D-STG-SG01.05.1-2021"] == "ITU-D SG1"
    assert Recommendation.objects.get(identifier="HSTP-CONF-H702").kind == "technical_paper"
    assert str(Recommendation.objects.get(identifier="P.370").superseded_by) == "ITU-R P.1546"


def test_every_demo_title_is_written_in_the_six_languages() -> None:
    load_recommendations_demo()
    for recommendation in Recommendation.objects.all():
        for language in LANGUAGES:
            assert getattr(recommendation, f"title_{language}"), f"{recommendation} has no title in {language}"
    h702 = Recommendation.objects.get(identifier="H.702")
    assert h702.title_en == "Accessibility profiles for IPTV systems"
    assert all(getattr(h702, f"summary_{language}") for language in LANGUAGES)


def test_loading_the_demo_again_changes_nothing_and_keeps_edits() -> None:
    load_recommendations_demo()
    h702 = Recommendation.objects.get(identifier="H.702")
    h702.title_fr = "Profils d'accessibilité des systèmes IPTV"
    h702.save()
    history = Recommendation.history.count()
    assert load_recommendations_demo() == 0
    assert Recommendation.history.count() == history
    h702.refresh_from_db()
    assert h702.title_fr == "Profils d'accessibilité des systèmes IPTV"


def test_a_missing_demo_recommendation_is_added_back() -> None:
    load_recommendations_demo()
    Recommendation.objects.filter(identifier="P.370").delete()
    assert load_recommendations_demo() == 1
    assert Recommendation.objects.count() == 30
