"""Made-up publishers, and the filling of noise templates with their names, dates, URLs and ids.

A :class:`Site` has names (for ``{site}``, ``{domain}``, ``{company}`` ...), its house wordings (the one or
two templates per noise kind its pages use) and its own boilerplate lines. :class:`Slots` gives each
document consistent field values; :func:`vary` roughens casing and punctuation as scraped pages do.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from _pools import Template

SITE_BOILERPLATE_SHARE = 0.8  # share of sites with lines of their own
REASONS = {
    200: "OK",
    301: "Moved Permanently",
    403: "Forbidden",
    404: "Not Found",
    410: "Gone",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


@dataclass
class Site:
    """A made-up publisher: names to fill templates with, its house wordings and its own boilerplate."""

    name: str
    domain: str
    company: str
    region: str
    cities: tuple[str, str]
    street: str
    founded: int
    house: dict[str, list[Template]] = field(default_factory=dict)
    boilerplate: list[str] = field(default_factory=list)
    boilerplate_at_top: bool = False


class Slots(dict[str, str]):
    """Template field values for one document, made on first use so related fields agree."""

    def __init__(self, rng: random.Random, site: Site, pool: dict[str, Any], headlines: list[str]):
        super().__init__()
        self.rng, self.site, self.pool, self.headlines = rng, site, pool, headlines
        day = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(3100))
        self.when = dt.datetime.combine(day, dt.time(rng.randrange(24), rng.randrange(60), rng.randrange(60)))

    def __missing__(self, key: str) -> str:
        value = self._make(key)
        self[key] = value
        return value

    def _make(self, key: str) -> str:
        rng, site, w = self.rng, self.site, self.when
        digits = re.fullmatch(r"d(\d+)", key)
        if digits:
            return "".join(rng.choice("0123456789") for _ in range(int(digits.group(1))))
        hexes = re.fullmatch(r"hex(\d+)", key)
        if hexes:
            return "".join(rng.choice("0123456789abcdef") for _ in range(int(hexes.group(1))))
        letters = re.fullmatch(r"az(\d+)", key)
        if letters:
            return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(int(letters.group(1))))
        fixed = {
            "site": site.name,
            "domain": site.domain,
            "company": site.company,
            "region": site.region,
            "city": site.cities[0],
            "city2": site.cities[1],
            "street": site.street,
            "founded": str(site.founded),
            "handle": "@" + re.sub(r"\W", "", site.name),
            "surt": ",".join(reversed(site.domain.split("."))) + ")",  # the host as a CDX index keys it
            "email": f"editors@{site.domain}",
            "date": w.strftime("%Y-%m-%d"),
            "time": w.strftime("%H:%M:%S"),
            "iso": w.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "epoch": str(int(w.replace(tzinfo=dt.UTC).timestamp())),
            "year": str(w.year),
            "httpdate": w.strftime("%a, %d %b %Y %H:%M:%S GMT"),
            "human_date": w.strftime("%d %B %Y"),
            "us_date": w.strftime("%B %d, %Y"),
            "dmy": w.strftime("%d%m%Y"),
            "ymd": w.strftime("%Y%m%d"),
            "stamp": w.strftime("%Y%m%d%H%M%S"),
            "clf_date": w.strftime("%d/%b/%Y:%H:%M:%S +0000"),
        }
        if key in fixed:
            return fixed[key]
        return self._make_random(key)

    def _make_random(self, key: str) -> str:
        rng = self.rng
        if key == "status":
            return str(rng.choice([200, 200, 200, 200, 301, 403, 404, 404, 410, 500, 503]))
        if key == "reason":
            return REASONS[int(self["status"])]
        if key in {"section", "section2", "section3"}:
            picked = rng.sample(self.pool["sections"], 3)
            self.update(section=picked[0], section2=picked[1], section3=picked[2])
            return self[key]
        if key == "url":
            slug = "-".join(re.findall(r"\w+", self["headline"].lower())[:6])
            return f"https://www.{self.site.domain}/{self['section'].lower()}/{self.when:%Y/%m}/{slug}-{self['d6']}"
        if key == "path":
            return self["url"].split(self.site.domain, 1)[1]
        if key == "uuid":
            return f"{self['hex8']}-{self['hex4']}-{self['hex4']}-{self['hex12']}"
        values = {
            "n": lambda: str(rng.choice([0, 0, 1, 2, 3, 5, 8, 12, 27, 41, 118, 236])),
            "n1": lambda: str(rng.randint(2, 40)),
            "AAA": lambda: "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(3)),
            "ip": lambda: ".".join(str(rng.randint(1, 254)) for _ in range(4)),
            "uuid4": lambda: str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "headline": lambda: rng.choice(self.headlines),
        }
        if key not in values:
            raise KeyError(f"template field {{{key}}} has no maker in noise.Slots")
        return values[key]()


def fill(template: Template, slots: Slots) -> list[str]:
    """The lines of a template with its fields filled."""
    parts = template if isinstance(template, tuple) else (template,)
    return [part.format_map(slots) for part in parts]


def vary(text: str, rng: random.Random, decorations: list[str]) -> str:
    """Vary casing, end punctuation, decoration and surrounding spaces, as scraped pages do."""
    roll = rng.random()
    if roll < 0.07:
        text = text.upper()
    elif roll < 0.12:
        text = text.lower()
    if rng.random() < 0.15:
        text = text.rstrip(".!:") or text
    elif rng.random() < 0.08 and text[-1].isalnum():
        text += rng.choice([".", "!", ":"])
    if rng.random() < 0.08:
        text = rng.choice(decorations) + text
    if rng.random() < 0.05:
        text = " " + text
    if rng.random() < 0.08:
        text += " "
    return text


def make_sites(count: int, rng: random.Random, pool: dict[str, Any]) -> list[Site]:
    """``count`` distinct made-up sites with their house wordings and boilerplate lines."""
    names = [f"{a} {b}" for a in pool["site_first"] for b in pool["site_second"]]
    sites = []
    for name in rng.sample(names, count):
        domain = re.sub(r"\W", "", name.lower()) + rng.choice(pool["tlds"])
        site = Site(
            name=name,
            domain=domain,
            company=f"{name.split()[0]} {rng.choice(pool['company_suffix'])}",
            region=rng.choice(pool["regions"]),
            cities=tuple(rng.sample(pool["cities"], 2)),  # type: ignore[arg-type]
            street=rng.choice(pool["streets"]),
            founded=rng.randint(1880, 2008),
        )
        for kind in (
            "navigation",
            "read_more",
            "share_prompt",
            "comments_widget",
            "copyright",
            "legal_disclaimer_heading",
            "legal_disclaimer_body",
            "tracking_id",
            "tracking_id_inline",
        ):
            site.house[kind] = rng.sample(pool[kind], min(2, len(pool[kind])))
        sites.append(site)
    return sites


def add_site_boilerplate(site: Site, rng: random.Random, pool: dict[str, Any]) -> None:
    """Give a site one or two lines of its own, filled once, at the top or the bottom of its pages."""
    if rng.random() >= SITE_BOILERPLATE_SHARE:
        return
    slots = Slots(rng, site, pool, ["-"])
    templates = rng.sample(pool["site_boilerplate"], rng.choice([1, 1, 2]))
    site.boilerplate = [line for t in templates for line in fill(t, slots)]
    site.boilerplate_at_top = rng.random() < 0.3
