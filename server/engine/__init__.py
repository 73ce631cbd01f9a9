"""The reservation engine: one thread owns every unit's state, decides in order, and makes each decision durable
before it answers (group commit). `rules` is the state machine, `core` the decisions, `journal` the database,
`runner` the thread."""
