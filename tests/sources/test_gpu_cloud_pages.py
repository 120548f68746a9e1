"""GPU cloud pricing pages (Lambda, Modal, CoreWeave, RunPod): real saved HTML, and layout changes failing loudly."""
import pytest

from assets.sources import gpu_cloud_pages as pages
from infra.sources import SourceParseError, read_snapshot


def parsed(source):
    p = read_snapshot(source)
    return source.parse(p.body, p.origin)


def price(rows, variant, price_type="on_demand"):
    sel = rows[(rows["accelerator_variant"] == variant) & (rows["price_type"] == price_type)]
    assert len(sel) == 1, (variant, sel)
    return sel.iloc[0]


def test_lambda_rows_and_gpus_from_the_tab():
    rows = parsed(pages.LAMBDA)
    assert len(rows) == 5 and set(rows["gpus_per_instance"]) == {8}
    h100 = price(rows, "NVIDIA H100 SXM 80 GB")
    assert h100["usd_per_gpu_hour"] == 2.99 and h100["usd_per_instance_hour"] == pytest.approx(23.92)
    assert price(rows, "NVIDIA A100 SXM 40 GB")["usd_per_gpu_hour"] == 1.29
    assert price(rows, "NVIDIA Tesla V100 16 GB")["usd_per_gpu_hour"] == 0.55


def test_modal_per_second_prices_become_per_hour():
    rows = parsed(pages.MODAL)
    assert len(rows) == 9  # GPUs only: the CPU-core and memory line items are not GPUs
    assert price(rows, "Nvidia H100")["usd_per_gpu_hour"] == pytest.approx(0.001097 * 3600)
    assert price(rows, "Nvidia A100, 80 GB")["usd_per_gpu_hour"] == pytest.approx(0.000694 * 3600)
    assert "Memory" not in set(rows["accelerator_variant"])


def test_coreweave_div_table_skips_only_the_cut_last_row():
    rows = parsed(pages.COREWEAVE)
    assert len(rows) == 12
    assert price(rows, "NVIDIA HGX H100")["usd_per_gpu_hour"] == 4.76
    assert price(rows, "A100 80GB NVLINK")["usd_per_gpu_hour"] == 2.21
    assert "Tesla V100 NVLINK" not in set(rows["accelerator_variant"])


def test_runpod_prices_come_from_data_attributes():
    rows = parsed(pages.RUNPOD)
    assert set(rows["accelerator_variant"]) == {"B200", "H100 NVL", "H100 PCIe", "H100 SXM"}
    assert price(rows, "H100 SXM")["usd_per_gpu_hour"] == 2.69
    assert price(rows, "H100 PCIe", "community")["usd_per_gpu_hour"] == 1.99
    assert price(rows, "B200")["usd_per_gpu_hour"] == 5.99


def test_zero_width_characters_are_removed_from_names():
    p = read_snapshot(pages.RUNPOD)
    body = p.body.replace(b">B200<", b">B\xe2\x80\x8b200<")
    assert "B200" in set(pages.parse_runpod(body, "f.html")["accelerator_variant"])


@pytest.mark.parametrize("source, old, new, message", [
    (pages.LAMBDA, b"data-plan=", b"data-sku=", r"selector 'tr\[data-plan\]' found nothing"),
    (pages.LAMBDA, b"PRICE/GPU/HR*\">$2.99", b"PRICE/GPU/HR*\">call us", r"\(NVIDIA H100 SXM\) price: not a USD price"),
    (pages.LAMBDA, b">8x<", b">eight<", "GPUs per instance unknown"),
    (pages.MODAL, b"/ sec", b"/ hour", "no div.line-item with a"),
    (pages.MODAL, b"line-item", b"price-row", r"selector 'div.line-item' found nothing"),
    (pages.COREWEAVE, b"table-body-row", b"tbl-row", "found nothing"),
    (pages.COREWEAVE, b"<strong>$4.25</strong>", b"<em>$4.25</em>", r"#2 \(NVIDIA H100 PCIe\): no <strong>"),
    (pages.RUNPOD, b"gpu-pricing-row w-inline-block", b"gpu-row w-inline-block", "found nothing"),
    (pages.RUNPOD, b'data-secure-cloud-price="5.99"', b'data-secure-cloud-price="n/a"', r"\(B200\): data-secure-cloud-price is not a number"),
])
def test_layout_changes_raise_parse_errors(source, old, new, message):
    body = read_snapshot(source).body
    assert old in body
    with pytest.raises(SourceParseError, match=message) as err:
        source.parse(body.replace(old, new), "https://example.test/pricing")
    assert f"source '{source.name}' (https://example.test/pricing" in str(err.value)
