package main

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// FerretDB v1 makes each MongoDB index a btree over `(_jsonb->'field')`, but it pushes an equality
// filter down as `_jsonb->'field' @> value`, an operator a btree cannot serve: every lookup, even by
// _id, scanned the whole table (30 ms per findOne on 10 k campaigns). devdb gives each such index a
// GIN companion over its first field (jsonb_path_ops serves @>; indexes sharing a first field share
// it, as a MongoDB compound index serves only its prefix), made by an event trigger whenever FerretDB
// creates an index and dropped with it, so equality lookups become index scans as they are on
// MongoDB. It changes no result: FerretDB still filters every row it reads.
const companionSQL = `
CREATE OR REPLACE FUNCTION devdb_gin_companion(idx oid) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  ix pg_index;
  lead text;
BEGIN
  SELECT * INTO ix FROM pg_index WHERE indexrelid = idx;
  IF NOT FOUND
     OR (SELECT relam FROM pg_class WHERE oid = idx) <> (SELECT oid FROM pg_am WHERE amname = 'btree')
     OR (SELECT relname FROM pg_class WHERE oid = ix.indrelid) LIKE '\_ferretdb\_%'
     OR NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = ix.indrelid AND attname = '_jsonb')
     OR 0 <> ANY (ix.indkey::int2[]) THEN
    RETURN; -- not a FerretDB expression index over _jsonb
  END IF;
  lead := pg_get_indexdef(idx, 1, true);
  -- One companion per leading field and table: indexes that share their first field share it.
  IF EXISTS (SELECT 1 FROM pg_index g JOIN pg_class gc ON gc.oid = g.indexrelid
             WHERE g.indrelid = ix.indrelid AND gc.relname LIKE 'devdb\_gin\_%' AND pg_get_indexdef(g.indexrelid, 1, true) = lead) THEN
    RETURN;
  END IF;
  EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s USING gin ((%s) jsonb_path_ops)', 'devdb_gin_' || idx, ix.indrelid::regclass, lead);
END
$fn$;

CREATE OR REPLACE FUNCTION devdb_gin_on_create() RETURNS event_trigger LANGUAGE plpgsql AS $fn$
DECLARE r record;
BEGIN
  FOR r IN SELECT objid FROM pg_event_trigger_ddl_commands() WHERE object_type = 'index' LOOP
    PERFORM public.devdb_gin_companion(r.objid);
  END LOOP;
END
$fn$;

CREATE OR REPLACE FUNCTION devdb_gin_on_drop() RETURNS event_trigger LANGUAGE plpgsql AS $fn$
DECLARE r record;
BEGIN
  FOR r IN SELECT objid, schema_name FROM pg_event_trigger_dropped_objects() WHERE object_type = 'index' LOOP
    EXECUTE format('DROP INDEX IF EXISTS %I.%I', r.schema_name, 'devdb_gin_' || r.objid);
  END LOOP;
  -- A companion shared with the dropped index is made again for the indexes that remain.
  PERFORM public.devdb_gin_companion(indexrelid) FROM pg_index;
END
$fn$;

DROP EVENT TRIGGER IF EXISTS devdb_gin_create;
CREATE EVENT TRIGGER devdb_gin_create ON ddl_command_end WHEN TAG IN ('CREATE INDEX') EXECUTE FUNCTION public.devdb_gin_on_create();
DROP EVENT TRIGGER IF EXISTS devdb_gin_drop;
CREATE EVENT TRIGGER devdb_gin_drop ON sql_drop WHEN TAG IN ('DROP INDEX', 'DROP TABLE', 'DROP SCHEMA') EXECUTE FUNCTION public.devdb_gin_on_drop();

-- Indexes made before this devdb version (an existing data folder) get theirs now.
SELECT devdb_gin_companion(indexrelid) FROM pg_index;
`

// installIndexCompanions runs before FerretDB starts, on every start (it is idempotent).
func installIndexCompanions(pgURL string) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, pgURL)
	if err != nil {
		return fmt.Errorf("connecting to PostgreSQL to install the index companions: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, companionSQL); err != nil {
		return fmt.Errorf("installing the index companions: %w", err)
	}
	return nil
}
