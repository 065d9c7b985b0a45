"""The Dagster UI as a person uses it: `kinerja ui` on a free port, serving the published
baseline (the shipped quarter refreshed once, its run history kept), driven by headless
Chromium through the lineage graph and a mart's page; and the same facts through the UI's
GraphQL endpoint (lineage, partitions)."""

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, SHIPPED_QUARTER
from test_ui import KINERJA, alive, free_port

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1600,1400",
]
START_SECONDS = 240  # the UI answers in ~10 s on a quiet machine; much longer while the suite runs
PAGE_SECONDS = 60
MART = ("marts", "mart_sampling_tms_summary")
LOCATION = "orchestration.definitions"


@dataclass
class UI:
    url: str
    log: Path

    def graphql(self, query: str, **variables) -> dict:
        request = urllib.request.Request(
            f"{self.url}/graphql",
            data=json.dumps({"query": query, "variables": variables}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.load(response)
        assert not answer.get("errors"), answer["errors"]
        return answer["data"]


def asset_nodes(ui: UI) -> list[dict]:
    return ui.graphql("{ assetNodes { assetKey { path } dependencyKeys { path } } }")["assetNodes"]


@pytest.fixture(scope="module")
def ui(published_baseline, tmp_path_factory):
    """`kinerja ui` on a copy of the baseline (its submissions, data and run history), so nothing
    the UI's daemon does can touch the session's baseline."""
    root = tmp_path_factory.mktemp("ui")
    for part in ("submissions", "data", "dagster_home"):
        shutil.copytree(published_baseline.root / part, root / part)
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p),
        "DAGSTER_HOME": str(root / "dagster_home"),
        "KINERJA_SUBMISSIONS_DIR": str(root / "submissions"),
        "KINERJA_DATA_DIR": str(root / "data"),
        "KINERJA_WORKING_DB": str(root / "data" / "working.duckdb"),
        "KINERJA_WAREHOUSE_DB": str(root / "data" / "warehouse.duckdb"),
    }
    log = root / "ui.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [str(KINERJA), "ui", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    here = UI(f"http://127.0.0.1:{port}", log)
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            assert proc.poll() is None, f"kinerja ui exited with {proc.returncode}; see {log}"
            try:
                if len(asset_nodes(here)) > 50:
                    break
            except (OSError, AssertionError, KeyError):
                pass
            assert time.monotonic() < deadline, f"the UI had no assets loaded after {START_SECONDS} s; see {log}"
            time.sleep(1)
        yield here
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                pass
        if alive(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def browser(ui):
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("headless Chromium needs the Debian packages chromium and chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="kinerja-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    # Service with an explicit driver: Selenium Manager would try to download one.
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(PAGE_SECONDS)
    try:
        # Dagster greets a new browser profile with a newsletter dialog over every page, at a
        # moment of its choosing; record what its Skip button records, as a person's browser would.
        driver.get(f"{ui.url}/server_info")
        driver.execute_script("window.localStorage.setItem('communityNux', JSON.stringify('1'))")
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait_for(driver, condition, what: str, seconds: float = PAGE_SECONDS):
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(driver, seconds, poll_frequency=0.5).until(lambda d: condition(d) or None)
    except TimeoutException:
        pytest.fail(f"{what} did not appear within {seconds} s at {driver.current_url}")


def open_page(driver, ui: UI, path: str) -> None:
    driver.get(ui.url + path)


def node_names(driver) -> set[str]:
    """Names of the asset nodes drawn in the lineage graph (SVG foreignObjects)."""
    from selenium.webdriver.common.by import By

    return {
        e.text.strip()
        for e in driver.find_elements(By.CSS_SELECTOR, "svg foreignObject [class*='AssetNode_assetName']")
        if e.text.strip()
    }


def click_tab(driver, name: str) -> None:
    from selenium.webdriver.common.by import By

    tab = wait_for(
        driver,
        lambda d: d.find_elements(By.XPATH, f"//*[@role='tablist']/*[@role='tab'][normalize-space()='{name}']"),
        f"the {name} tab",
    )[0]
    tab.click()


def listed_checks(browser, what: str) -> dict[str, str]:
    """{check name: its status} as the asset's checks tab lists them, once it lists any."""
    from selenium.webdriver.common.by import By

    return wait_for(
        browser,
        lambda d: {
            e.get_attribute("title"): e.find_element(By.XPATH, "following-sibling::span").text
            for e in d.find_elements(By.CSS_SELECTOR, "[class*='AssetChecks_checkRow'] [title]")
        },
        what,
    )


def test_the_lineage_graph_and_a_marts_page_show_what_a_data_engineer_looks_for(ui, browser):
    from selenium.webdriver.common.by import By

    group, name = MART
    # The global lineage: one box per group when there are this many assets.
    open_page(browser, ui, "/asset-groups")
    groups = {"ingest", "staging", "intermediate", "marts", "reference", "publish"}
    shown = wait_for(
        browser,
        lambda d: groups <= {e.text.strip() for e in d.find_elements(By.CSS_SELECTOR, "svg foreignObject *")},
        "the group boxes of the global lineage",
    )
    assert shown

    # The marts group's graph, the mart selected (the address the UI gives a clicked node): the
    # marts around it drawn as asset nodes, its sidebar open; from there, its page.
    open_page(browser, ui, f"/locations/{LOCATION}/asset-groups/{group}/lineage/{group}%2F{name}")
    wait_for(browser, lambda d: name in node_names(d), f"the node of {name}")
    assert len({n for n in node_names(browser) if n.startswith("mart_")}) >= 3, node_names(browser)
    assert browser.find_elements(By.CSS_SELECTOR, "svg path"), "no edges drawn"
    wait_for(
        browser,
        lambda d: d.find_elements(By.XPATH, "//*[self::a or self::button][normalize-space()='View in Asset Catalog']"),
        "sidebar",
    )[0].click()
    wait_for(browser, lambda d: d.current_url.split("?")[0].endswith(f"/assets/{group}/{name}"), f"the page of {name}")

    # Its columns, each with a description, in the order the yml gives.
    rows = wait_for(
        browser,
        lambda d: d.find_elements(By.XPATH, "//table[.//td[normalize-space()='Column name']]/tbody/tr"),
        "the Columns table",
    )
    columns = {}
    for row in rows:
        cells = row.find_elements(By.TAG_NAME, "td")
        columns[cells[0].text.strip()] = (cells[1].text.strip(), cells[2].text.strip())
    assert list(columns)[:5] == ["period", "period_start", "year", "quarter", "sampling_method"]
    assert {"sampled", "examined", "failed_tms", "tms_rate"} <= set(columns)
    assert all(description for _, description in columns.values()), columns
    # with the types the refresh read from the built table
    assert columns["period"][0] == "VARCHAR" and columns["period_start"][0] == "DATE"
    assert columns["sampled"][0] == "BIGINT" and columns["tms_rate"][0] == "DOUBLE"
    assert all(data_type for data_type, _ in columns.values()), columns

    # Its checks: the dbt tests and the pandera contract, each passed in the refresh.
    click_tab(browser, "Checks")
    expected = ui.graphql(
        "query($k: AssetKeyInput!) { assetNodeOrError(assetKey: $k) { ... on AssetNode {"
        " assetChecksOrError { ... on AssetChecks { checks { name } } } } } }",
        k={"path": list(MART)},
    )["assetNodeOrError"]["assetChecksOrError"]["checks"]
    wait_for(
        browser, lambda d: f"Checks ({len(expected)})" in d.find_element(By.TAG_NAME, "body").text, "the checks count"
    )
    listed = listed_checks(browser, "the list of checks")
    assert listed.get("pandera_contract") == "Succeeded", listed
    assert listed.get("unique_combination_of_columns_mart_sampling_tms_summary_period__sampling_method") == "Succeeded"
    assert set(listed) <= {c["name"] for c in expected} and len(listed) >= 10, listed

    # Its lineage tab, upstream at every depth: the intermediate, staging and raw assets it is built from.
    click_tab(browser, "Lineage")
    wait_for(browser, lambda d: d.find_elements(By.XPATH, "//button[normalize-space()='Upstream']"), "Upstream")
    browser.find_element(By.XPATH, "//button[normalize-space()='Upstream']").click()
    wait_for(browser, lambda d: d.find_elements(By.XPATH, "//button[normalize-space()='All']"), "graph depth All")
    browser.find_element(By.XPATH, "//button[normalize-space()='All']").click()
    wait_for(
        browser,
        lambda d: {name, "int_sampling_rates", "stg_sampling", "sampling", "commodities"} <= node_names(d),
        "the upstream graph down to the raw asset",
    )


def test_the_served_files_page_says_which_publication_is_served(ui, browser, published_baseline):
    from selenium.webdriver.common.by import By

    open_page(browser, ui, "/assets/served/warehouse?view=checks")
    listed = listed_checks(browser, "the checks of served/warehouse")
    assert listed == {"publication_complete": "Succeeded", "serving": "Succeeded"}, listed
    for row in browser.find_elements(By.CSS_SELECTOR, "[class*='AssetChecks_checkRow'] [title='serving']"):
        row.click()
    run = published_baseline.publication["run_id"]
    wait_for(
        browser,
        lambda d: f"run {run[:8]}" in d.find_element(By.TAG_NAME, "body").text,
        "what is served, in the check's description",
    )
    assert SHIPPED_QUARTER in browser.find_element(By.TAG_NAME, "body").text


def upstream(nodes: list[dict], key: tuple[str, ...]) -> set[tuple[str, ...]]:
    deps = {tuple(n["assetKey"]["path"]): [tuple(d["path"]) for d in n["dependencyKeys"]] for n in nodes}
    seen, todo = set(), [key]
    while todo:
        for dep in deps.get(todo.pop(), []):
            if dep not in seen:
                seen.add(dep)
                todo.append(dep)
    return seen


def test_graphql_lineage_reaches_from_the_marts_down_to_raw_and_up_to_the_served_file(ui):
    nodes = asset_nodes(ui)
    above = upstream(nodes, MART)
    assert {
        ("intermediate", "int_sampling_rates"),
        ("staging", "stg_sampling"),
        ("raw", "sampling"),
        ("reference", "commodities"),
    } <= above
    served = upstream(nodes, ("served", "warehouse"))
    assert MART in served and ("reference", "commodities") in served and ("raw", "sampling") in served


def test_graphql_partitions_are_quarters_up_to_the_current_one_with_the_refreshed_one_materialized(ui):
    from orchestration.submissions.periods import quarters_until

    node = ui.graphql(
        "query($k: AssetKeyInput!) { assetNodeOrError(assetKey: $k) { ... on AssetNode { partitionKeys"
        " assetPartitionStatuses { ... on DefaultPartitionStatuses { materializedPartitions failedPartitions } } } } }",
        k={"path": ["raw", "sampling"]},
    )["assetNodeOrError"]
    assert node["partitionKeys"] == quarters_until() and node["partitionKeys"][0] == "2024-Q1"
    assert node["assetPartitionStatuses"] == {"materializedPartitions": [SHIPPED_QUARTER], "failedPartitions": []}


def latest_materialization(ui: UI, key) -> dict:
    return ui.graphql(
        "query($k: AssetKeyInput!) { assetNodeOrError(assetKey: $k) { ... on AssetNode {"
        " metadataEntries { label __typename ... on TextMetadataEntry { text } }"
        " assetMaterializations(limit: 1) { metadataEntries { label"
        " ... on IntMetadataEntry { intValue }"
        " ... on TableSchemaMetadataEntry { schema { columns { name type } } }"
        " ... on TableColumnLineageMetadataEntry { lineage { columnName"
        " columnDeps { assetKey { path } columnName } } } } } } } }",
        k={"path": list(key)},
    )["assetNodeOrError"]


def test_graphql_dbt_assets_have_column_types_row_counts_and_column_lineage(ui):
    node = latest_materialization(ui, MART)
    entries = {e["label"]: e for e in node["assetMaterializations"][0]["metadataEntries"]}
    assert entries["dagster/row_count"]["intValue"] == 3  # targeted, random, all
    types = {c["name"]: c["type"] for c in entries["dagster/column_schema"]["schema"]["columns"]}
    assert types["sampling_method"] == "VARCHAR" and types["examined"] == "BIGINT"
    lineage = {
        c["columnName"]: {("/".join(d["assetKey"]["path"]), d["columnName"]) for d in c["columnDeps"]}
        for c in entries["dagster/column_lineage"]["lineage"]
    }
    assert lineage["tms_rate"] == {
        ("intermediate/int_sampling_rates", "failed_tms"),
        ("intermediate/int_sampling_rates", "examined"),
    }
    # down to the raw column: staging reads raw/sampling
    staging = latest_materialization(ui, ("staging", "stg_sampling"))["assetMaterializations"][0]
    deps = {e["label"]: e for e in staging["metadataEntries"] if e["label"] == "dagster/column_lineage"}[
        "dagster/column_lineage"
    ]["lineage"]
    assert any(d["assetKey"]["path"] == ["raw", "sampling"] for c in deps for d in c["columnDeps"])
    # and no DbtProject the UI can only show as "[DbtProject] (unserializable)"
    labels = {e["label"] for e in node["metadataEntries"]}
    assert "dagster_dbt/unique_id" in labels and "dagster_dbt/project" not in labels
    assert not [e for e in node["metadataEntries"] if "[DbtProject]" in (e.get("text") or "")]
