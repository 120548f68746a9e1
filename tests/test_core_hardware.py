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
    assert len(servers) == 18 and servers[0] == ("2017-Q1", 6.2) and servers[-2:] == [("2024-Q4", 4.9), ("2025-Q3", 3.6)]
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


# ------------------------------------------------------------------ spec columns that mean one thing (issue 14)

def _rows(warehouse, sql, params=None):
    import duckdb
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return conn.execute(sql, params or []).fetchall()


def test_a_curated_figure_fills_a_gap_without_blanking_epochs_figures(sql_warehouse):
    """The merge is per column: the curated H100 rows add dense FP8 (and PCIe INT8), Epoch keeps the rest."""
    rows = {r[0]: r[1:] for r in query(sql_warehouse, """
        SELECT accelerator, fp16_tensor_flop_per_s, fp8_flop_per_s, int8_op_per_s, tf32_flop_per_s, memory_bytes, tdp_w,
               source, rates_source
        FROM core.accelerators WHERE accelerator IN ('NVIDIA H100 SXM5 80GB', 'NVIDIA H100 PCIe')""")}
    assert rows["NVIDIA H100 SXM5 80GB"] == (
        989.4e12, 1979e12, 1979e12, 494.7e12, 80e9, 700.0, "accelerator_datasheets",
        "accelerator_datasheets: fp8; epoch_ml_hardware: fp64, fp32, tf32, fp16, fp16_tensor, int8")
    assert rows["NVIDIA H100 PCIe"] == (
        756e12, 1513e12, 1513e12, 378e12, 80e9, 350.0, "accelerator_datasheets",
        "accelerator_datasheets: fp8, int8; epoch_ml_hardware: fp64, fp32, tf32, fp16, fp16_tensor")
    fp8 = query(sql_warehouse, "SELECT peak_flop_per_s FROM core.accelerator_peak_rates "
                               "WHERE family = 'H100' AND is_family_reference AND precision = 'fp8'")
    assert fp8 == [(1979e12,)]
    # a source's variant rows do not fill each other's gaps: Epoch's R200-8F stays its own accelerator
    assert query(sql_warehouse, "SELECT rates_source FROM core.accelerators WHERE accelerator = 'Kunlunxin R200'") == [
        ("accelerator_datasheets: fp32, fp16_tensor, int8; epoch_ml_hardware: fp16",)]


def test_h100_dense_rates_by_hand_satisfy_the_sparsity_rules(sql_warehouse):
    """NVIDIA's H100 SXM datasheet: FP16/BF16 tensor 1,979 and FP8 3,958 TFLOP/s *with sparsity*; dense is half.
    Epoch's dense FP16/BF16 tensor is 989.4e12; dense FP8 is 3,958e12 / 2 = 1,979e12. Dense FP8 / dense FP16 =
    1979 / 989.4 = 2.0002, inside the rule's 1.8-2.2; the sparse FP8 beside the dense FP16 would be 4.0004."""
    fp16, fp8, tf32 = query(sql_warehouse, "SELECT fp16_tensor_flop_per_s, fp8_flop_per_s, tf32_flop_per_s "
                                           "FROM core.accelerators WHERE accelerator = 'NVIDIA H100 SXM5 80GB'")[0]
    assert (fp16, fp8) == (989.4e12, 3958e12 / 2)
    assert fp8 / fp16 == pytest.approx(2.0002, abs=1e-4) and 1.8 <= fp8 / fp16 <= 2.2
    assert fp16 / tf32 == pytest.approx(2.0) and not 1.8 <= 3958e12 / fp16 <= 2.2


def _row_check(layer: str, model: str, name: str):
    from assets.checks import gate_checks
    return next(g for g in gate_checks() if g.asset_key.path == [layer, model] and g.name == name)


SPARSITY_CHECKS = ("nvidia_fp8_twice_fp16_tensor", "nvidia_int8_at_most_twice_fp16_tensor", "nvidia_fp16_tensor_twice_tf32")


@pytest.mark.parametrize("name", SPARSITY_CHECKS)
def test_sparsity_checks_pass_on_the_real_capture(sql_warehouse, name):
    import duckdb
    gate = _row_check("core", "accelerators", name)
    assert gate.blocking
    with duckdb.connect(str(sql_warehouse), read_only=True) as conn:
        outcome = gate.run(conn)
    assert outcome.passed, outcome.description


@pytest.mark.parametrize("column, sparse, check", [
    ("fp8_flop_per_s", 3958e12, "nvidia_fp8_twice_fp16_tensor"),              # the datasheet's sparse FP8
    ("fp16_tensor_flop_per_s", 1979e12, "nvidia_fp8_twice_fp16_tensor"),      # the datasheet's sparse FP16
    ("int8_op_per_s", 3958e12, "nvidia_int8_at_most_twice_fp16_tensor"),      # the datasheet's sparse INT8
    ("tf32_flop_per_s", 989e12, "nvidia_fp16_tensor_twice_tf32"),             # the datasheet's sparse TF32
])
def test_a_sparse_figure_mixed_in_fails_its_check(sql_warehouse, column, sparse, check):
    import duckdb
    conn = duckdb.connect()
    conn.execute(f"ATTACH '{sql_warehouse}' AS w (READ_ONLY)")
    conn.execute("CREATE SCHEMA core")
    conn.execute("CREATE TABLE core.accelerators AS SELECT * FROM w.core.accelerators")
    conn.execute("DETACH w")
    conn.execute(f"UPDATE core.accelerators SET {column} = ? WHERE accelerator = 'NVIDIA H100 SXM5 80GB'", [sparse])
    outcome = _row_check("core", "accelerators", check).run(conn)
    assert not outcome.passed and "NVIDIA H100 SXM5 80GB" in outcome.description


def test_data_center_flag(sql_warehouse):
    flags = dict(query(sql_warehouse, "SELECT accelerator, data_center FROM core.accelerators"))
    for name in ("NVIDIA H100 SXM5 80GB", "NVIDIA H100 PCIe", "NVIDIA A100 PCIe", "NVIDIA B200", "NVIDIA GB200",
                 "NVIDIA Tesla V100 SXM2 32 GB", "AMD Instinct MI300X", "Google TPU v5p", "Intel Habana Gaudi3",
                 "Huawei Ascend 910B", "Kunlunxin R200", "Enflame i20", "NVIDIA L40S", "NVIDIA L4", "NVIDIA Tesla T4",
                 "NVIDIA A10 PCIe", "Amazon Trainium2", "NVIDIA Tesla P100 SXM2"):
        assert flags[name] is True, name
    for name in ("NVIDIA GeForce RTX 4090", "NVIDIA RTX A6000", "NVIDIA GeForce RTX 3090 Ti", "AMD Radeon RX 7900 XTX",
                 "NVIDIA Quadro RTX 8000", "Intel Arc A770M", "NVIDIA RTX A5500 Mobile"):
        assert flags[name] is False, name
    # neither curated nor a product line that is one or the other by definition: unknown, not guessed
    assert flags["Cambricon MLU370-X8"] is None and flags["NVIDIA H800 SXM5"] is None


def test_each_reference_accelerator_has_the_rates_its_marts_use(sql_warehouse):
    import duckdb
    rows = query(sql_warehouse, "SELECT family, reference_accelerator, training_peak_flop_per_s, inference_peak_flop_per_s "
                                "FROM core.reference_accelerators ORDER BY family")
    assert ("H100", "NVIDIA H100 SXM5 80GB", 989.4e12, 989.4e12) in rows
    assert ("Ascend 910B", "Huawei Ascend 910B", 376e12, 376e12) in rows  # precision fp16: the cube rate
    assert all(r[2] is not None and r[3] is not None for r in rows)
    gate = _row_check("core", "reference_accelerators", "reference_rates_present")
    assert gate.blocking
    with duckdb.connect(str(sql_warehouse), read_only=True) as conn:
        assert gate.run(conn).passed


def test_a_reference_precision_without_a_rate_blocks(sql_warehouse):
    """Ascend 910B has no fp16_tensor figure (Epoch lists its cube rate as plain FP16): configured to train at
    fp16_tensor, the model's own SQL gives a NULL rate and the blocking check names the family."""
    import duckdb

    from assets.sql_graph import sql_models
    conn = duckdb.connect()
    conn.execute(f"ATTACH '{sql_warehouse}' AS w (READ_ONLY)")
    for schema in ("core", "staging"):
        conn.execute(f"CREATE SCHEMA {schema}")
    conn.execute("CREATE TABLE core.accelerators AS SELECT * FROM w.core.accelerators")
    conn.execute("CREATE TABLE core.accelerator_peak_rates AS SELECT * FROM w.core.accelerator_peak_rates")
    conn.execute("CREATE TABLE staging.reference_accelerators AS SELECT * FROM w.staging.reference_accelerators")
    conn.execute("DETACH w")
    conn.execute("UPDATE staging.reference_accelerators SET training_precision = 'fp16_tensor' WHERE family = 'Ascend 910B'")
    conn.execute(next(m for m in sql_models() if m.key == "core/reference_accelerators").sql)
    outcome = _row_check("core", "reference_accelerators", "reference_rates_present").run(conn)
    assert not outcome.passed and outcome.description.endswith(": Ascend 910B")
