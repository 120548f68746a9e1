"""The curated GPU name -> family mapping: the real file, and the errors an analyst gets for a bad row."""
import pytest

from assets.sources import gpu_price_aliases as src
from infra.sources import SourceParseError, read_snapshot

HEADER = "provider,match_kind,pattern,family,gpus_per_instance,source_url,note\n"


def test_curated_file_parses():
    p = read_snapshot(src.SOURCE)
    rows = src.parse(p.body, p.origin)
    h100 = rows[rows["pattern"] == "^(standard_)?nd96.*h100.*v5"].iloc[0]
    assert (h100["provider"], h100["family"], h100["gpus_per_instance"]) == ("azure", "H100", 8)
    assert rows["family"].dropna().isin(src.FAMILIES).all()
    assert rows[rows["pattern"] == "gh200"]["family"].isna().all()


@pytest.mark.parametrize("row, where, message", [
    ("*,token,H100,H100,,https://a,\n", "column 'pattern'", "lower-case words"),
    ("*,glob,h100,H100,,https://a,\n", "column 'match_kind'", "unknown match_kind"),
    ("*,token,h800,H800,,https://a,\n", "column 'family'", "unknown family 'H800' (expected one of: V100, A100"),
    ("azure,regex,nd96(,H100,8,https://a,\n", "column 'pattern'", "invalid regex"),
    # a repetition count past re's limit raises OverflowError, not re.error (found by the parser fuzz)
    ("azure,regex,nd96{99999999999999999999},H100,8,https://a,\n", "column 'pattern'", "invalid regex"),
    ("azure,regex,nd96,H100,0,https://a,\n", "column 'gpus_per_instance'", "below the allowed minimum"),
])
def test_bad_rows_name_line_and_column(row, where, message):
    with pytest.raises(SourceParseError) as err:
        src.parse((HEADER + row).encode(), "inputs/curated/gpu_price_aliases.csv")
    assert f"line 2, {where}" in str(err.value) and message in str(err.value)
