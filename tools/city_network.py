#!/usr/bin/env python3
"""Build the road network of the example branch: Zhanjiang, Guangdong.

Zhanjiang (湛江) is a prefecture-level city at the south-western tip of
Guangdong, on the Leizhou peninsula, struck by typhoons most summers.  It has
four municipal districts (Chikan and Xiashan, the city proper; Mazhang and
Potou, its suburbs), three county-level cities (Lianjiang, Leizhou, Wuchuan)
and two counties (Suixi, Xuwen).  Each county or county-level city is split
into its town (area class ``county_town``) and its countryside (``rural``),
as a branch splits the promise between them.

Zones sit at the seats of urban sub-districts (街道) and townships (镇); a
township zone stands for its neighbouring townships too, and its demand
weight is the rough resident population of that catchment, in thousands
(order of magnitude of the 2020 census; the four municipal districts and the
five counties add up to about 6.9 million, the city's census total being
7.0 million).  Weights are therefore comparable across districts; how many
orders a resident makes differs by area and is set by the scenario.

Travel minutes of a road = great-circle distance x detour factor / speed of
its road type, rounded to the nearest 0.5 minute (at least 0.5).

Run:  python3 tools/city_network.py            writes the JSON, prints a summary
      python3 tools/city_network.py --check    fails if the JSON is out of date
      python3 tools/city_network.py --markdown prints the README tables
Standard library only; the output is byte-for-byte deterministic.
"""

from __future__ import annotations

import argparse
import heapq
import json
import math
import statistics
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "scenarios" / "examples" / "city-network.json"

EARTH_RADIUS_KM = 6371.0088  # IUGG mean Earth radius

# Road types: (typical speed km/h, detour factor).
#
# Speeds are door-to-door averages for a technician's van, below the design
# speeds of the Chinese standards because of signals, junctions, villages and
# parking:
#   street     22 km/h: urban streets.  CJJ 37-2012 (urban road design code)
#              gives design speeds of 20-40 km/h for branch roads and 30-50 for
#              secondary roads; average city driving speeds of 20-25 km/h are
#              the range this project assumes for a mid-size Chinese city.
#   arterial   30 km/h: urban trunk avenues and the cross-bay bridges
#              (CJJ 37-2012: arterial design speed 40-60 km/h).
#   county     45 km/h: county and township roads across the flat peninsula
#              (JTG B01-2014 highway standard: class-3 roads 30-40 km/h,
#              class-2 60-80 km/h; the project's range is 40-45 km/h).
#   trunk      50 km/h: national and provincial roads (G207 and the like),
#              class-1/2 highways with design speeds of 60-100 km/h that run
#              through market towns and villages.
#   expressway 85 km/h: G15 Shenyang-Haikou and G75 Lanzhou-Haikou
#              (JTG B01-2014: expressway design speed 100-120 km/h; a loaded van
#              with ramps and toll gates averages less; project range 80-90).
# Detour factors (road distance / great-circle distance): road-network
# circuity is typically 1.2-1.4 (Ballou, Rahardja and Sakai, "Selected country
# circuity factors for road travel distance estimation", Transportation
# Research A 36, 2002).  1.3 is used for streets and county roads, which wind
# through blocks and villages; 1.2 for avenues, bridges, trunk roads and
# expressways, which run straighter (the extra kilometres to reach a ramp are
# inside it).
ROAD_TYPES: dict[str, tuple[float, float]] = {
    "street": (22.0, 1.3),
    "arterial": (30.0, 1.2),
    "county": (45.0, 1.3),
    "trunk": (50.0, 1.2),
    "expressway": (85.0, 1.2),
}

AREAS = ("urban", "county_town", "suburban", "rural")

# Districts: name, area class, same-day promise.  The first zone listed for a
# district in ZONES is its centre.  Promise: on in the city proper and the
# county towns (seed 000 requires it there) and in the two suburban districts
# (the branch chooses to include its whole municipal area); off in the rural
# districts.
DISTRICTS: list[tuple[str, str, bool]] = [
    ("Chikan", "urban", True),
    ("Xiashan", "urban", True),
    ("Mazhang", "suburban", True),
    ("Potou", "suburban", True),
    ("Suixi", "county_town", True),
    ("Suixi-rural", "rural", False),
    ("Lianjiang", "county_town", True),
    ("Lianjiang-rural", "rural", False),
    ("Wuchuan", "county_town", True),
    ("Wuchuan-rural", "rural", False),
    ("Leizhou", "county_town", True),
    ("Leizhou-rural", "rural", False),
    ("Xuwen", "county_town", True),
    ("Xuwen-rural", "rural", False),
]

# Zones: name, district, latitude, longitude (degrees, about 0.01), demand
# weight (thousand residents of the zone's catchment).  Positions are the seats
# of the sub-districts and townships as GeoNames places them, placed by map
# knowledge where GeoNames has no point (marked ~).
ZONES: list[tuple[str, str, float, float, int]] = [
    # Chikan: the old city north of the port, seat of the municipal government.
    ("Chikan-Nanqiao", "Chikan", 21.268, 110.359, 70),  # municipal government
    ("Chikan-Minzhu", "Chikan", 21.279, 110.369, 110),  # ~ old town: Minzhu, Zhonghua, Zhongshan
    ("Chikan-Cunjin", "Chikan", 21.262, 110.342, 85),  # ~
    ("Chikan-Beiqiao", "Chikan", 21.293, 110.353, 45),  # ~
    ("Chikan-Shawan", "Chikan", 21.289, 110.378, 30),  # ~ waterfront
    ("Chikan-Tiaoshun", "Chikan", 21.316, 110.391, 20),  # ~ Tiaoshun island: port, power plant
    # Xiashan: the former Fort-Bayard town and the main port, south of Chikan.
    ("Xiashan-Jiefang", "Xiashan", 21.190, 110.407, 80),  # ~ district seat, old quarter
    ("Xiashan-Gongnong", "Xiashan", 21.193, 110.395, 85),
    ("Xiashan-Haitou", "Xiashan", 21.201, 110.386, 85),
    ("Xiashan-Youyi", "Xiashan", 21.212, 110.398, 90),  # ~
    ("Xiashan-Haibin", "Xiashan", 21.233, 110.399, 110),  # ~ Renmin Avenue, development zone
    ("Xiashan-Dongxin", "Xiashan", 21.174, 110.399, 70),  # ~ south, by the port
    # Mazhang: western suburb, Huguang, the Taiping exclave and Donghai island.
    ("Mazhang-Mazhang", "Mazhang", 21.276, 110.322, 120),
    ("Mazhang-Huguang", "Mazhang", 21.126, 110.289, 85),
    ("Mazhang-Taiping", "Mazhang", 21.044, 110.157, 75),
    ("Mazhang-Dongshan", "Mazhang", 21.035, 110.392, 55),  # Donghai island
    ("Mazhang-Dongjian", "Mazhang", 21.037, 110.495, 45),  # Donghai island: steel works
    ("Mazhang-Minan", "Mazhang", 21.014, 110.320, 40),  # Donghai island
    # Potou: east shore of Zhanjiang Bay and Nansan island.
    ("Potou-Nandiao", "Potou", 21.252, 110.446, 115),  # district seat, with Potou town
    ("Potou-Maxie", "Potou", 21.203, 110.428, 15),  # ~ opposite Xiashan
    ("Potou-Guandu", "Potou", 21.385, 110.438, 47),
    ("Potou-Longtou", "Potou", 21.360, 110.519, 56),
    ("Potou-Qiantang", "Potou", 21.232, 110.612, 37),
    ("Potou-Nansan", "Potou", 21.152, 110.551, 72),  # Nansan island
    # Suixi county: the town of Suicheng and the west of the county.
    ("Suixi-Suicheng", "Suixi", 21.380, 110.251, 150),
    ("Suixi-Lingbei", "Suixi-rural", 21.264, 110.164, 200),
    ("Suixi-Yangqing", "Suixi-rural", 21.354, 110.108, 170),
    ("Suixi-Chengyue", "Suixi-rural", 21.167, 110.072, 180),
    ("Suixi-Jiepao", "Suixi-rural", 21.397, 109.960, 200),  # with Caotan, Gangmen, Beipo
    # Lianjiang (county-level city), north of Zhanjiang on the Guangxi border.
    ("Lianjiang-Luozhou", "Lianjiang", 21.606, 110.277, 170),
    ("Lianjiang-Chengbei", "Lianjiang", 21.645, 110.282, 130),
    ("Lianjiang-Anpu", "Lianjiang-rural", 21.455, 110.026, 350),  # with Hengshan, Yingzai
    ("Lianjiang-Liangdong", "Lianjiang-rural", 21.499, 110.397, 250),
    ("Lianjiang-Shijiao", "Lianjiang-rural", 21.879, 110.310, 300),  # hilly north
    ("Lianjiang-Shiling", "Lianjiang-rural", 21.651, 110.127, 200),  # with Yatang, Qingping
    # Wuchuan (county-level city), east of Potou on the Maoming border.
    ("Wuchuan-Meilu", "Wuchuan", 21.434, 110.776, 150),
    ("Wuchuan-Haibin", "Wuchuan", 21.399, 110.783, 80),
    ("Wuchuan-Changqi", "Wuchuan-rural", 21.534, 110.723, 200),
    ("Wuchuan-Huangpo", "Wuchuan-rural", 21.317, 110.588, 180),
    ("Wuchuan-Wuyang", "Wuchuan-rural", 21.348, 110.688, 160),
    ("Wuchuan-Tanba", "Wuchuan-rural", 21.446, 110.855, 160),
    # Leizhou (county-level city), the middle of the peninsula.
    ("Leizhou-Leicheng", "Leizhou", 20.916, 110.084, 150),
    ("Leizhou-Xincheng", "Leizhou", 20.908, 110.104, 100),  # ~
    ("Leizhou-Nanxing", "Leizhou-rural", 20.804, 110.094, 280),
    ("Leizhou-Kelu", "Leizhou-rural", 21.087, 110.017, 260),
    ("Leizhou-Yangjia", "Leizhou-rural", 20.898, 109.960, 230),  # with Tangjia, Qishui
    ("Leizhou-Tiaofeng", "Leizhou-rural", 20.686, 110.252, 180),  # with Dongli
    ("Leizhou-Yingli", "Leizhou-rural", 20.564, 110.096, 200),  # with Wushi, Beihe
    # Xuwen county, the southern tip, facing Hainan across the Qiongzhou Strait.
    ("Xuwen-Xucheng", "Xuwen", 20.329, 110.167, 130),
    ("Xuwen-Xiaqiao", "Xuwen-rural", 20.448, 110.133, 130),
    ("Xuwen-Haian", "Xuwen-rural", 20.280, 110.229, 120),  # ferry port to Hainan
    ("Xuwen-Qujie", "Xuwen-rural", 20.486, 110.326, 140),  # with Qianshan, Xiayang
    ("Xuwen-Maichen", "Xuwen-rural", 20.335, 109.995, 110),  # with Xilian, Jiaowei
]

# Two-way roads: zone, zone, road type, what the road is.
ROADS: list[tuple[str, str, str, str]] = [
    # Chikan streets
    ("Chikan-Nanqiao", "Chikan-Minzhu", "street", ""),
    ("Chikan-Nanqiao", "Chikan-Cunjin", "street", ""),
    ("Chikan-Minzhu", "Chikan-Beiqiao", "street", ""),
    ("Chikan-Minzhu", "Chikan-Shawan", "street", ""),
    ("Chikan-Cunjin", "Chikan-Beiqiao", "street", ""),
    ("Chikan-Beiqiao", "Chikan-Shawan", "street", ""),
    ("Chikan-Shawan", "Chikan-Tiaoshun", "street", ""),
    # Xiashan streets
    ("Xiashan-Jiefang", "Xiashan-Gongnong", "street", ""),
    ("Xiashan-Jiefang", "Xiashan-Youyi", "street", ""),
    ("Xiashan-Jiefang", "Xiashan-Dongxin", "street", ""),
    ("Xiashan-Gongnong", "Xiashan-Haitou", "street", ""),
    ("Xiashan-Gongnong", "Xiashan-Youyi", "street", ""),
    ("Xiashan-Gongnong", "Xiashan-Dongxin", "street", ""),
    ("Xiashan-Haitou", "Xiashan-Youyi", "street", ""),
    ("Xiashan-Haitou", "Xiashan-Haibin", "street", ""),
    ("Xiashan-Youyi", "Xiashan-Haibin", "street", ""),
    # city proper: the avenues between Chikan, Xiashan and Mazhang
    ("Chikan-Nanqiao", "Xiashan-Haibin", "arterial", "Renmin Avenue"),
    ("Chikan-Cunjin", "Xiashan-Haitou", "arterial", "Zhenchuan Avenue"),
    ("Chikan-Cunjin", "Mazhang-Mazhang", "arterial", ""),
    # Mazhang
    ("Mazhang-Mazhang", "Mazhang-Huguang", "county", ""),
    ("Mazhang-Huguang", "Xiashan-Haitou", "trunk", "Huguang express road"),
    ("Mazhang-Huguang", "Mazhang-Taiping", "county", ""),
    ("Mazhang-Huguang", "Mazhang-Dongshan", "county", "Donghai island causeway"),
    ("Mazhang-Dongshan", "Mazhang-Minan", "county", ""),
    ("Mazhang-Dongshan", "Mazhang-Dongjian", "county", ""),
    # Potou
    ("Chikan-Shawan", "Potou-Nandiao", "arterial", "Zhanjiang Bay Bridge"),
    ("Chikan-Tiaoshun", "Potou-Nandiao", "arterial", "Tiaoshun cross-sea bridge"),
    ("Potou-Nandiao", "Potou-Maxie", "county", ""),
    ("Potou-Nandiao", "Potou-Guandu", "county", ""),
    ("Potou-Nandiao", "Potou-Qiantang", "county", ""),
    ("Potou-Nandiao", "Potou-Nansan", "county", "Nansan bridge"),
    ("Potou-Guandu", "Potou-Longtou", "county", ""),
    ("Potou-Longtou", "Potou-Qiantang", "county", ""),
    # Suixi
    ("Suixi-Suicheng", "Chikan-Beiqiao", "trunk", "Zhanjiang-Suixi road"),
    ("Suixi-Suicheng", "Suixi-Lingbei", "county", ""),
    ("Suixi-Suicheng", "Suixi-Yangqing", "county", ""),
    ("Suixi-Suicheng", "Suixi-Chengyue", "trunk", "G207"),
    ("Suixi-Lingbei", "Suixi-Yangqing", "county", ""),
    ("Suixi-Lingbei", "Suixi-Chengyue", "county", ""),
    ("Suixi-Yangqing", "Suixi-Jiepao", "county", ""),
    ("Suixi-Jiepao", "Lianjiang-Anpu", "county", ""),
    # Lianjiang
    ("Lianjiang-Luozhou", "Lianjiang-Chengbei", "street", ""),
    ("Lianjiang-Luozhou", "Lianjiang-Liangdong", "county", ""),
    ("Lianjiang-Luozhou", "Lianjiang-Anpu", "trunk", ""),
    ("Lianjiang-Chengbei", "Lianjiang-Shijiao", "trunk", "G207 north"),
    ("Lianjiang-Chengbei", "Lianjiang-Shiling", "county", ""),
    ("Lianjiang-Liangdong", "Potou-Guandu", "county", ""),
    # Wuchuan
    ("Wuchuan-Meilu", "Wuchuan-Haibin", "street", ""),
    ("Wuchuan-Meilu", "Wuchuan-Changqi", "county", ""),
    ("Wuchuan-Meilu", "Wuchuan-Tanba", "county", ""),
    ("Wuchuan-Haibin", "Wuchuan-Wuyang", "county", ""),
    ("Wuchuan-Wuyang", "Wuchuan-Huangpo", "county", ""),
    ("Wuchuan-Huangpo", "Potou-Qiantang", "county", ""),
    # Leizhou
    ("Leizhou-Leicheng", "Leizhou-Xincheng", "street", ""),
    ("Leizhou-Leicheng", "Leizhou-Kelu", "trunk", "G207"),
    ("Leizhou-Kelu", "Suixi-Chengyue", "trunk", "G207"),
    ("Leizhou-Leicheng", "Leizhou-Yangjia", "county", ""),
    ("Leizhou-Leicheng", "Leizhou-Nanxing", "trunk", "G207"),
    ("Leizhou-Nanxing", "Leizhou-Tiaofeng", "county", ""),
    ("Leizhou-Nanxing", "Leizhou-Yingli", "trunk", "G207"),
    # Xuwen
    ("Leizhou-Yingli", "Xuwen-Xiaqiao", "trunk", "G207"),
    ("Xuwen-Xiaqiao", "Xuwen-Xucheng", "trunk", "G207"),
    ("Xuwen-Xucheng", "Xuwen-Haian", "county", ""),
    ("Xuwen-Xucheng", "Xuwen-Maichen", "county", ""),
    ("Xuwen-Xucheng", "Xuwen-Qujie", "county", ""),
    ("Xuwen-Xiaqiao", "Xuwen-Qujie", "county", ""),
    # expressways between the city and the county towns
    ("Mazhang-Mazhang", "Suixi-Suicheng", "expressway", "G15"),
    ("Mazhang-Mazhang", "Leizhou-Leicheng", "expressway", "G15"),
    ("Leizhou-Leicheng", "Xuwen-Xucheng", "expressway", "G15"),
    ("Suixi-Suicheng", "Lianjiang-Luozhou", "expressway", "G75"),
    ("Suixi-Suicheng", "Potou-Guandu", "expressway", "G15"),
    ("Potou-Guandu", "Wuchuan-Meilu", "expressway", "G15"),
]

DESCRIPTION = (
    "Example branch: Zhanjiang, Guangdong, a coastal prefecture-level city on the Leizhou "
    "peninsula (about 7.0 million people). Districts are its four municipal districts "
    "(Chikan and Xiashan urban; Mazhang and Potou suburban) and its five counties and "
    "county-level cities (Suixi, Lianjiang, Wuchuan, Leizhou, Xuwen), each split into its "
    "county town and its rural townships. The same-day promise is on in the urban, suburban "
    "and county-town districts and off in the rural ones. Zones are sub-district and "
    "township seats; demand_weight is the rough resident population of each zone's "
    "catchment in thousands, comparable across districts. Travel minutes: great-circle "
    "distance x detour factor / road-type speed (tools/city_network.py)."
)


ZONE_ROW = {row[0]: row for row in ZONES}
ZONE_ID = {row[0]: i for i, row in enumerate(ZONES)}
DISTRICT = {name: (area, promise) for name, area, promise in DISTRICTS}


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def round_half(minutes: float) -> float:
    """Nearest 0.5 minute, ties up, at least 0.5."""
    return max(0.5, math.floor(minutes * 2 + 0.5) / 2)


def travel_min(a: str, b: str, road_type: str) -> float:
    speed, detour = ROAD_TYPES[road_type]
    (_, _, la, oa, _), (_, _, lb, ob, _) = ZONE_ROW[a], ZONE_ROW[b]
    return round_half(great_circle_km(la, oa, lb, ob) * detour / speed * 60)


def zone_table() -> list[tuple[str, str, str, float, float, int]]:
    """Rows of (name, district, area class, lat, lon, weight)."""
    return [(n, d, DISTRICT[d][0], la, lo, w) for n, d, la, lo, w in ZONES]


def validate() -> None:
    assert len(ZONE_ROW) == len(ZONES), "duplicate zone name"
    assert len(DISTRICT) == len(DISTRICTS), "duplicate district"
    for name, area, _ in DISTRICTS:
        assert area in AREAS, name
        assert any(z[1] == name for z in ZONES), f"district {name} has no zone"
    for name, district, lat, lon, weight in ZONES:
        assert district in DISTRICT, f"{name}: unknown district {district}"
        assert name.split("-")[0] == district.split("-")[0], f"{name} named off its district"
        assert 20.0 < lat < 22.2 and 109.5 < lon < 111.2, f"{name} outside Zhanjiang"
        assert weight > 0, name
    seen = set()
    for a, b, road_type, _ in ROADS:
        assert a in ZONE_ID and b in ZONE_ID and a != b, (a, b)
        assert road_type in ROAD_TYPES, road_type
        key = frozenset((a, b))
        assert key not in seen, f"road {a} - {b} listed twice"
        seen.add(key)


def build() -> dict:
    roads = []
    for a, b, road_type, _ in ROADS:
        i, j = sorted((ZONE_ID[a], ZONE_ID[b]))
        roads.append({"from": i, "to": j, "travel_min": travel_min(a, b, road_type)})
    roads.sort(key=lambda r: (r["from"], r["to"]))
    districts = []
    for name, area, promise in DISTRICTS:
        rows = [z for z in ZONES if z[1] == name]
        districts.append(
            {
                "name": name,
                "area": area,
                "promise": promise,
                "zones": [z[0] for z in rows],
                "demand_weight": [z[4] for z in rows],
            }
        )
    return {
        "description": DESCRIPTION,
        "network": {"zones": [{"name": z[0]} for z in ZONES], "roads": roads},
        "districts": districts,
    }


def render(doc: dict) -> str:
    """JSON with 2-space indent and one zone, road or district per line."""

    def dump(x: object) -> str:
        return json.dumps(x, ensure_ascii=False)

    def block(items: list, indent: str) -> str:
        return "[\n" + ",\n".join(indent + "  " + dump(x) for x in items) + "\n" + indent + "]"

    net = doc["network"]
    return (
        "{\n"
        f'  "description": {dump(doc["description"])},\n'
        '  "network": {\n'
        f'    "zones": {block(net["zones"], "    ")},\n'
        f'    "roads": {block(net["roads"], "    ")}\n'
        "  },\n"
        f'  "districts": {block(doc["districts"], "  ")}\n'
        "}\n"
    )


def shortest_from(doc: dict, source: int) -> list[float]:
    """Dijkstra over the two-way roads."""
    n = len(doc["network"]["zones"])
    adj: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    for r in doc["network"]["roads"]:
        adj[r["from"]].append((r["to"], r["travel_min"]))
        adj[r["to"]].append((r["from"], r["travel_min"]))
    dist = [math.inf] * n
    dist[source] = 0.0
    heap = [(0.0, source)]
    while heap:
        d, u = heapq.heappop(heap)
        if d > dist[u]:
            continue
        for v, w in adj[u]:
            if d + w < dist[v]:
                dist[v] = d + w
                heapq.heappush(heap, (d + w, v))
    return dist


def centre_matrix(doc: dict) -> tuple[list[str], list[list[float]]]:
    names = [d["name"] for d in doc["districts"]]
    centres = [ZONE_ID[d["zones"][0]] for d in doc["districts"]]
    rows = []
    for c in centres:
        dist = shortest_from(doc, c)
        rows.append([dist[x] for x in centres])
    return names, rows


def fmt(x: float) -> str:
    return f"{x:g}"


def summary(doc: dict) -> str:
    dist0 = shortest_from(doc, 0)
    assert all(math.isfinite(d) for d in dist0), "network is not connected"
    out = [f"{len(ZONES)} zones, {len(doc['network']['roads'])} roads, {len(DISTRICTS)} districts"]
    out.append(f"{'district':<16} {'area':<12} {'promise':<8} zones  weight")
    for d in doc["districts"]:
        out.append(
            f"{d['name']:<16} {d['area']:<12} {str(d['promise']).lower():<8} "
            f"{len(d['zones']):>5}  {sum(d['demand_weight']):>6}"
        )
    by_area = {a: sum(len(d["zones"]) for d in doc["districts"] if d["area"] == a) for a in AREAS}
    out.append("zones by area: " + ", ".join(f"{a} {n}" for a, n in by_area.items()))

    def stats(label: str, xs: list[float]) -> str:
        return (
            f"{label}: min {fmt(min(xs))}, median {fmt(statistics.median(xs))}, "
            f"max {fmt(max(xs))} min ({len(xs)})"
        )

    for road_type in ROAD_TYPES:
        xs = [travel_min(a, b, t) for a, b, t, _ in ROADS if t == road_type]
        out.append(stats(f"{road_type} roads", xs))
    names, matrix = centre_matrix(doc)
    pairs = [matrix[i][j] for i in range(len(names)) for j in range(i + 1, len(names))]
    out.append(stats("between district centres", pairs))
    city = names.index("Chikan")
    for name, minutes in zip(names, matrix[city], strict=True):
        if DISTRICT[name][0] == "county_town":
            out.append(f"  Chikan centre -> {name} centre: {fmt(minutes)} min")
    rural = []
    for d in doc["districts"]:
        if d["area"] != "rural":
            continue
        town = ZONE_ID[next(z[0] for z in ZONES if z[1] == d["name"].removesuffix("-rural"))]
        dist = shortest_from(doc, town)
        rural += [dist[ZONE_ID[z]] for z in d["zones"]]
    out.append(stats("rural township -> its county town", rural))
    return "\n".join(out)


def markdown(doc: dict) -> str:
    lines = ["| district | area | promise | zones | weight | zones (sub-districts, townships) |"]
    lines.append("|---|---|---|---:|---:|---|")
    for d in doc["districts"]:
        short = ", ".join(z.split("-", 1)[1] for z in d["zones"])
        lines.append(
            f"| {d['name']} | {d['area']} | {'yes' if d['promise'] else 'no'} | "
            f"{len(d['zones'])} | {sum(d['demand_weight'])} | {short} |"
        )
    names, matrix = centre_matrix(doc)
    lines += ["", "| from \\ to | " + " | ".join(names) + " |"]
    lines.append("|---|" + "---:|" * len(names))
    for name, row in zip(names, matrix, strict=True):
        lines.append(f"| {name} | " + " | ".join(fmt(x) for x in row) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the JSON")
    parser.add_argument("--check", action="store_true", help="fail if the JSON is out of date")
    parser.add_argument("--markdown", action="store_true", help="print the README tables")
    args = parser.parse_args()
    validate()
    doc = build()
    text = render(doc)
    assert json.loads(text) == doc
    if args.markdown:
        print(markdown(doc))
        return 0
    if args.check:
        if not args.out.exists() or args.out.read_text(encoding="utf-8") != text:
            print(f"{args.out} is out of date: run tools/city_network.py", file=sys.stderr)
            return 1
        print(f"{args.out} is up to date")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    print(summary(doc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
