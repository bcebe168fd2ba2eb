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

The same tables drive the demand of the example scenario: each order stream
(kind x area class x consumer or enterprise) draws its zone by the resident
weights of the zones of its area, at a rate per thousand residents set below,
and the technicians' home zones follow the expected work of each zone.

Writes three files next to each other in scenarios/examples/:
  city-network.json  scenario fragment: network (zones, roads) and districts
  city-demand.json   scenario fragment: orders (the streams) and technicians.home
  city-zones.csv     one row per zone: id, name, district, area, promise,
                     lat, lon, residents (thousands), orders a day, homes

Run:  python3 tools/city_network.py            writes the files, prints a summary
      python3 tools/city_network.py --check    fails if a file is out of date
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

OUT_DIR = Path(__file__).resolve().parent.parent / "scenarios" / "examples"
NETWORK_FILE = "city-network.json"
DEMAND_FILE = "city-demand.json"
ZONES_FILE = "city-zones.csv"

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
    "township seats (positions and resident weights in city-zones.csv). Travel minutes: "
    "great-circle distance x detour factor / road-type speed (tools/city_network.py)."
)


# ---------------------------------------------------------------- demand
#
# Orders a day per thousand residents of a zone's catchment, by area class:
# (install, repair).  With the resident weights above they give about 1,520
# orders a day (555 installs, 970 repairs; 31 of them enterprise circuits).
# Consumer orders (broadband and IPTV of public, VIP and campus customers) are
# rarer per resident outside the city: broadband take-up is lower in the
# county towns and lower still in the villages, where many registered
# residents work away; the rates fall from 1.0 (urban) to 0.8 (county towns),
# 0.7 (suburbs) and 0.33-0.36 (rural).  1,490 consumer orders a day on about
# 2 million households is about 0.35 faults per line and year on some
# 1 million lines, and 200,000 installs (new lines and moves) a year.
CONSUMER_RATE: dict[str, tuple[float, float]] = {
    "urban": (0.15, 0.25),
    "county_town": (0.12, 0.20),
    "suburban": (0.105, 0.175),
    "rural": (0.05, 0.09),
}
# Enterprise circuits (private lines) sit where the firms are: the city proper,
# the port and the steel works (suburbs), the county towns; few in the
# villages.  About 30 orders a day, 2 % of all.
ENTERPRISE_RATE: dict[str, tuple[float, float]] = {
    "urban": (0.003, 0.012),
    "county_town": (0.0015, 0.006),
    "suburban": (0.0015, 0.006),
    "rural": (0.0002, 0.0008),
}
# Products of consumer orders: FTTH broadband, and IPTV-HD (a large share in
# Guangdong, often bundled).  Enterprise orders are enterprise circuits.
CONSUMER_PRODUCTS = {"broadband": 0.7, "iptv": 0.3}
# Customer classes of consumer orders by area: VIP customers (high-spending
# households, village and shop heads) and campus customers (universities and
# colleges in the city proper and Mazhang: Lingnan Normal, Guangdong Ocean,
# Guangdong Medical; vocational schools in the county towns; none rural).
CONSUMER_CLASSES: dict[str, dict[str, float]] = {
    "urban": {"public": 0.89, "vip": 0.06, "campus": 0.05},
    "county_town": {"public": 0.93, "vip": 0.05, "campus": 0.02},
    "suburban": {"public": 0.90, "vip": 0.04, "campus": 0.06},
    "rural": {"public": 0.98, "vip": 0.02},
}
# Enterprise SLA tiers of seed 004, most circuits on the cheaper tiers.
ENTERPRISE_CLASSES = {
    "AAA": 0.02, "AA": 0.05, "A": 0.13,
    "maint_I": 0.05, "maint_II": 0.10, "maint_III": 0.15, "quality": 0.50,
}
# Hour of entry (relative weight of each hour 00-01 .. 23-24).  Consumer
# repairs come all day with an evening peak (19-21 h: people are home and
# watch IPTV); installs are entered 08:00-20:00 in business halls, by agents
# and online, peaking mid-morning and mid-afternoon.  Enterprise faults come
# round the clock, most in office hours; enterprise installs in office hours.
CONSUMER_REPAIR_PROFILE = [
    1.0, 0.6, 0.4, 0.3, 0.3, 0.4, 0.8, 2.0, 4.0, 5.5, 6.0, 5.5,
    5.0, 4.8, 5.0, 5.2, 5.5, 6.0, 6.8, 7.8, 8.5, 7.5, 5.0, 2.5,
]
CONSUMER_INSTALL_PROFILE = [
    0, 0, 0, 0, 0, 0, 0, 0, 4, 7, 8, 7,
    5, 6, 7, 7, 6, 5, 4, 3, 0, 0, 0, 0,
]
ENTERPRISE_REPAIR_PROFILE = [
    1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.5, 3.0, 5.0, 6.0, 6.0, 5.0,
    4.5, 5.0, 5.5, 5.5, 5.0, 4.0, 3.0, 2.5, 2.0, 1.5, 1.2, 1.0,
]
ENTERPRISE_INSTALL_PROFILE = [0] * 8 + [1] * 10 + [0] * 6
# On-site work, minutes (lognormal mean, sd): the reference model's install
# and repair times for consumers; an enterprise circuit takes longer (tests
# with the customer's equipment, the carrier's network operations centre).
WORK_MIN: dict[tuple[str, str], tuple[float, float]] = {
    ("consumer", "install"): (80, 30),
    ("consumer", "repair"): (45, 20),
    ("enterprise", "install"): (120, 45),
    ("enterprise", "repair"): (70, 35),
}
# The technicians' home list: technician k starts every day in zone
# HOMES[k mod len(HOMES)].  Zones get homes in proportion to their expected
# on-site work a day, handed out one at a time by the Sainte-Lague rule, so
# that the first n entries are proportional for every n: a scenario may set
# any count up to HOME_LIST_LENGTH and keep the proportions.
HOME_LIST_LENGTH = 400
KINDS = ("install", "repair")

DEMAND_DESCRIPTION = (
    "Demand of the example branch (Zhanjiang), written by tools/city_network.py: one Poisson "
    "stream per kind x area class x segment group (consumer: broadband / IPTV of public, VIP "
    "and campus customers; enterprise: enterprise circuits of the seed-004 tiers), zones drawn "
    "by resident weights within the area, rates per thousand residents by area; technicians' "
    "home zones in proportion to each zone's expected on-site work."
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
            }
        )
    return {
        "description": DESCRIPTION,
        "network": {"zones": [{"name": z[0]} for z in ZONES], "roads": roads},
        "districts": districts,
    }


def dump(x: object) -> str:
    return json.dumps(x, ensure_ascii=False)


def block(items: list, indent: str) -> str:
    """A JSON array with one item per line."""
    return "[\n" + ",\n".join(indent + "  " + dump(x) for x in items) + "\n" + indent + "]"


def render(doc: dict) -> str:
    """JSON with 2-space indent and one zone, road or district per line."""

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



def area_of_zone(name: str) -> str:
    return DISTRICT[ZONE_ROW[name][1]][0]


def district_weight(district: str) -> int:
    """Residents of a district, thousands."""
    return sum(z[4] for z in ZONES if z[1] == district)


def stream_area(stream: dict) -> str:
    """The area class of a stream (its zones are all of one area)."""
    return area_of_zone(ZONES[next(i for i, w in enumerate(stream["zones"]) if w > 0)][0])


def streams() -> list[dict]:
    """The order streams: per group (consumer, enterprise), kind and area class."""
    out = []
    for group, rates in (("consumer", CONSUMER_RATE), ("enterprise", ENTERPRISE_RATE)):
        for k, kind in enumerate(KINDS):
            for area in AREAS:
                weights = [w if area_of_zone(n) == area else 0 for n, _, _, _, w in ZONES]
                per_day = round(rates[area][k] * sum(weights), 1)
                if per_day <= 0:
                    continue
                if group == "consumer":
                    profile = (CONSUMER_INSTALL_PROFILE if kind == "install"
                               else CONSUMER_REPAIR_PROFILE)
                    product: object = CONSUMER_PRODUCTS
                    classes: object = CONSUMER_CLASSES[area]
                else:
                    profile = (ENTERPRISE_INSTALL_PROFILE if kind == "install"
                               else ENTERPRISE_REPAIR_PROFILE)
                    product, classes = "enterprise_circuit", ENTERPRISE_CLASSES
                mean, sd = WORK_MIN[(group, kind)]
                out.append({
                    "kind": kind,
                    "per_day": per_day,
                    "profile": profile,
                    "zones": weights,
                    "product": product,
                    "class": classes,
                    "work_time": {"dist": "lognormal", "mean_min": mean, "sd_min": sd},
                })
    return out


def zone_rates(stream_list: list[dict]) -> tuple[list[float], list[float]]:
    """Expected orders and on-site minutes a day per zone."""
    orders = [0.0] * len(ZONES)
    work = [0.0] * len(ZONES)
    for st in stream_list:
        total = sum(st["zones"])
        for z, w in enumerate(st["zones"]):
            n = st["per_day"] * w / total
            orders[z] += n
            work[z] += n * st["work_time"]["mean_min"]
    return orders, work


def homes(work: list[float], length: int = HOME_LIST_LENGTH) -> list[int]:
    """Home zones by the Sainte-Lague rule: every prefix about proportional to `work`."""
    count = [0] * len(work)
    out = []
    for _ in range(length):
        z = max(range(len(work)), key=lambda i: (work[i] / (2 * count[i] + 1), -i))
        count[z] += 1
        out.append(z)
    return out


def build_demand() -> dict:
    stream_list = streams()
    _, work = zone_rates(stream_list)
    return {
        "description": DEMAND_DESCRIPTION,
        "orders": stream_list,
        "technicians": {"home": homes(work)},
    }


def render_demand(doc: dict) -> str:
    """JSON with one stream key per line and the home list 20 ids a line."""
    lines = ["{", f'  "description": {dump(doc["description"])},', '  "orders": [']
    rendered = []
    for st in doc["orders"]:
        keys = list(st)
        body = ",\n".join(f"      {dump(k)}: {dump(st[k])}" for k in keys)
        rendered.append("    {\n" + body + "\n    }")
    lines.append(",\n".join(rendered))
    lines.append("  ],")
    home = doc["technicians"]["home"]
    rows = [", ".join(str(z) for z in home[i:i + 20]) for i in range(0, len(home), 20)]
    lines.append('  "technicians": {')
    lines.append('    "home": [')
    lines.append(",\n".join("      " + r for r in rows))
    lines.append("    ]")
    lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_zones_csv(demand: dict) -> str:
    """One row per zone, with its position and its expected orders a day."""
    orders, _ = zone_rates(demand["orders"])
    rows = ["zone,name,district,area,promise,lat,lon,residents_k,orders_per_day"]
    for z, (name, district, lat, lon, weight) in enumerate(ZONES):
        area, promise = DISTRICT[district]
        rows.append(f"{z},{name},{district},{area},{str(promise).lower()},{lat:.3f},{lon:.3f},"
                    f"{weight},{orders[z]:.2f}")
    return "\n".join(rows) + "\n"


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
            f"{len(d['zones']):>5}  {district_weight(d['name']):>6}"
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


def demand_summary(demand: dict, technicians: int = 200) -> str:
    """Orders a day by area and kind, and homes per district for a count."""
    out = ["orders a day by area (install + repair; enterprise in brackets)"]
    total = {kind: 0.0 for kind in KINDS}
    for area in AREAS:
        cells = []
        for kind in KINDS:
            here = [st for st in demand["orders"] if st["kind"] == kind and stream_area(st) == area]
            all_ = sum(st["per_day"] for st in here)
            ent = sum(st["per_day"] for st in here if st["product"] == "enterprise_circuit")
            total[kind] += all_
            cells.append(f"{all_:7.1f} ({ent:.1f})")
        out.append(f"  {area:<12} " + " + ".join(cells))
    out.append(f"  {'total':<12} {total['install']:7.1f} + {total['repair']:7.1f} = "
               f"{sum(total.values()):.1f}")
    orders, work = zone_rates(demand["orders"])
    home = demand["technicians"]["home"][:technicians]
    out.append(f"per district: orders a day, on-site hours a day, homes of the first {technicians}")
    for name, _, _ in DISTRICTS:
        zs = [ZONE_ID[z[0]] for z in ZONES if z[1] == name]
        out.append(f"  {name:<16} {sum(orders[z] for z in zs):7.1f} "
                   f"{sum(work[z] for z in zs) / 60:7.1f} {sum(home.count(z) for z in zs):5d}")
    return "\n".join(out)


def markdown(doc: dict) -> str:
    lines = ["| district | area | promise | zones | weight | zones (sub-districts, townships) |"]
    lines.append("|---|---|---|---:|---:|---|")
    for d in doc["districts"]:
        short = ", ".join(z.split("-", 1)[1] for z in d["zones"])
        lines.append(
            f"| {d['name']} | {d['area']} | {'yes' if d['promise'] else 'no'} | "
            f"{len(d['zones'])} | {district_weight(d['name'])} | {short} |"
        )
    names, matrix = centre_matrix(doc)
    lines += ["", "| from \\ to | " + " | ".join(names) + " |"]
    lines.append("|---|" + "---:|" * len(names))
    for name, row in zip(names, matrix, strict=True):
        lines.append(f"| {name} | " + " | ".join(fmt(x) for x in row) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR, help="where to write the files")
    parser.add_argument("--check", action="store_true", help="fail if a file is out of date")
    parser.add_argument("--markdown", action="store_true", help="print the README tables")
    args = parser.parse_args()
    validate()
    doc = build()
    demand = build_demand()
    texts = {
        NETWORK_FILE: render(doc),
        DEMAND_FILE: render_demand(demand),
        ZONES_FILE: render_zones_csv(demand),
    }
    assert json.loads(texts[NETWORK_FILE]) == doc
    assert json.loads(texts[DEMAND_FILE]) == demand
    if args.markdown:
        print(markdown(doc))
        return 0
    if args.check:
        stale = [name for name, text in texts.items()
                 if not (args.out_dir / name).exists()
                 or (args.out_dir / name).read_text(encoding="utf-8") != text]
        for name in stale:
            print(f"{args.out_dir / name} is out of date: run tools/city_network.py",
                  file=sys.stderr)
        if stale:
            return 1
        print(f"{', '.join(texts)} in {args.out_dir} are up to date")
        return 0
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (args.out_dir / name).write_text(text, encoding="utf-8")
        print(f"wrote {args.out_dir / name}")
    print(summary(doc))
    print(demand_summary(demand))
    return 0

if __name__ == "__main__":
    sys.exit(main())
