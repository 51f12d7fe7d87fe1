"""The words of the sample calls and trainings, in Arabic, French and English.

The project-support call follows the real programme: four priority areas, selection by the
project selection committee under circular 7/2003, applications filed through the consular post.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

LEGAL_BASIS = {
    "ar": "دورية الوزير الأول رقم 2003/7 بتاريخ 27 يونيو 2003 المتعلقة بالشراكة بين الدولة والجمعيات",
    "fr": "Circulaire du Premier ministre n° 7/2003 du 27 juin 2003 relative au partenariat entre"
    " l'État et les associations",
    "en": "Prime Minister's circular No. 7/2003 of 27 June 2003 on partnership between the State"
    " and associations",
}

CRITERIA = (
    (
        30,
        "الأثر على الفئة المستهدفة",
        "Impact sur la population cible",
        "Impact on the target population",
    ),
    (
        20,
        "انسجام المشروع مع المحاور ذات الأولوية",
        "Pertinence au regard des axes prioritaires",
        "Fit with the priority areas",
    ),
    (
        20,
        "الشراكة مع فاعلي بلد الاستقبال",
        "Partenariats avec des acteurs du pays d'accueil",
        "Partnerships with host-country organisations",
    ),
    (
        15,
        "قابلية الإنجاز وواقعية الميزانية",
        "Faisabilité et réalisme du budget",
        "Feasibility and a realistic budget",
    ),
    (
        15,
        "تجربة الجمعية وحصيلة مشاريعها السابقة",
        "Expérience de l'association et bilan de ses projets passés",
        "The association's experience and track record",
    ),
)

FAQ = (
    (
        (
            "هل يمكن لجمعية أن تقدم أكثر من مشروع واحد؟",
            "Une association peut-elle déposer plusieurs projets ?",
            "Can an association submit more than one project?",
        ),
        (
            "لا، يقبل ملف ترشيح واحد لكل جمعية برسم كل طلب مشاريع.",
            "Non, un seul dossier de candidature est accepté par association et par appel.",
            "No: one application per association for each call.",
        ),
    ),
    (
        (
            "أين أودع ملف الترشيح؟",
            "Où déposer le dossier de candidature ?",
            "Where do I file the application?",
        ),
        (
            "عبر الموقع، أو لدى السفارة أو القنصلية التي يوجد مقر الجمعية في دائرة نفوذها.",
            "En ligne, ou auprès de l'ambassade ou du consulat dont dépend le siège de"
            " l'association.",
            "Online, or at the embassy or consulate whose area covers the association's"
            " registered seat.",
        ),
    ),
    (
        (
            "هل التمويل المشترك إلزامي؟",
            "Le cofinancement est-il obligatoire ?",
            "Is co-financing required?",
        ),
        (
            "نعم، لا يتجاوز دعم الوزارة نسبة محددة من الميزانية الإجمالية للمشروع، ويكمل الباقي"
            " الجمعية أو شركاؤها.",
            "Oui : le soutien du ministère ne dépasse pas une part fixée du budget total ; le"
            " reste vient de l'association ou de ses partenaires.",
            "Yes: the ministry funds no more than a set share of the total budget; the rest"
            " comes from the association or its partners.",
        ),
    ),
)

GUIDES = (
    {
        "title": {
            "ar": "دليل تقديم ملف الترشيح",
            "fr": "Guide du dépôt de candidature",
            "en": "How to apply",
        },
        "href": "guides/how-to-apply/",
    },
    {
        "title": {
            "ar": "إعداد المشروع وميزانيته",
            "fr": "Construire son projet et son budget",
            "en": "Building a project and its budget",
        },
        "href": "guides/project-and-budget/",
    },
    {
        "title": {
            "ar": "تنفيذ المشروع المدعم وتقديم التقارير",
            "fr": "Conduire un projet financé et en rendre compte",
            "en": "Running a funded project and reporting on it",
        },
        "href": "guides/running-a-project/",
    },
)

DOCUMENTS = [
    "request-letter",
    "application-form",
    "budget",
    "statutes",
    "registration-certificate",
    "board-list",
    "activity-report",
    "financial-report",
    "bank-details",
    "previous-grant-report",
]


def _casablanca(day: date, at: time) -> str:
    """Morocco's offset has changed over the years (and in Ramadan): ask the tz database."""
    return datetime.combine(day, at, ZoneInfo("Africa/Casablanca")).isoformat()


def _tri(ar: str, fr: str, en: str) -> dict[str, str]:
    return {"ar": ar, "fr": fr, "en": en}


def _common(year: int) -> dict[str, Any]:
    return {
        "selection_criteria": [
            {"label": _tri(ar, fr, en), "weight": w} for w, ar, fr, en in CRITERIA
        ],
        "legal_basis": dict(LEGAL_BASIS),
        "guides": [dict(g) for g in GUIDES],
        "faq": [{"question": _tri(*q), "answer": _tri(*a)} for q, a in FAQ],
        "contact_email": "partenariat@portail-mre.example",
        "updated": f"{year}-09-01",
    }


def project_support_call(year: int) -> dict[str, Any]:
    online = year >= 2024
    how = (
        _tri(
            "قدموا ملف الترشيح عبر الاستمارة الإلكترونية أو لدى المركز القنصلي الذي يوجد مقر"
            " الجمعية في دائرة نفوذه، قبل آخر أجل.",
            "Déposez le dossier de candidature en ligne ou auprès du poste consulaire dont dépend"
            " le siège de l'association, avant la date limite.",
            "File the application online or at the consular post that covers the association's"
            " registered seat, before the deadline.",
        )
        if online
        else _tri(
            "يودع ملف الترشيح لدى المركز القنصلي الذي يوجد مقر الجمعية في دائرة نفوذه، قبل آخر أجل.",
            "Le dossier de candidature est déposé auprès du poste consulaire dont dépend le siège"
            " de l'association, avant la date limite.",
            "The application is filed at the consular post that covers the association's"
            " registered seat, before the deadline.",
        )
    )
    top = 300_000 if year >= 2023 else 250_000
    return {
        "id": f"support-{year}",
        "programme": "project-support",
        "year": year,
        "title": _tri(
            f"طلب مشاريع جمعيات مغاربة العالم برسم سنة {year}",
            f"Appel à projets {year} des associations de Marocains du Monde",
            f"{year} call for projects from associations of Moroccans of the World",
        ),
        "summary": _tri(
            "تدعم الوزارة مشاريع جمعيات مغاربة العالم في المحاور الأربعة ذات الأولوية، وتنتقيها لجنة"
            " انتقاء المشاريع.",
            "Le ministère soutient les projets des associations de Marocains du Monde dans les"
            " quatre axes prioritaires ; la commission de sélection des projets les choisit.",
            "The ministry funds projects of associations of Moroccans of the World in the four"
            " priority areas, chosen by the project selection committee.",
        ),
        "axes": ["school-support", "youth-and-vulnerable", "culture-and-ties", "women"],
        "opens": _casablanca(date(year, 9, 11), time(9, 0)),
        "closes": _casablanca(date(year, 11, 11), time(23, 59)),
        "timezone": "Africa/Casablanca",
        "eligibility": {
            "min_years_registered": 2,
            "registered_in_host_country": True,
            "amount_mad": {"min": 30_000, "max": top},
            "max_share_of_budget": 0.7,
            "max_applications_per_association": 1,
            "host_country_partner": "encouraged",
        },
        "documents": list(DOCUMENTS),
        "apply": {"online": online, "at_consular_post": True, "instructions": how},
        "results_published": year <= 2025,
        **_common(year),
    }


def solidarity_call(year: int) -> dict[str, Any]:
    record = {
        "id": f"solidarity-{year}",
        "programme": "solidarity-development",
        "year": year,
        "title": _tri(
            f"طلب مشاريع التنمية التضامنية {year}: شراكات بين جمعيات مغاربة العالم والجمعيات"
            " المحلية بالمغرب",
            f"Appel {year} au développement solidaire : partenariats entre associations de"
            " Marocains du Monde et associations locales au Maroc",
            f"{year} solidarity development call: partnerships between associations of Moroccans"
            " of the World and local associations in Morocco",
        ),
        "summary": _tri(
            "تدعم الوزارة مشاريع التنمية المحلية التي تنجزها جمعيات مغاربة العالم مع جمعية محلية"
            " بالمغرب وبتنسيق مع الجماعات الترابية.",
            "Le ministère soutient les projets de développement local menés par une association de"
            " Marocains du Monde avec une association locale au Maroc, en lien avec les"
            " collectivités territoriales.",
            "The ministry funds local development projects run by an association of Moroccans of"
            " the World with a local association in Morocco, together with local authorities.",
        ),
        "opens": _casablanca(date(year, 11, 2), time(9, 0)),
        "closes": _casablanca(date(year + 1, 1, 15), time(23, 59)),
        "timezone": "Africa/Casablanca",
        "eligibility": {
            "min_years_registered": 1,
            "registered_in_host_country": True,
            "amount_mad": {"min": 20_000, "max": 150_000},
            "max_share_of_budget": 0.5,
            "max_applications_per_association": 1,
            "host_country_partner": "none",
        },
        "documents": [*DOCUMENTS[:8], "partnership-letters"],
        "apply": {
            "online": True,
            "at_consular_post": True,
            "instructions": _tri(
                "قدموا الملف عبر الاستمارة الإلكترونية مرفقا برسالة التزام الجمعية المحلية الشريكة.",
                "Déposez le dossier en ligne avec la lettre d'engagement de l'association locale"
                " partenaire.",
                "Apply online with the commitment letter of the partner local association.",
            ),
        },
        "results_published": False,
        **_common(year),
    }
    record["updated"] = f"{year}-10-20"
    return record


TRAINING_TOPICS = (
    (
        "project-engineering",
        _tri(
            "هندسة المشاريع: من الفكرة إلى ملف الترشيح",
            "Ingénierie de projet : de l'idée au dossier de candidature",
            "Project design: from an idea to an application",
        ),
        _tri(
            "يوم تكويني حول صياغة المشروع وأهدافه ومؤشراته وميزانيته.",
            "Une journée pour formuler un projet, ses objectifs, ses indicateurs et son budget.",
            "A one-day course on framing a project, its goals, indicators and budget.",
        ),
    ),
    (
        "priority-themes",
        _tri(
            "مواكبة القاصرين غير المرفقين: الإطار والممارسات",
            "Accompagner les mineurs non accompagnés : cadre et pratiques",
            "Supporting unaccompanied minors: rules and practice",
        ),
        _tri(
            "تكوين حول الإطار القانوني ببلد الاستقبال والممارسات الجيدة في المواكبة.",
            "Une formation sur le cadre juridique du pays d'accueil et les bonnes pratiques.",
            "Training on the host country's legal framework and good practice.",
        ),
    ),
    (
        "skills-transfer",
        _tri(
            "تقاسم التجارب الناجحة بين الجمعيات",
            "Partager les expériences réussies entre associations",
            "Sharing successful experiences between associations",
        ),
        _tri(
            "لقاء لعرض مشاريع مدعمة ونقل الكفاءات ورسملة التجارب.",
            "Une rencontre pour présenter des projets financés, transférer des compétences et"
            " capitaliser les expériences.",
            "A meeting to present funded projects, pass on skills and capture what worked.",
        ),
    ),
    (
        "project-engineering",
        _tri(
            "تتبع وتقييم المشاريع المدعمة وإعداد التقارير",
            "Suivi, évaluation et compte rendu des projets financés",
            "Monitoring, evaluating and reporting on funded projects",
        ),
        _tri(
            "أدوات عملية للتتبع المالي والتقرير الأدبي والمالي.",
            "Des outils concrets pour le suivi financier et les rapports d'activité et financier.",
            "Practical tools for financial follow-up and activity and financial reports.",
        ),
    ),
)

VENUES = (
    ("BE", "Bruxelles", "fr", "in-person"),
    ("ES", "Madrid", "ar", "in-person"),
    ("", "", "ar", "online"),
    ("FR", "Lyon", "fr", "hybrid"),
    ("IT", "Milano", "ar", "in-person"),
    ("NL", "Rotterdam", "ar", "in-person"),
    ("", "", "en", "online"),
    ("DE", "Düsseldorf", "ar", "in-person"),
)


ZONES = {
    "BE": "Europe/Brussels",
    "ES": "Europe/Madrid",
    "FR": "Europe/Paris",
    "IT": "Europe/Rome",
    "NL": "Europe/Amsterdam",
    "DE": "Europe/Berlin",
}


def training(i: int) -> dict[str, Any]:
    theme, title, summary = TRAINING_TOPICS[i % len(TRAINING_TOPICS)]
    country, city, language, fmt = VENUES[i % len(VENUES)]
    month = 3 + 2 * i  # one session every two months from March 2026
    year, month = 2026 + (month - 1) // 12, (month - 1) % 12 + 1
    zone = ZoneInfo(ZONES.get(country, "Africa/Casablanca"))
    day = date(year, month, 10 + i % 15)

    def at(hour: int, minute: int, on: date = day) -> str:
        return datetime.combine(on, time(hour, minute), zone).isoformat()

    record: dict[str, Any] = {
        "id": f"{theme}-{year}-{month:02d}-{i + 1}",
        "programme": "capacity-building",
        "title": dict(title),
        "summary": dict(summary),
        "themes": [theme],
        "format": fmt,
    }
    if country:
        record.update({"country": country, "city": city})
    record.update(
        {
            "starts": at(9, 30),
            "ends": at(17, 0),
            "timezone": zone.key,
            "registration_closes": at(23, 59, day - timedelta(days=3)),
            "language": language,
            "seats": 20 + 5 * (i % 4),
            "target_groups": ["young-people", "women"] if i % 2 else ["young-people"],
            "updated": "2026-01-20",
        }
    )
    return record
