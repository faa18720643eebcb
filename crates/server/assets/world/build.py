#!/usr/bin/env python3
"""Builds crates/server/assets/world/countries-110m.geojson, the world outline the workbench's map
draws, from Natural Earth's 1:110m country boundaries (public domain) as packaged in the npm
package world-atlas 2.0.2 (ISC, Copyright 2013-2019 Michael Bostock).

    (cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz)
    python3 crates/server/assets/world/build.py /tmp/package/countries-110m.json \
        > crates/server/assets/world/countries-110m.geojson

Decodes the TopoJSON (quantized, delta-encoded arcs shared between neighbours) into a GeoJSON
FeatureCollection with one feature per country: its name and ISO 3166-1 numeric code, and its
polygons with coordinates rounded to 0.01 degree (about a kilometre, finer than the 1:110m lines
themselves), repeated points dropped. The output is byte-identical for the same input.
"""
import json
import sys

DIGITS = 2


def decode_arcs(topology):
    """Every arc as a list of (lon, lat) in degrees."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs, indices):
    """A closed ring from arc indices: a negative index ~i is arc i reversed; each arc after the
    first starts where the one before ended, so its first point is left out."""
    points = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    rounded = []
    for lon, lat in points:
        point = [round(lon, DIGITS), round(lat, DIGITS)]
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    if rounded[0] != rounded[-1]:
        rounded.append(rounded[0])
    return rounded


def polygon(arcs, rings):
    # A ring of fewer than four points has collapsed to nothing at this rounding.
    return [r for r in (ring(arcs, indices) for indices in rings) if len(r) >= 4]


def main(path):
    with open(path, encoding="utf-8") as f:
        topology = json.load(f)
    arcs = decode_arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [polygon(arcs, geometry["arcs"])]
        elif geometry["type"] == "MultiPolygon":
            polygons = [polygon(arcs, rings) for rings in geometry["arcs"]]
        else:
            continue
        polygons = [p for p in polygons if p]
        if not polygons:
            continue
        shape = (
            {"type": "Polygon", "coordinates": polygons[0]}
            if len(polygons) == 1
            else {"type": "MultiPolygon", "coordinates": polygons}
        )
        properties = {"name": geometry["properties"]["name"]}
        if "id" in geometry:
            properties["iso_numeric"] = geometry["id"]
        features.append({"type": "Feature", "properties": properties, "geometry": shape})
    features.sort(key=lambda f: f["properties"]["name"])
    collection = {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:110m Admin 0 countries (public domain), via world-atlas 2.0.2 (ISC)",
        "features": features,
    }
    json.dump(collection, sys.stdout, ensure_ascii=False, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: build.py PATH/TO/countries-110m.json > countries-110m.geojson")
    main(sys.argv[1])
