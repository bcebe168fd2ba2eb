"""fieldsim report: one self-contained HTML file, checked in a real headless browser."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TINY, Cli

import fieldsim
from fieldsim import report

IMAGE = re.compile(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"')
CHROMIUM = next((shutil.which(name) for name in ("chromium", "chromium-browser")
                 if shutil.which(name)), None)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    done = subprocess.run(
        [sys.executable, "-m", "fieldsim", "report", str(TINY), "-n", "3", "-t", "2", "-o", str(out),
         "--set", "technicians.count=80",  # late orders, so compensation by week
         "--sweep", "technicians.count=80,120"], capture_output=True, text=True, timeout=300,
        check=False)
    assert done.returncode == 0, done.stderr
    return out


def test_every_section_and_figure_is_in_the_file(page: Path) -> None:
    text = page.read_text()
    for key, title in report.SECTIONS:
        assert f'<section id="{key}"><h2>{title}</h2>' in text, key
    images = IMAGE.findall(text)
    assert len(images) == 5  # breakdown, causes, cash, two sweep outputs
    for data in images:
        assert base64.b64decode(data).startswith(b"\x89PNG")


def test_compensation_by_week_is_all_of_it_by_week_of_payment(tiny: fieldsim.Scenario) -> None:
    # With one drain day orders are left open: they are paid too (booked on the
    # last day), so the weeks add up to the run's compensation.
    run = fieldsim.run(tiny.with_({"technicians.count": 80, "horizon.max_drain_days": 1}),
                       replications=2, seed=1, progress=False)
    assert run.summary.at["orders_unfinished", "mean"] > 0
    html_text = report._cash_section(run)
    weeks = re.findall(r"<tr><td class=text>(W\d\d|\d{4}-W\d\d)</td><td>([\d,]+)</td></tr>",
                       html_text)
    assert weeks and [w for w, _ in weeks] == sorted(w for w, _ in weeks)
    total = sum(float(cny.replace(",", "")) for _, cny in weeks)
    assert total == pytest.approx(run.summary.at["compensation_cny", "mean"], abs=len(weeks))


def test_the_file_needs_no_network(page: Path) -> None:
    text = page.read_text()
    assert not re.search(r'(src|href)\s*=\s*"(?!data:)', text)
    assert "http://" not in text and "https://" not in text


def test_report_refuses_a_missing_directory(cli: Cli) -> None:
    done = cli("report", TINY, "-o", "nowhere/report.html")
    assert done.returncode == 2 and "does not exist" in done.stderr


# Added to a copy of the page: records script errors and whether every image
# decoded, for --dump-dom to show.
_CHECK = """<script>
const errors = [];
window.addEventListener("error", e => errors.push(String(e.message)));
window.addEventListener("load", () => {
  const images = [...document.images];
  const drawn = images.filter(i => i.complete && i.naturalWidth > 0).length;
  document.body.setAttribute("data-check", `images ${drawn}/${images.length} errors ${errors.length}`);
});
</script>"""


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)")
def test_the_page_renders_in_a_headless_browser(page: Path, tmp_path: Path) -> None:
    checked = tmp_path / "checked.html"
    checked.write_text(page.read_text().replace("<head>", "<head>" + _CHECK, 1))
    flags = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--enable-logging=stderr", "--v=0"]
    dom = subprocess.run([*flags, "--dump-dom", checked.as_uri()], capture_output=True, text=True,
                         timeout=120, check=False)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert 'data-check="images 5/5 errors 0"' in dom.stdout
    console = [line for line in dom.stderr.splitlines() if "CONSOLE" in line]
    assert not console, console
    shot = tmp_path / "report.png"  # kept by pytest for a look
    subprocess.run([*flags, "--window-size=1200,3000", f"--screenshot={shot}", page.as_uri()],
                   capture_output=True, text=True, timeout=120, check=False)
    assert shot.exists() and shot.stat().st_size > 10_000
