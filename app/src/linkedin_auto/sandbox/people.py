"""Deterministic fake people for the sandbox: same seed, same people, same order."""

from __future__ import annotations

import hashlib
import random
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Language = Literal["en", "fr"]

EN_FIRST = (
    "James", "Olivia", "Liam", "Emma", "Noah", "Ava", "Lucas", "Mia", "Ethan", "Sophia",
    "Mason", "Isabella", "Logan", "Amelia", "Aiden", "Harper", "Jacob", "Evelyn", "Daniel",
    "Abigail", "Henry", "Emily", "Samuel", "Ella", "Owen", "Grace", "Ryan", "Chloe", "Nathan",
    "Zoe", "Priya", "Wei", "Sven", "Aisha", "Mateo", "Yuki", "Siobhan", "Kofi", "Ingrid", "Rahul",
)
EN_LAST = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
    "Taylor", "Thomas", "Moore", "Jackson", "White", "Harris", "Clark", "Lewis", "Walker", "Hall",
    "Young", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Carter", "Mitchell",
    "O'Brien", "Patel", "Chen", "Nakamura", "Okafor", "Larsen", "Garcia", "Kowalski", "Murphy",
)
FR_FIRST = (
    "Élodie", "Camille", "Léa", "Chloé", "Manon", "Inès", "Julien", "Mathieu", "Antoine", "Hugo",
    "Théo", "Clément", "Céline", "Aurélie", "Jérôme", "François", "Zoé", "Loïc", "Margaux", "Noël",
)
FR_LAST = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garçon", "Fournier", "Girard", "Bonnet",
    "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Müller", "Faure", "André", "Mercier",
)
TITLES = (
    "Software Engineer", "Senior Software Engineer", "Data Engineer", "Data Scientist",
    "Product Manager", "Engineering Manager", "Recruiter", "Talent Acquisition Specialist",
    "UX Designer", "DevOps Engineer", "Sales Director", "Marketing Manager", "CTO", "Founder",
    "Account Executive", "Consultant", "Project Manager", "Machine Learning Engineer",
    "HR Business Partner", "Financial Analyst",
)
FR_TITLES = (
    "Ingénieur logiciel", "Cheffe de projet", "Développeur full stack", "Directeur commercial",
    "Responsable marketing", "Consultante", "Data scientist", "Chargée de recrutement",
)
COMPANIES = (
    "Acme Corp", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries", "Wayne Enterprises",
    "Pied Piper", "Vandelay Industries", "Soylent", "Tyrell", "Cyberdyne", "Massive Dynamic",
    "Aperture Labs", "Wonka Industries",
)
# (label, LinkedIn-style numeric geoUrn id)
LOCATIONS = (
    ("San Francisco Bay Area", "90000084"), ("Greater London", "90009496"),
    ("New York City Metropolitan Area", "90000070"), ("Berlin, Germany", "106967730"),
    ("Toronto, Ontario, Canada", "100025096"), ("Amsterdam Area", "90009706"),
    ("Austin, Texas, United States", "90000064"), ("Dublin, Ireland", "105178154"),
)
FR_LOCATIONS = (
    ("Paris et périphérie", "90009659"), ("Lyon, Auvergne-Rhône-Alpes, France", "104000025"),
    ("Montréal, Québec, Canada", "101330853"), ("Bruxelles, Belgique", "100565514"),
)


@dataclass
class Person:
    name: str
    slug: str
    headline: str
    location: str
    geo_urn: str
    language: Language
    degree: int  # 1, 2 or 3
    mutual: int
    birthday: str  # "MM-DD"
    # Kinds of presence in the sandbox world, set by the state builder.
    tags: list[str] = field(default_factory=list)

    @property
    def first_name(self) -> str:
        return self.name.split(" ", 1)[0]

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["first_name"] = self.first_name
        return d


def ascii_slug(text: str) -> str:
    norm = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = "".join(c.lower() if c.isalnum() else "-" for c in norm)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")


def generate_people(seed: int, count: int, *, start_index: int = 0,
                    taken: set[str] | None = None) -> list[Person]:
    """`count` distinct people; about one in five speaks French."""
    rng = random.Random(f"people:{seed}:{start_index}")
    taken = taken if taken is not None else set()
    people: list[Person] = []
    i = start_index
    while len(people) < count:
        i += 1
        french = rng.random() < 0.2
        first = rng.choice(FR_FIRST if french else EN_FIRST)
        last = rng.choice(FR_LAST if french else EN_LAST)
        name = f"{first} {last}"
        if name in taken:
            continue
        taken.add(name)
        digest = hashlib.sha1(f"{seed}:{name}".encode()).hexdigest()
        slug = f"{ascii_slug(name)}-{digest[:8]}"
        if french:
            title, (loc, geo) = rng.choice(FR_TITLES), rng.choice(FR_LOCATIONS)
            headline = f"{title} chez {rng.choice(COMPANIES)}"
        else:
            title, (loc, geo) = rng.choice(TITLES), rng.choice(LOCATIONS)
            headline = f"{title} at {rng.choice(COMPANIES)}"
        month = rng.randint(1, 12)
        day = rng.randint(1, 28)
        people.append(Person(
            name=name, slug=slug, headline=headline, location=loc, geo_urn=geo,
            language="fr" if french else "en", degree=1, mutual=rng.randint(0, 60),
            birthday=f"{month:02d}-{day:02d}",
        ))
    return people
