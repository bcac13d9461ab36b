-- Facts about this database itself, such as whether demo data was loaded into it.
CREATE TABLE murphy_meta (
    key   text PRIMARY KEY,
    value text NOT NULL
);
