"""Trilingual building blocks for the sample and benchmark datasets.

Kept apart from the generator so that the words can be reviewed (and corrected) by a reader of
Arabic, French or English without reading the generation logic.
"""

from __future__ import annotations

from typing import NamedTuple


class City(NamedTuple):
    country: str
    latin: str  # as the association writes it; also what consular jurisdictions list
    ar: str
    fr: str
    en: str


CITIES: tuple[City, ...] = (
    City("FR", "Paris", "باريس", "Paris", "Paris"),
    City("FR", "Lyon", "ليون", "Lyon", "Lyon"),
    City("FR", "Marseille", "مرسيليا", "Marseille", "Marseille"),
    City("FR", "Montpellier", "مونبلييه", "Montpellier", "Montpellier"),
    City("FR", "Toulouse", "تولوز", "Toulouse", "Toulouse"),
    City("FR", "Bordeaux", "بوردو", "Bordeaux", "Bordeaux"),
    City("FR", "Strasbourg", "ستراسبورغ", "Strasbourg", "Strasbourg"),
    City("FR", "Lille", "ليل", "Lille", "Lille"),
    City("FR", "Orléans", "أورليان", "Orléans", "Orléans"),
    City("FR", "Nice", "نيس", "Nice", "Nice"),
    City("ES", "Madrid", "مدريد", "Madrid", "Madrid"),
    City("ES", "Barcelona", "برشلونة", "Barcelone", "Barcelona"),
    City("ES", "Valencia", "فالنسيا", "Valence", "Valencia"),
    City("ES", "Almería", "ألميريا", "Almería", "Almería"),
    City("ES", "Murcia", "مورسية", "Murcie", "Murcia"),
    City("ES", "Sevilla", "إشبيلية", "Séville", "Seville"),
    City("IT", "Roma", "روما", "Rome", "Rome"),
    City("IT", "Milano", "ميلانو", "Milan", "Milan"),
    City("IT", "Torino", "تورينو", "Turin", "Turin"),
    City("IT", "Bologna", "بولونيا", "Bologne", "Bologna"),
    City("IT", "Napoli", "نابولي", "Naples", "Naples"),
    City("BE", "Bruxelles", "بروكسيل", "Bruxelles", "Brussels"),
    City("BE", "Antwerpen", "أنفرس", "Anvers", "Antwerp"),
    City("BE", "Liège", "لييج", "Liège", "Liège"),
    City("NL", "Amsterdam", "أمستردام", "Amsterdam", "Amsterdam"),
    City("NL", "Rotterdam", "روتردام", "Rotterdam", "Rotterdam"),
    City("NL", "Utrecht", "أوتريخت", "Utrecht", "Utrecht"),
    City("NL", "Den Haag", "لاهاي", "La Haye", "The Hague"),
    City("DE", "Düsseldorf", "دوسلدورف", "Düsseldorf", "Düsseldorf"),
    City("DE", "Frankfurt am Main", "فرانكفورت", "Francfort", "Frankfurt"),
    City("DE", "Berlin", "برلين", "Berlin", "Berlin"),
    City("DE", "Köln", "كولونيا", "Cologne", "Cologne"),
    City("GB", "London", "لندن", "Londres", "London"),
    City("GB", "Manchester", "مانشستر", "Manchester", "Manchester"),
    City("CA", "Montréal", "مونتريال", "Montréal", "Montreal"),
    City("CA", "Ottawa", "أوتاوا", "Ottawa", "Ottawa"),
    City("US", "New York", "نيويورك", "New York", "New York"),
    City("US", "Washington", "واشنطن", "Washington", "Washington"),
    City("SE", "Stockholm", "ستوكهولم", "Stockholm", "Stockholm"),
    City("NO", "Oslo", "أوسلو", "Oslo", "Oslo"),
    City("DK", "København", "كوبنهاغن", "Copenhague", "Copenhagen"),
    City("CH", "Genève", "جنيف", "Genève", "Geneva"),
    City("CH", "Zürich", "زيوريخ", "Zurich", "Zurich"),
    City("AE", "Dubai", "دبي", "Dubaï", "Dubai"),
    City("QA", "Doha", "الدوحة", "Doha", "Doha"),
)


class Word(NamedTuple):
    slug: str
    latin: str
    ar: str


# Words that diaspora associations commonly take as a name.
NAME_WORDS: tuple[Word, ...] = (
    Word("amal", "Amal", "أمل"),
    Word("al-wafae", "Al Wafae", "الوفاء"),
    Word("tawasol", "Tawasol", "التواصل"),
    Word("al-jisr", "Al Jisr", "الجسر"),
    Word("nour", "Nour", "النور"),
    Word("atlas", "Atlas", "الأطلس"),
    Word("tiwizi", "Tiwizi", "تويزي"),
    Word("assalam", "Assalam", "السلام"),
    Word("al-khayr", "Al Khayr", "الخير"),
    Word("injaz", "Injaz", "إنجاز"),
    Word("annahda", "Annahda", "النهضة"),
    Word("al-mostakbal", "Al Mostakbal", "المستقبل"),
    Word("tafaoul", "Tafaoul", "التفاؤل"),
    Word("al-amana", "Al Amana", "الأمانة"),
    Word("izdihar", "Izdihar", "ازدهار"),
    Word("annakhil", "Annakhil", "النخيل"),
    Word("tamazight", "Tamazight", "تمازيغت"),
    Word("al-andalous", "Al Andalous", "الأندلس"),
)

# How an association's legal form reads in the host country's language.
LEGAL_FORM: dict[str, str] = {
    "FR": "Association {w}",
    "BE": "Association {w}",
    "CH": "Association {w}",
    "CA": "Association {w}",
    "ES": "Asociación {w}",
    "IT": "Associazione {w}",
    "NL": "Stichting {w}",
    "DE": "{w} e.V.",
    "GB": "{w} Association",
    "US": "{w} Association",
    "SE": "Föreningen {w}",
    "NO": "Foreningen {w}",
    "DK": "Foreningen {w}",
    "AE": "{w} Association",
    "QA": "{w} Association",
}

# Descriptions by main domain: {city} is filled in each language.
DESCRIPTIONS: dict[str, tuple[str, str, str]] = {
    "education": (
        "تنظم الجمعية دروسا للدعم المدرسي وورشات للقراءة لفائدة أطفال الأسر المغربية في {city}،"
        " بتعاون مع المدارس المحلية.",
        "L'association organise du soutien scolaire et des ateliers de lecture pour les enfants"
        " des familles marocaines de {city}, avec les écoles du quartier.",
        "The association runs homework clubs and reading workshops for children of Moroccan"
        " families in {city}, working with local schools.",
    ),
    "arabic-amazigh-languages": (
        "تقدم الجمعية دروسا في اللغتين العربية والأمازيغية لأبناء مغاربة العالم في {city}،"
        " وتنظم أنشطة حول التراث المغربي.",
        "L'association propose des cours d'arabe et d'amazighe aux enfants des Marocains du Monde"
        " à {city} et des activités autour du patrimoine marocain.",
        "The association teaches Arabic and Amazigh to children of Moroccans of the World in {city}"
        " and holds activities on Moroccan heritage.",
    ),
    "culture": (
        "تنظم الجمعية مهرجانات ومعارض وأمسيات ثقافية في {city} للتعريف بالثقافة المغربية"
        " وتوطيد صلة الشباب ببلدهم الأم.",
        "L'association organise festivals, expositions et soirées culturelles à {city} pour faire"
        " connaître la culture marocaine et renforcer les liens des jeunes avec le Maroc.",
        "The association holds festivals, exhibitions and cultural evenings in {city} to share"
        " Moroccan culture and strengthen young people's ties with Morocco.",
    ),
    "social-action": (
        "تواكب الجمعية الأسر المغربية في وضعية صعبة في {city}: استقبال وتوجيه ومساعدة في"
        " الإجراءات الإدارية وزيارة المسنين.",
        "L'association accompagne les familles marocaines en difficulté à {city} : accueil,"
        " orientation, aide aux démarches administratives et visites aux personnes âgées.",
        "The association supports Moroccan families in difficulty in {city}: a welcome desk,"
        " guidance, help with paperwork and visits to older people.",
    ),
    "youth": (
        "تشجع الجمعية انخراط الشباب المغاربة في {city} عبر التوجيه المهني والأنشطة الرياضية"
        " والرحلات إلى المغرب.",
        "L'association favorise l'engagement des jeunes Marocains de {city} par le mentorat,"
        " le sport et des séjours au Maroc.",
        "The association helps young Moroccans in {city} get involved through mentoring, sport"
        " and trips to Morocco.",
    ),
    "women-rights": (
        "تعمل الجمعية على النهوض بأوضاع النساء المغربيات في {city} عبر الاستماع والتكوين"
        " والمساعدة القانونية.",
        "L'association œuvre à la promotion de la situation des femmes marocaines à {city} par"
        " l'écoute, la formation et l'aide juridique.",
        "The association works to advance the situation of Moroccan women in {city} through"
        " listening services, training and legal aid.",
    ),
    "local-development": (
        "تربط الجمعية مغاربة {city} بجماعاتهم الأصلية وتدعم مشاريع للماء والتعليم والصحة"
        " بشراكة مع جمعيات محلية بالمغرب.",
        "L'association relie les Marocains de {city} à leurs communes d'origine et soutient des"
        " projets d'eau, d'école et de santé avec des associations locales au Maroc.",
        "The association links Moroccans in {city} with their home communes and backs water,"
        " school and health projects with local associations in Morocco.",
    ),
    "entrepreneurship": (
        "ترافق الجمعية الشباب والنساء حاملي المشاريع في {city} وفي المغرب، من الفكرة إلى"
        " إحداث المقاولة.",
        "L'association accompagne les jeunes et les femmes porteurs de projets à {city} et au"
        " Maroc, de l'idée à la création d'entreprise.",
        "The association coaches young people and women with business ideas in {city} and in"
        " Morocco, from the idea to a registered company.",
    ),
}

# Moroccan local associations that partner with diaspora associations.
LOCAL_PARTNERS: tuple[tuple[str, str, str], ...] = (
    ("Association Tighmert pour le développement", "guelmim-oued-noun", "Tighmert"),
    ("Association Aït Bouguemez pour l'éducation", "beni-mellal-khenifra", "Tabant"),
    ("Association Oasis Ferkla", "draa-tafilalet", "Tinejdad"),
    ("Association Tafraout pour le développement durable", "souss-massa", "Tafraout"),
    ("Association Nador Horizons", "oriental", "Nador"),
    ("Association Jbala pour l'enfance", "tanger-tetouan-al-hoceima", "Chefchaouen"),
    ("Association Al Hoceima Solidarité", "tanger-tetouan-al-hoceima", "Al Hoceïma"),
    ("Association Femmes de Sefrou", "fes-meknes", "Sefrou"),
    ("Association Khouribga Jeunesse", "beni-mellal-khenifra", "Khouribga"),
    ("Association Tiznit Savoirs", "souss-massa", "Tiznit"),
    ("Association Berkane Avenir", "oriental", "Berkane"),
    ("Association Ouarzazate Culture", "draa-tafilalet", "Ouarzazate"),
    ("Association Doukkala Entraide", "casablanca-settat", "El Jadida"),
    ("Association Safi Mer et Patrimoine", "marrakech-safi", "Safi"),
    ("Association Kénitra Enfance", "rabat-sale-kenitra", "Kénitra"),
    ("Association Dakhla Initiatives", "dakhla-oued-ed-dahab", "Dakhla"),
    ("Association Laâyoune Jeunes", "laayoune-sakia-el-hamra", "Laâyoune"),
)

# Project titles per axis: (ar, fr, en), {city} filled in each language.
PROJECT_TITLES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "school-support": (
        (
            "دروس الدعم المدرسي لأطفال المغاربة في {city}",
            "Soutien scolaire pour les enfants marocains de {city}",
            "Homework support for Moroccan children in {city}",
        ),
        (
            "ورشات القراءة والكتابة للأطفال في وضعية صعبة بـ{city}",
            "Ateliers de lecture et d'écriture pour enfants en difficulté à {city}",
            "Reading and writing workshops for children in difficulty in {city}",
        ),
        (
            "مواكبة التلاميذ المهددين بالانقطاع عن الدراسة في {city}",
            "Accompagnement des élèves menacés de décrochage à {city}",
            "Mentoring pupils at risk of dropping out in {city}",
        ),
    ),
    "youth-and-vulnerable": (
        (
            "زيارات ومواكبة المسنين المغاربة المعزولين في {city}",
            "Visites et accompagnement des aînés marocains isolés à {city}",
            "Visits and support for isolated older Moroccans in {city}",
        ),
        (
            "مواكبة القاصرين غير المرفقين في {city}",
            "Accompagnement des mineurs non accompagnés à {city}",
            "Support for unaccompanied minors in {city}",
        ),
        (
            "إعادة إدماج الشباب بعد السجن في {city}",
            "Réinsertion des jeunes sortant de détention à {city}",
            "Helping young people rebuild their lives after prison in {city}",
        ),
        (
            "التوجيه المهني للشباب المغاربة في {city}",
            "Orientation professionnelle des jeunes Marocains de {city}",
            "Career guidance for young Moroccans in {city}",
        ),
    ),
    "culture-and-ties": (
        (
            "أيام الثقافة المغربية في {city}",
            "Journées de la culture marocaine à {city}",
            "Moroccan culture days in {city}",
        ),
        (
            "رحلة اكتشاف المغرب لشباب {city}",
            "Séjour de découverte du Maroc pour les jeunes de {city}",
            "A discovery trip to Morocco for young people from {city}",
        ),
        (
            "ورشات الموسيقى الأندلسية والملحون في {city}",
            "Ateliers de musique andalouse et de malhoun à {city}",
            "Andalusian music and malhoun workshops in {city}",
        ),
    ),
    "women": (
        (
            "فضاء للاستماع والتوجيه القانوني للنساء المغربيات في {city}",
            "Espace d'écoute et d'orientation juridique pour les femmes marocaines à {city}",
            "A listening and legal guidance service for Moroccan women in {city}",
        ),
        (
            "تكوين النساء في المقاولة الذاتية في {city}",
            "Formation des femmes à l'auto-entrepreneuriat à {city}",
            "Training women to start their own business in {city}",
        ),
        (
            "دروس محو الأمية الرقمية لفائدة النساء في {city}",
            "Cours d'alphabétisation numérique pour les femmes de {city}",
            "Digital literacy classes for women in {city}",
        ),
    ),
}

PROJECT_SUMMARIES: dict[str, tuple[str, str, str]] = {
    "school-support": (
        "حصص أسبوعية يؤطرها متطوعون ومدرسون، مع لقاءات منتظمة مع الأسر.",
        "Des séances hebdomadaires encadrées par des bénévoles et des enseignants, avec des"
        " rencontres régulières avec les familles.",
        "Weekly sessions led by volunteers and teachers, with regular meetings with families.",
    ),
    "youth-and-vulnerable": (
        "مواكبة فردية بشراكة مع المصالح الاجتماعية المحلية ببلد الاستقبال.",
        "Un accompagnement individuel en partenariat avec les services sociaux du pays d'accueil.",
        "One-to-one support in partnership with the host country's social services.",
    ),
    "culture-and-ties": (
        "برنامج من الأنشطة الثقافية المفتوحة للجميع، يشارك فيه فنانون من المغرب ومن بلد الاستقبال.",
        "Un programme d'activités culturelles ouvertes à tous, avec des artistes du Maroc et du"
        " pays d'accueil.",
        "A programme of cultural events open to all, with artists from Morocco and from the host"
        " country.",
    ),
    "women": (
        "حلقات تكوينية ومواكبة فردية تنجزها مختصات اجتماعيات ومحاميات متطوعات.",
        "Des ateliers et un suivi individuel assurés par des travailleuses sociales et des"
        " avocates bénévoles.",
        "Workshops and one-to-one follow-up by social workers and volunteer lawyers.",
    ),
}

AXIS_DOMAINS: dict[str, tuple[str, ...]] = {
    "school-support": ("education", "arabic-amazigh-languages"),
    "youth-and-vulnerable": ("social-action", "youth"),
    "culture-and-ties": ("culture", "arabic-amazigh-languages"),
    "women": ("women-rights", "entrepreneurship"),
}

DOMAIN_TARGETS: dict[str, tuple[str, ...]] = {
    "education": ("children", "families"),
    "arabic-amazigh-languages": ("children", "young-people"),
    "culture": ("young-people", "families"),
    "social-action": ("older-people", "families", "prisoners", "unaccompanied-minors"),
    "youth": ("young-people", "students"),
    "women-rights": ("women",),
    "local-development": ("families", "young-people"),
    "entrepreneurship": ("entrepreneurs", "women", "young-people"),
}
