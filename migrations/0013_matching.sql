-- The matching queue: children an agency described who wait for a person to be matched.
-- The open-children index leads with (state, team_id, urgency_rank), so it cannot give
-- this queue's order (oldest received first, across teams) without sorting every waiting
-- child. This partial index holds only the children waiting to be matched, in the queue's
-- order, so a page is a short range scan from the last row of the page before, and the
-- count of children waiting reads nothing else.
CREATE INDEX contact_child_awaiting_match_idx ON contact_child (received_at, id)
  WHERE state = 'awaiting-match';
