-- DealFilter.signed_before compares signed_end; V1's deals_signed (signed_start, signed_end)
-- cannot serve a condition on its second column alone.
CREATE INDEX deals_signed_end ON deals (signed_end);

-- The status history is append-only in the database too, not only in the service: entries are
-- never changed, and are deleted only together with their deal. DeleteDeal deletes the deal row
-- and the history follows by ON DELETE CASCADE; the cascade runs after the deal row is gone, so
-- "the deal no longer exists" tells it apart from deleting entries of a deal that stays.
CREATE FUNCTION deal_status_transitions_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'deal_status_transitions is append-only: entry % cannot be changed', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM deals WHERE id = OLD.deal_id) THEN
        RAISE EXCEPTION 'deal_status_transitions is append-only: entry % goes only with its deal', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN OLD;
END;
$$;

CREATE TRIGGER deal_status_transitions_append_only
    BEFORE UPDATE OR DELETE ON deal_status_transitions
    FOR EACH ROW EXECUTE FUNCTION deal_status_transitions_append_only();
