"""Partner and agreement texts in six languages (django-modeltranslation), then history (after translation)."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from ponte.partnerships.models import (
    ActionArea,
    Agreement,
    AgreementDocument,
    BeneficiaryRegion,
    FundingMechanism,
    Partner,
    PartnerContact,
)


@register(ActionArea)
class ActionAreaTranslation(TranslationOptions):
    fields = ("name",)


@register(BeneficiaryRegion)
class BeneficiaryRegionTranslation(TranslationOptions):
    fields = ("name",)


@register(FundingMechanism)
class FundingMechanismTranslation(TranslationOptions):
    fields = ("name",)


@register(Partner)
class PartnerTranslation(TranslationOptions):
    fields = ("mandate", "strategy")


@register(Agreement)
class AgreementTranslation(TranslationOptions):
    fields = ("title",)


simple_history.register(Partner, m2m_fields=["action_areas", "regions", "countries", "mechanisms"])
simple_history.register(PartnerContact)
simple_history.register(Agreement, m2m_fields=["partners", "regions", "countries", "action_areas"])
simple_history.register(AgreementDocument)
