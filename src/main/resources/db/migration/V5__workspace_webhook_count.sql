-- How many webhooks each workspace has, so the quota check is one row update instead of a count.
-- Creates increment it conditionally in the insert statement; this trigger decrements on delete.
ALTER TABLE workspaces ADD COLUMN webhook_count integer NOT NULL DEFAULT 0;
UPDATE workspaces w SET webhook_count = (SELECT count(*) FROM webhooks h WHERE h.workspace_id = w.id);

CREATE FUNCTION webhooks_count_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE workspaces SET webhook_count = webhook_count - 1 WHERE id = OLD.workspace_id;
    RETURN OLD;
END;
$$;

CREATE TRIGGER webhooks_count_delete AFTER DELETE ON webhooks
    FOR EACH ROW EXECUTE FUNCTION webhooks_count_delete();
