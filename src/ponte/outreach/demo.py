"""Demo outreach: an SME association (CABASE, Argentina) with a representative, one sent announcement and one
sent newsletter, and this year's International MSME Day draft. Idempotent: what is there is left as it is."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from ponte.core import services as core_services
from ponte.core.models import Country, Organisation, OrganisationCategory, Role, RoleKind, User
from ponte.outreach import services
from ponte.outreach.models import Campaign, CampaignKind

STAFF_EMAIL = "staff@ponte.example"
ASSOCIATION = "CABASE (Cámara Argentina de Internet)"
ASSOCIATION_EMAIL = "news@cabase.example"
DEMO_PASSWORD = "ponte-demo-2026"  # noqa: S105 - the published demo credential (ponte.core.demo)

ANNOUNCEMENT = {
    "title_en": "SME programme: applications open for the next ITU-T SG20 meeting",
    "title_es": "Programa para pymes: abiertas las solicitudes para la próxima reunión de la CE20 del UIT-T",
    "title_fr": "Programme PME : candidatures ouvertes pour la prochaine réunion de la CE20 de l'UIT-T",
    "title_ar": "برنامج المنشآت الصغيرة والمتوسطة: باب الطلبات مفتوح للاجتماع القادم للجنة الدراسات 20",
    "body_en": "Small and medium enterprises approved by their administration can take **full part** in the next "
    "meeting of ITU-T SG20 (IoT, smart cities and communities).\n\n- Apply on Ponte under *My programme*;\n"
    "- ask your SME association to endorse you;\n- register for the meeting, on site or remotely.",
    "body_es": "Las pequeñas y medianas empresas aprobadas por su administración pueden participar **plenamente** "
    "en la próxima reunión de la CE20 del UIT-T (IoT, ciudades y comunidades inteligentes).\n\n"
    "- Presente su solicitud en Ponte, en *Mi programa*;\n- pida a su asociación de pymes que le respalde;\n"
    "- inscríbase en la reunión, presencial o a distancia.",
    "body_fr": "Les petites et moyennes entreprises approuvées par leur administration peuvent participer "
    "**pleinement** à la prochaine réunion de la CE20 de l'UIT-T (IoT, villes et communautés intelligentes).\n\n"
    "- Candidatez sur Ponte, dans *Mon programme* ;\n- demandez à votre association de PME de vous recommander ;\n"
    "- inscrivez-vous à la réunion, sur place ou à distance.",
    "body_ar": "يمكن للمنشآت الصغيرة والمتوسطة التي وافقت عليها إداراتها المشاركة **الكاملة** في الاجتماع القادم "
    "للجنة الدراسات 20 لقطاع تقييس الاتصالات (إنترنت الأشياء والمدن والمجتمعات الذكية).\n\n"
    "- قدّموا طلبكم على Ponte؛\n- اطلبوا تزكية رابطة المنشآت الصغيرة والمتوسطة؛\n- سجّلوا في الاجتماع حضورياً أو عن بُعد.",
}
NEWSLETTER = {
    "title_en": "CABASE newsletter: IoT pilots with universities in three Argentine cities",
    "title_es": "Boletín de CABASE: pilotos de IoT con universidades en tres ciudades argentinas",
    "body_en": "Argentine SMEs and universities are running **IoT pilots** in three cities, as Argentina proposed "
    "to the organisation.\n\nMember SMEs interested in joining ITU-T SG20 can ask CABASE for an endorsement: "
    "we submit our members' applications together.",
    "body_es": "Pymes y universidades argentinas llevan adelante **pilotos de IoT** en tres ciudades, como "
    "propuso la Argentina a la organización.\n\nLas pymes socias interesadas en la CE20 del UIT-T pueden pedir "
    "a CABASE su respaldo: presentamos juntas las solicitudes de nuestros socios.",
}


def _association(staff: User) -> tuple[Organisation, User]:
    argentina = Country.objects.get(alpha3="ARG")
    association = Organisation.objects.filter(name=ASSOCIATION, country=argentina).first()
    if association is None:
        association = core_services.create_organisation(
            actor=staff,
            name=ASSOCIATION,
            category=OrganisationCategory.SME_ASSOCIATION,
            country=argentina,
            website="https://www.cabase.org.ar",
        )
    user = User.objects.filter(email=ASSOCIATION_EMAIL).first()
    if user is None:
        user = User.objects.create_user(
            username=ASSOCIATION_EMAIL,
            email=ASSOCIATION_EMAIL,
            password=DEMO_PASSWORD,
            first_name="Lucía",
            last_name="Fernández",
        )
        EmailAddress.objects.create(user=user, email=ASSOCIATION_EMAIL, verified=True, primary=True)
        person = core_services.ensure_person_for_user(user=user)
        person.language = "es"
        person.country = argentina
        person.save(update_fields=["language", "country"])
    if not Role.objects.filter(user=user, organisation=association, revoked_at__isnull=True).exists():
        core_services.assign_role(actor=staff, user=user, kind=RoleKind.REPRESENTATIVE, organisation=association)
    return association, user


@transaction.atomic
def load_outreach_demo() -> int:
    """Make the demo association, its representative, two sent campaigns and this year's MSME Day draft; return
    how many campaigns were made. Needs the demo secretariat account (nothing is made without it)."""
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    if staff is None:
        return 0
    association, representative = _association(staff)
    created = 0
    with translation.override(settings.LANGUAGE_CODE):
        if not Campaign.objects.filter(title_en=ANNOUNCEMENT["title_en"]).exists():
            campaign = services.create_campaign(actor=staff, kind=CampaignKind.ANNOUNCEMENT, texts=ANNOUNCEMENT)
            services.send_campaign(actor=staff, campaign=campaign)
            created += 1
        if not Campaign.objects.filter(title_en=NEWSLETTER["title_en"]).exists():
            campaign = services.create_campaign(
                actor=representative,
                kind=CampaignKind.NEWSLETTER,
                texts=NEWSLETTER,
                author_organisation=association,
            )
            services.send_campaign(actor=representative, campaign=campaign)
            created += 1
        _campaign, drafted = services.create_msme_day_campaign(year=timezone.localdate().year)
    return created + int(drafted)
