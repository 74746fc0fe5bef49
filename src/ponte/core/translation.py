"""Fields staff write in six languages (django-modeltranslation), then history.

History is registered here, after translation, for translated models: a
``HistoricalRecords()`` field on a translated model breaks every save.
"""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from ponte.core.models import Country, Group, Organisation, Sector


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ("name",)


@register(Sector)
class SectorTranslation(TranslationOptions):
    fields = ("name",)


@register(Group)
class GroupTranslation(TranslationOptions):
    fields = ("title",)


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("description",)


simple_history.register(Country)
simple_history.register(Sector)
simple_history.register(Group)
simple_history.register(Organisation, m2m_fields=["groups"])
