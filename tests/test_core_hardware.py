"""Core hardware, vendor-share and model tables after a full refresh: coverage, family vocabulary, alias
resolution, Lenovo's shares, and GPT-3's training compute in PF-days."""
import pytest

from tests.helpers import query

VOCABULARY = ("V100", "A100", "H100", "H200", "B200", "GB200", "L40S", "L40", "A10", "A10G", "L4", "T4", "RTX 4090",
              "RTX A6000", "MI300X", "MI250X", "MI325X", "Gaudi 2", "Gaudi 3", "TPU v4", "TPU v5e", "TPU v5p",
              "Ascend 910B", "Kunlunxin R200", "Enflame i20", "Hanguang 800")


def test_required_families_are_present_with_one_reference_each(sql_warehouse):
    rows = dict(query(sql_warehouse, "SELECT family, count(*) FILTER (WHERE is_family_reference) FROM core.accelerators GROUP BY ALL"))
    missing = [f for f in VOCABULARY if f not in rows]
    assert missing == []
    assert {f: n for f, n in rows.items() if n != 1} == {}
    assert query(sql_warehouse, "SELECT count(*), count(DISTINCT accelerator) FROM core.accelerators")[0][0] == \
        query(sql_warehouse, "SELECT count(DISTINCT accelerator) FROM core.accelerators")[0][0]


def test_reference_variants_and_curated_datasheets_win(sql_warehouse):
    refs = dict(query(sql_warehouse, "SELECT family, accelerator FROM core.accelerators WHERE is_family_reference"))
    assert refs["H100"] == "NVIDIA H100 SXM5 80GB" and refs["A100"] == "NVIDIA A100 SXM4 80 GB"
    h100 = query(sql_warehouse, "SELECT count(*) FROM core.accelerators WHERE family = 'H100' AND accelerator LIKE '%PCIe%'")
    assert h100 == [(1,)]  # PCIe kept as its own accelerator, same family
    r200 = query(sql_warehouse, "SELECT source, vendor, fp16_tensor_flop_per_s, int8_op_per_s FROM core.accelerators "
                            "WHERE accelerator = 'Kunlunxin R200'")
    assert r200 == [("accelerator_datasheets", "Kunlunxin", 128e12, 256e12)]
    assert query(sql_warehouse, "SELECT count(*) FROM core.accelerators WHERE accelerator = 'Baidu Kunlun R200 (150W)'") == [(0,)]
    i20 = query(sql_warehouse, "SELECT name_zh, memory_bandwidth_bytes_per_s, tdp_w FROM core.accelerators WHERE family = 'Enflame i20'")
    assert i20 == [("云燧i20", 819e9, 150.0)]


def test_every_hardware_source_name_resolves(sql_warehouse):
    unresolved = query(sql_warehouse, """
        WITH names AS (
            SELECT hardware_name AS name FROM raw.epoch_ml_hardware
            UNION SELECT product_name FROM raw.techpowerup_gpus
            UNION SELECT accelerator FROM raw.accelerator_datasheets
            UNION SELECT alias FROM raw.accelerator_aliases
            UNION SELECT accelerator FROM raw.accelerator_families)
        SELECT n.name FROM names n
        LEFT JOIN core.accelerator_aliases a ON a.alias = n.name
        LEFT JOIN core.accelerators c ON c.accelerator = a.accelerator
        WHERE c.accelerator IS NULL""")
    assert unresolved == []


@pytest.mark.parametrize("alias, accelerator, units", [
    ("ND96isr_H100_v5", "NVIDIA H100 SXM5 80GB", 8), ("hgx-h100", "NVIDIA H100 SXM5 80GB", 8),
    ("H100 SXM5 80 GB", "NVIDIA H100 SXM5 80GB", 1), ("NVIDIA H100 SXM", "NVIDIA H100 SXM5 80GB", 1),
    ("H100 PCIe", "NVIDIA H100 PCIe", 1), ("云燧i20", "Enflame i20", 1),
])
def test_aliases(sql_warehouse, alias, accelerator, units):
    rows = query(sql_warehouse, "SELECT accelerator, units_per_alias FROM core.accelerator_aliases WHERE alias = ?", [alias])
    assert rows == [(accelerator, units)]


def test_lenovo_in_servers_and_top500(sql_warehouse):
    servers = query(sql_warehouse, "SELECT period, share_pct FROM core.market_share WHERE vendor = 'Lenovo' "
                               "AND segment = 'servers_revenue' ORDER BY period")
    assert len(servers) == 17 and servers[0] == ("2017-Q1", 6.2) and servers[-1] == ("2024-Q4", 4.9)
    assert ("2018-Q2", 6.9) in servers and ("2020-Q2", 6.1) in servers
    top = query(sql_warehouse, "SELECT share_pct, units FROM core.market_share WHERE vendor = 'Lenovo' AND segment = 'top500_systems'")
    assert top == [(pytest.approx(136 / 500 * 100), 136.0)]
    assert query(sql_warehouse, "SELECT name_zh FROM core.vendors WHERE vendor = 'Lenovo'") == [("联想",)]


def test_joint_venture_lines_map_to_one_vendor(sql_warehouse):
    rows = query(sql_warehouse, "SELECT DISTINCT reported_vendor FROM core.market_share WHERE vendor = 'Inspur' ORDER BY 1")
    assert [r[0] for r in rows] == ["IEIT Systems (Inspur)", "Inspur", "Inspur/Inspur Power Systems"]
    hpe = query(sql_warehouse, "SELECT DISTINCT reported_vendor FROM core.market_share WHERE vendor = 'HPE' "
                           "AND segment LIKE 'servers%' ORDER BY 1")
    assert [r[0] for r in hpe] == ["HPE", "HPE/H3C", "HPE/New H3C Group"]
    huawei = query(sql_warehouse, "SELECT share_pct, share_method FROM core.market_share WHERE vendor = 'Huawei' "
                              "AND segment = 'accelerators_china_units'")
    assert huawei == [(pytest.approx(812_000 / 4_000_000 * 100), "computed_from_total")]


def test_gpt3_training_compute_in_pf_days(sql_warehouse):
    rows = dict((m, (pf, method)) for m, pf, method in query(
        sql_warehouse, "SELECT model, training_compute_pf_days, method FROM core.models WHERE model IN ('GPT-3 175B', 'GPT-3 XL')"))
    assert rows["GPT-3 175B"][0] == pytest.approx(3640, rel=0.01) and rows["GPT-3 175B"][1] == "reported"
    assert rows["GPT-3 XL"][0] == pytest.approx(27.5, rel=0.01) and rows["GPT-3 XL"][1] == "6ND"
    assert query(sql_warehouse, "SELECT count(*) FROM core.models WHERE model = 'GPT-3 175B (davinci)'") == [(0,)]
    assert query(sql_warehouse, "SELECT count(*) FROM core.models GROUP BY model HAVING count(*) > 1") == []
