-- One row per canonical vendor (or market aggregate such as ODM Direct or Total): Chinese name, aliases, segments.
-- From inputs/curated/vendors.csv. IDC's joint-venture lines (HPE/New H3C Group, Inspur/Inspur Power Systems,
-- IEIT Systems) are aliases there, so shares from different years land on one vendor.
CREATE OR REPLACE TABLE core.vendors AS
SELECT vendor, name_zh, vendor_kind, aliases, segments, note
FROM staging.vendors
ORDER BY vendor_kind DESC, vendor;

COMMENT ON TABLE core.vendors IS 'One row per canonical vendor (or market aggregate) with its Chinese name, the names sources use for it and its segments';
COMMENT ON COLUMN core.vendors.vendor IS 'Canonical vendor name, e.g. Lenovo, Inspur, HPE';
COMMENT ON COLUMN core.vendors.name_zh IS 'Chinese name, e.g. 联想';
COMMENT ON COLUMN core.vendors.vendor_kind IS 'company, or aggregate (ODM Direct, Others, Total, Chinese vendors (total))';
COMMENT ON COLUMN core.vendors.aliases IS 'Names sources use for the vendor, matched case-insensitively (IDC joint-venture lines included)';
COMMENT ON COLUMN core.vendors.segments IS 'Segments the vendor sells in: servers, accelerators, hpc';
COMMENT ON COLUMN core.vendors.note IS 'Groupings and why';
