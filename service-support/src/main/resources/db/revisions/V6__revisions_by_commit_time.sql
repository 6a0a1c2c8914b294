-- Reads as of a read_time on List and Summarize (issue 14) start from the records changed after
-- that time: the revisions committed after it, found through this index. commit_time grows with
-- sequence, so each insert appends to the index's right edge.
CREATE INDEX revisions_by_commit_time ON revisions (commit_time);
