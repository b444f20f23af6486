-- A migration that fails half-way: the table below must not survive, and V999 must not be
-- recorded as applied.
CREATE TABLE half_applied (id INT PRIMARY KEY);

INSERT INTO half_applied VALUES (1);

SELECT no_such_column FROM half_applied;
