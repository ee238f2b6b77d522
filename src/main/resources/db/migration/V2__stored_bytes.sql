-- How much item JSON each conversation holds (characters, as LENGTH(body) counts them on SQLite and PostgreSQL), so
-- that an owner's total for the storage quota (conversations.max-bytes-per-owner) is a sum over their conversations,
-- not over every item. Raised with item_count when items are appended, lowered when one is deleted.
ALTER TABLE conversations ADD COLUMN stored_bytes BIGINT NOT NULL DEFAULT 0;

-- Conversations kept before this column existed start with what they already hold.
UPDATE conversations SET stored_bytes = COALESCE(
    (SELECT SUM(LENGTH(body)) FROM conversation_items WHERE conversation_id = conversations.id), 0);
