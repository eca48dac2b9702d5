-- CGRateS MaxCost (issue 12): the most one call may cost under a rate. FREE (*free): the call's cost is capped there;
-- DISCONNECT (*disconnect): the carrier cuts the call there, the hub does not cap (informational). Null: no maximum.
ALTER TABLE rate ADD COLUMN max_cost numeric(24,9);
ALTER TABLE rate ADD COLUMN max_cost_strategy varchar(16);
