"""Independent SimPy implementation of the reference model ("refcity").

This module implements shared/bench/reference-model.md with SimPy 4 and
nothing from fieldsim. It has two uses:

* cross-validation: the mean of each output over replications must agree,
  up to sampling noise, with fieldsim's results for the same model;
* speed peer: it is the plain discrete-event implementation that fieldsim's
  benchmarks are timed against.

Time is continuous, in minutes from 00:00 of day 0. Orders arrive on days
0 .. days-1; the run then drains, day after day with the same shifts, until
every order has been finished.

Usage:
    python benchmarks/peers/refcity_simpy.py --days 30 --technicians 130 \
        --rate-scale 1 --premium 20 --seed 1 --replications 5 [--pool scan|indexed] [--json OUT]

Waiting orders are kept in one list searched whole at every look, as an
analyst writes such a model; --pool indexed keeps them in a heap per kind and
zone instead, a tuned variant with the same results in about a third of the
time.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import heapq
import json
import math
import random
import sys
import time
from dataclasses import asdict, dataclass

import simpy

MINUTES_PER_DAY = 1440.0

# Kind indices; they index Params.kinds and every per-kind table.
INSTALL = 0
REPAIR = 1

# Technician states.
OFF = "off"
IDLE = "idle"
BUSY = "busy"


@dataclass(frozen=True)
class Kind:
    """One order stream: when it arrives, how long its work takes, what it pays."""

    name: str
    per_day: float  # expected orders per day at F_d = 1 and rate_scale = 1
    window_open: float  # arrivals only in [window_open, window_close), minutes after midnight
    window_close: float
    work_mean: float  # lognormal on-site work time, minutes
    work_sd: float
    piece_rate_cny: float


@dataclass(frozen=True)
class Params:
    """Every number of the reference model; the defaults are the spec's."""

    days: int = 30
    technicians: int = 130
    rate_scale: float = 1.0  # multiplies every order stream's rate
    premium: float = 20.0  # CNY per order whose on-site work starts at or after 18:00
    install: Kind = Kind("install", 350.0, 480.0, 1200.0, 80.0, 30.0, 60.0)
    repair: Kind = Kind("repair", 500.0, 0.0, 1440.0, 45.0, 20.0, 40.0)
    grid_size: int = 8  # zones form a grid_size x grid_size grid
    road_min: float = 6.0  # travel time between adjacent zones
    demand_mean: float = 1.0  # daily demand factor F_d is lognormal
    demand_sd: float = 0.2
    promise_cutoff: float = 960.0  # 16:00: entered before it, due at 24:00 the same day
    shift_start: float = 480.0  # 08:00
    shift_end: float = 1080.0  # 18:00: also the evening decision, premium and overtime threshold
    evening_end: float = 1260.0  # 21:00
    evening_base_p: float = 0.3
    evening_premium_p: float = 0.5
    premium_saturation: float = 30.0  # premium at which evening willingness stops rising
    late_install_cny: float = 20.0
    late_repair_cny_per_day: float = 10.0
    late_repair_cap_cny: float = 100.0
    # How waiting orders are kept: "scan" (one list, searched whole at every
    # look, as an analyst writes a first model) or "indexed" (a heap per kind
    # and zone, zones visited nearest first: a tuned variant). Same results,
    # other speed.
    pool: str = "scan"

    @property
    def kinds(self) -> tuple[Kind, Kind]:
        return (self.install, self.repair)

    @property
    def evening_probability(self) -> float:
        return self.evening_base_p + self.evening_premium_p * min(
            1.0, self.premium / self.premium_saturation
        )


@dataclass(slots=True, eq=False)
class Order:
    """A waiting or running order; its work time is drawn when it enters."""

    id: int
    kind: int
    zone: int
    entry: float
    due: float
    work: float


@dataclass(slots=True, eq=False)
class Technician:
    """State the dispatcher needs; the job sequence itself is a SimPy process."""

    id: int
    home: int
    zone: int
    wake: simpy.Event  # succeeds with (order, travel) when the technician is given a job
    state: str = OFF
    shift_end: float = 0.0
    home_after_job: bool = False  # a new day began while on a job: resume from home


@dataclass(slots=True)
class Totals:
    """Running sums over finished orders, per kind where the output is per kind."""

    orders: list[int]
    late: list[int]
    tat_sum: list[float]
    compensation: float = 0.0
    piece_pay: float = 0.0
    premium_orders: int = 0
    overtime: float = 0.0


def lognormal_params(mean: float, sd: float) -> tuple[float, float]:
    """(mu, sigma) of the lognormal with this mean and sd, as the spec defines them."""
    sigma2 = math.log(1.0 + (sd / mean) ** 2)
    return math.log(mean) - sigma2 / 2.0, math.sqrt(sigma2)


def day_start(t: float) -> float:
    """00:00 of the day containing t."""
    return (t // MINUTES_PER_DAY) * MINUTES_PER_DAY


class IndexedPool:
    """Waiting orders in one heap per (kind, zone), ordered by dispatch
    priority (deadline, entry, id). All orders of one heap are equally
    startable, so only the heads of the heaps within reach compete, and zones
    are visited nearest first so a look stops at the first one out of reach."""

    def __init__(self, params: Params, zones: int, travel) -> None:
        self.kinds = params.kinds
        self.heaps = [[[] for _ in range(zones)] for _ in params.kinds]
        self.waiting = [0 for _ in params.kinds]
        self.rings = [sorted((travel(a, b), b) for b in range(zones)) for a in range(zones)]

    def __bool__(self) -> bool:
        return any(self.waiting)

    def add(self, order: Order) -> None:
        heapq.heappush(self.heaps[order.kind][order.zone], (order.due, order.entry, order.id, order))
        self.waiting[order.kind] += 1

    def take(self, zone: int, time_left: float):
        """The earliest (deadline, arrival, id) among the orders that can be
        reached and done at mean work time within `time_left`; (order, travel)."""
        best = None
        for kind, spec in enumerate(self.kinds):
            if not self.waiting[kind]:
                continue
            max_travel = time_left - spec.work_mean
            heaps = self.heaps[kind]
            for travel, other in self.rings[zone]:
                if travel > max_travel:
                    break
                heap = heaps[other]
                if heap and (best is None or heap[0] < best[0]):
                    best = (heap[0], heap, travel)
        if best is None:
            return None
        head, heap, travel = best
        heapq.heappop(heap)
        order = head[-1]
        self.waiting[order.kind] -= 1
        return order, travel


class ScanPool:
    """Waiting orders in one list, searched whole at every look."""

    def __init__(self, params: Params, zones: int, travel) -> None:
        self.work_mean = [k.work_mean for k in params.kinds]
        self.travel = travel
        self.orders: list[Order] = []

    def __bool__(self) -> bool:
        return bool(self.orders)

    def add(self, order: Order) -> None:
        self.orders.append(order)

    def take(self, zone: int, time_left: float):
        """As IndexedPool.take."""
        startable = [o for o in self.orders
                     if self.travel(zone, o.zone) + self.work_mean[o.kind] <= time_left]
        if not startable:
            return None
        order = min(startable, key=lambda o: (o.due, o.entry, o.id))
        self.orders.remove(order)
        return order, self.travel(zone, order.zone)


class RefCity:
    """One replication of the model: state, event handlers and SimPy processes."""

    def __init__(self, env: simpy.Environment, params: Params, seed: int):
        if params.technicians < 1:
            raise ValueError("the drain only ends with at least one technician")
        self.env = env
        self.p = params
        # Separate streams keep demand identical across staffing and premium
        # scenarios run with the same seed (common random numbers).
        self.kind_rng = [random.Random(f"{seed}:{k.name}") for k in params.kinds]
        self.evening_rng = random.Random(f"{seed}:evening")
        demand_rng = random.Random(f"{seed}:demand")
        mu, sigma = lognormal_params(params.demand_mean, params.demand_sd)
        self.demand = [demand_rng.lognormvariate(mu, sigma) for _ in range(params.days)]
        self.work_law = [lognormal_params(k.work_mean, k.work_sd) for k in params.kinds]
        self.zones = params.grid_size**2
        pools = {"indexed": IndexedPool, "scan": ScanPool}
        if params.pool not in pools:
            raise ValueError(f"pool must be one of {sorted(pools)}, got {params.pool!r}")
        self.pool = pools[params.pool](params, self.zones, self.travel)
        # Ids of idle, on-shift technicians that could still start a job,
        # ascending: the ones that look when an order arrives.
        self.idle: list[int] = []
        self.shortest_work = min(k.work_mean for k in params.kinds)
        self.techs = [
            Technician(k, k % self.zones, k % self.zones, env.event())
            for k in range(params.technicians)
        ]
        self.totals = Totals([0, 0], [0, 0], [0.0, 0.0])
        self.next_order_id = 0
        self.unfinished = 0
        self.open_streams = len(params.kinds)
        self.done = env.event()

    # ----- space -------------------------------------------------------------

    def travel(self, a: int, b: int) -> float:
        """Shortest-path travel time on the grid; 0 within a zone."""
        n = self.p.grid_size
        return self.p.road_min * (abs(a // n - b // n) + abs(a % n - b % n))

    # ----- processes ---------------------------------------------------------

    def start(self) -> None:
        """Register the arrival streams, the shift clock and the technicians."""
        for kind in range(len(self.p.kinds)):
            self.env.process(self.arrivals(kind))
        self.env.process(self.clock())
        for tech in self.techs:
            self.env.process(self.technician(tech))

    def arrivals(self, kind: int):
        """Poisson arrivals of one kind, day by day. The rate is constant within
        a day's window, so restarting the exponential clock at each window
        start is exact (memorylessness)."""
        spec = self.p.kinds[kind]
        rng = self.kind_rng[kind]
        for day in range(self.p.days):
            window = spec.window_close - spec.window_open
            rate = spec.per_day / window * self.demand[day] * self.p.rate_scale
            t = day * MINUTES_PER_DAY + spec.window_open
            close = day * MINUTES_PER_DAY + spec.window_close
            while True:
                t += rng.expovariate(rate)
                if t >= close:
                    break
                yield self.env.timeout(t - self.env.now)
                self.order_arrives(kind)
        self.open_streams -= 1
        self.check_done()

    def clock(self):
        """The daily shift events, every day until the drain is over."""
        p = self.p
        day = 0
        while True:
            base = day * MINUTES_PER_DAY
            yield self.env.timeout(base + p.shift_start - self.env.now)
            self.begin_day(base)
            yield self.env.timeout(base + p.shift_end - self.env.now)
            self.decide_evening(base)
            yield self.env.timeout(base + p.evening_end - self.env.now)
            self.end_evening()
            day += 1

    def technician(self, tech: Technician):
        """Wait to be given a job, then work jobs back to back while any fits."""
        while True:
            choice = yield tech.wake
            while choice is not None:
                yield from self.serve(tech, *choice)
                choice = self.after_job(tech)

    def serve(self, tech: Technician, order: Order, travel: float):
        """Travel to the order's zone, then do the on-site work."""
        started = self.env.now
        yield self.env.timeout(travel)
        on_site = self.env.now
        tech.zone = order.zone
        yield self.env.timeout(order.work)
        self.record(order, started, on_site, self.env.now)

    # ----- event handlers ----------------------------------------------------

    def order_arrives(self, kind: int) -> None:
        """A new order joins the pool, and idle technicians get a look at it."""
        now = self.env.now
        mu, sigma = self.work_law[kind]
        rng = self.kind_rng[kind]
        zone = rng.randrange(self.zones)
        order = Order(self.next_order_id, kind, zone, now, self.due(kind, now),
                      rng.lognormvariate(mu, sigma))
        self.next_order_id += 1
        self.unfinished += 1
        self.totals.orders[kind] += 1
        self.pool.add(order)
        self.offer_to_idle()

    def begin_day(self, base: float) -> None:
        """08:00: every technician is on shift from its home zone; a busy one
        moves home once its job ends."""
        for tech in self.techs:
            tech.shift_end = base + self.p.shift_end
            if tech.state == BUSY:
                tech.home_after_job = True
            else:
                tech.zone = tech.home
                tech.state = IDLE
        self.collect_idle()
        self.offer_to_idle()

    def decide_evening(self, base: float) -> None:
        """18:00: every technician, busy or not, draws in id order whether it
        works the evening; idle evening workers then look at the pool, the
        other idle technicians go home."""
        prob = self.p.evening_probability
        for tech in self.techs:
            if self.evening_rng.random() < prob:
                tech.shift_end = base + self.p.evening_end
            elif tech.state == IDLE:
                tech.state = OFF
        self.collect_idle()
        self.offer_to_idle()

    def end_evening(self) -> None:
        """21:00: the evening shift is over; idle technicians go home."""
        for tech in self.techs:
            if tech.state == IDLE:
                tech.state = OFF
        self.idle = []

    def after_job(self, tech: Technician):
        """A finished technician looks at the pool if still on shift, else goes
        home. Returns the next (order, travel), or None."""
        if tech.home_after_job:
            tech.zone = tech.home
            tech.home_after_job = False
        if self.env.now < tech.shift_end:
            choice = self.look(tech)
            if choice is not None:
                return choice
            tech.state = IDLE
            if self.may_still_start(tech):
                bisect.insort(self.idle, tech.id)
        else:
            tech.state = OFF
        tech.wake = self.env.event()
        return None

    def collect_idle(self) -> None:
        """Rebuild the looking list after a shift change."""
        self.idle = [t.id for t in self.techs if t.state == IDLE and self.may_still_start(t)]

    def may_still_start(self, tech: Technician) -> bool:
        """False once even the shortest mean job in the technician's own zone
        would overrun its shift. Such a technician waits idle for its shift end
        without looking: time only moves on, so no look could succeed before
        the next shift change, when the looking list is rebuilt."""
        return self.env.now + self.shortest_work <= tech.shift_end

    # ----- dispatch ----------------------------------------------------------

    def offer_to_idle(self) -> None:
        """Idle, on-shift technicians look at the pool, lowest id first."""
        for tech_id in tuple(self.idle):
            if not self.pool:
                return
            tech = self.techs[tech_id]
            choice = self.look(tech)
            if choice is not None:
                self.idle.remove(tech_id)
                tech.state = BUSY
                tech.wake.succeed(choice)
            elif not self.may_still_start(tech):
                self.idle.remove(tech_id)

    def look(self, tech: Technician):
        """The order the technician takes now, as (order, travel), or None."""
        return self.pool.take(tech.zone, tech.shift_end - self.env.now)

    # ----- rules and statistics ---------------------------------------------

    def due(self, kind: int, entry: float) -> float:
        """The same-day promise: before 16:00, 24:00 today; later, 24:00
        tomorrow for an install and entry + 24 h for a repair."""
        midnight = day_start(entry)
        if entry - midnight < self.p.promise_cutoff:
            return midnight + MINUTES_PER_DAY
        if kind == INSTALL:
            return midnight + 2 * MINUTES_PER_DAY
        return entry + MINUTES_PER_DAY

    def compensation(self, order: Order, finish: float) -> float:
        """CNY owed for a late order: flat for installs, per started day late
        (capped) for repairs."""
        if order.kind == INSTALL:
            return self.p.late_install_cny
        days_late = math.ceil((finish - order.due) / MINUTES_PER_DAY)
        return min(self.p.late_repair_cap_cny, self.p.late_repair_cny_per_day * days_late)

    def record(self, order: Order, started: float, on_site: float, finish: float) -> None:
        """Add a finished order to the outputs. Overtime counts the job's
        travel and work after 18:00 of the day the technician set off."""
        totals = self.totals
        kind = order.kind
        totals.tat_sum[kind] += finish - order.entry
        totals.piece_pay += self.p.kinds[kind].piece_rate_cny
        if finish > order.due:
            totals.late[kind] += 1
            totals.compensation += self.compensation(order, finish)
        if on_site - day_start(on_site) >= self.p.shift_end:
            totals.premium_orders += 1
        overtime_from = max(started, day_start(started) + self.p.shift_end)
        totals.overtime += max(0.0, finish - overtime_from)
        self.unfinished -= 1
        self.check_done()

    def check_done(self) -> None:
        """The run ends when no arrivals remain and every order is finished."""
        if self.open_streams == 0 and self.unfinished == 0:
            self.done.succeed()

    def outputs(self) -> dict:
        """The spec's outputs, over all orders (all have finished by now)."""
        t = self.totals
        n_i, n_r = t.orders
        return {
            "orders_install": n_i,
            "orders_repair": n_r,
            "late_install": t.late[INSTALL],
            "late_repair": t.late[REPAIR],
            "breach_rate_install": ratio(t.late[INSTALL], n_i),
            "breach_rate_repair": ratio(t.late[REPAIR], n_r),
            "compensation_cny": t.compensation,
            "piece_pay_cny": t.piece_pay,
            "premium_pay_cny": self.p.premium * t.premium_orders,
            "mean_tat_install_min": ratio(t.tat_sum[INSTALL], n_i),
            "mean_tat_repair_min": ratio(t.tat_sum[REPAIR], n_r),
            "overtime_min": t.overtime,
        }


def ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def run_replication(days: int = 30, technicians: int = 130, rate_scale: float = 1.0,
                    premium: float = 20.0, seed: int = 0, pool: str = "scan") -> dict:
    """Simulate one replication until the drain is over and return its outputs."""
    params = Params(days=days, technicians=technicians, rate_scale=float(rate_scale),
                    premium=float(premium), pool=pool)
    env = simpy.Environment()
    model = RefCity(env, params, seed)
    model.start()
    env.run(until=model.done)
    return model.outputs()


def replication_seed(seed: int, replication: int) -> int:
    """A hash of (seed, replication): replications are independent, reproducible
    and do not overlap between neighbouring base seeds."""
    digest = hashlib.sha256(f"{seed}/{replication}".encode()).digest()
    return int.from_bytes(digest[:8], "little")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="SimPy implementation of the refcity reference model "
                    "(shared/bench/reference-model.md).")
    parser.add_argument("--days", type=int, default=30, help="days with arrivals (default 30)")
    parser.add_argument("--technicians", type=int, default=130, help="default 130")
    parser.add_argument("--rate-scale", type=float, default=1.0,
                        help="multiplier of both order rates (default 1)")
    parser.add_argument("--premium", type=float, default=20.0,
                        help="evening premium, CNY per order (default 20)")
    parser.add_argument("--seed", type=int, default=0, help="base seed (default 0)")
    parser.add_argument("--replications", type=int, default=1, help="default 1")
    parser.add_argument("--pool", choices=("scan", "indexed"), default="scan",
                        help="how waiting orders are searched: one list scanned whole, or a "
                             "heap per kind and zone (same results; default scan)")
    parser.add_argument("--json", metavar="OUT", help="write params and per-replication outputs here")
    return parser.parse_args(argv)


def format_line(replication: int, result: dict) -> str:
    fields = " ".join(
        f"{key}={value:.6g}" if isinstance(value, float) else f"{key}={value}"
        for key, value in result.items() if key != "wall_s"
    )
    return f"rep {replication} wall_s={result['wall_s']:.3f} {fields}"


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    results = []
    for r in range(args.replications):
        t0 = time.perf_counter()
        out = run_replication(args.days, args.technicians, args.rate_scale, args.premium,
                              replication_seed(args.seed, r), args.pool)
        out["wall_s"] = time.perf_counter() - t0
        results.append(out)
        print(format_line(r, out), flush=True)
    if args.json:
        params = asdict(Params(days=args.days, technicians=args.technicians,
                               rate_scale=args.rate_scale, premium=args.premium, pool=args.pool))
        params.update(seed=args.seed, replications=args.replications)
        with open(args.json, "w") as f:
            json.dump({"params": params, "replications": results}, f, indent=2)


if __name__ == "__main__":
    main(sys.argv[1:])
