CREATE TABLE "log_nodes" (
	"level" smallint NOT NULL,
	"idx" bigint NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "log_nodes_level_idx_pk" PRIMARY KEY("level","idx"),
	CONSTRAINT "log_nodes_above_leaves" CHECK ("log_nodes"."level" between 1 and 63)
);
--> statement-breakpoint
-- Nodes are append-only for everyone, like the leaves (0011): once complete, a node never changes.
CREATE TRIGGER log_nodes_append_only BEFORE UPDATE OR DELETE ON log_nodes
  FOR EACH ROW EXECUTE FUNCTION countersign_refuse_change();
--> statement-breakpoint
CREATE TRIGGER log_nodes_no_truncate BEFORE TRUNCATE ON log_nodes
  FOR EACH STATEMENT EXECUTE FUNCTION countersign_refuse_change();
--> statement-breakpoint
ALTER TABLE log_nodes ENABLE ALWAYS TRIGGER log_nodes_append_only;
--> statement-breakpoint
ALTER TABLE log_nodes ENABLE ALWAYS TRIGGER log_nodes_no_truncate;
--> statement-breakpoint
-- Only the sealer writes nodes (0005's least privilege); the app reads them to serve proofs and
-- receipts, and auditors may read them.
GRANT SELECT, INSERT ON log_nodes TO countersign_sealer;
--> statement-breakpoint
GRANT SELECT ON log_nodes TO countersign_app, countersign_reader;
--> statement-breakpoint
-- Builds, level by level, every complete node above the stored leaves that log_nodes lacks:
-- node = SHA-256(0x01 ‖ left ‖ right) (RFC 6962), hashes as lowercase hex like log_leaves. The
-- migration runs it once so an upgraded database serves proofs from nodes at once; from then on the
-- sealer writes each node as it completes. Set-based: a few seconds for a million leaves.
CREATE FUNCTION countersign_build_log_nodes() RETURNS bigint
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  lvl smallint := 1;
  added bigint;
  total bigint := 0;
BEGIN
  INSERT INTO public.log_nodes (level, idx, hash)
    SELECT 1, (l.seq - 1) / 2, encode(sha256('\x01'::bytea || decode(l.leaf_hash, 'hex') || decode(r.leaf_hash, 'hex')), 'hex')
    FROM public.log_leaves l JOIN public.log_leaves r ON r.seq = l.seq + 1
    WHERE l.seq % 2 = 1
    ON CONFLICT DO NOTHING;
  GET DIAGNOSTICS added = ROW_COUNT;
  total := added;
  LOOP
    INSERT INTO public.log_nodes (level, idx, hash)
      SELECT lvl + 1, l.idx / 2, encode(sha256('\x01'::bytea || decode(l.hash, 'hex') || decode(r.hash, 'hex')), 'hex')
      FROM public.log_nodes l JOIN public.log_nodes r ON r.level = lvl AND r.idx = l.idx + 1
      WHERE l.level = lvl AND l.idx % 2 = 0
      ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS added = ROW_COUNT;
    total := total + added;
    -- A level with no pair above it ends the tree; existing levels (ON CONFLICT) still lead upwards.
    EXIT WHEN NOT EXISTS (SELECT FROM public.log_nodes WHERE level = lvl + 1);
    lvl := lvl + 1;
  END LOOP;
  RETURN total;
END;
$$;
--> statement-breakpoint
-- Run by the owner only (the migration, and tests or benchmarks that seed leaves directly).
REVOKE EXECUTE ON FUNCTION countersign_build_log_nodes() FROM PUBLIC;
--> statement-breakpoint
SELECT countersign_build_log_nodes();
