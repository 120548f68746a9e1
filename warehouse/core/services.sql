-- One row per alias (web domain or Wikipedia article) of an AI service, from inputs/curated/services.csv.
CREATE OR REPLACE TABLE core.services AS
SELECT service, operator, alias, alias_kind, note
FROM staging.services
ORDER BY service, alias_kind, alias;

COMMENT ON TABLE core.services IS 'One row per alias (web domain or Wikipedia article) that measures an AI service';
COMMENT ON COLUMN core.services.service IS 'Canonical service name, e.g. ChatGPT';
COMMENT ON COLUMN core.services.operator IS 'Company running the service, e.g. OpenAI';
COMMENT ON COLUMN core.services.alias IS 'Web domain (lower case), Wikipedia article title or product name';
COMMENT ON COLUMN core.services.alias_kind IS 'domain, wikipedia_article or product_name (the name a tracker such as Epoch AI or StatCounter uses)';
COMMENT ON COLUMN core.services.note IS 'Why this alias belongs to the service';
