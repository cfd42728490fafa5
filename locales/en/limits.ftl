# Bounds that protect a garden from a flood of rituals or from messages too long
# (src/engine/limits.rs, src/engine/paging.rs, src/matrix/split.rs, src/matrix/refusals.rs,
# src/rituals/interrupt.rs).

## Starting a ritual

limit-meteo-running = A weather round is already running ({ $id }): answer in its thread; a new one can start once it is over.
limit-too-many = { $count ->
    [one] One ritual is already running
   *[other] { $count } rituals are already running
} in this garden, and the most is { $max }: finish or cancel one before starting another.
limit-member-rate = You already started { $count ->
    [one] one ritual
   *[other] { $count } rituals
} { $hours ->
    [one] in the last hour
   *[other] in the last { $hours } hours
}: you can start another one on { $at }. Facilitators are not limited.
limit-run-line = • { $id } { $title } — step: { $step }
limit-run-unknown = (unreadable ritual)
limit-runs-more = … and { $count ->
    [one] one more
   *[other] { $count } more
}
limit-runs-hint = A facilitator can stop one with !{ $cancel } <id>; !{ $status } shows where each one stands.

## Long lists, in pages

page-footer = Page { $page } of { $pages }: !{ $command } { $next } for more.
page-last = Page { $page } of { $pages }.
page-empty = There { $pages ->
    [one] is only one page
   *[other] are only { $pages } pages
}: !{ $command } { $pages } shows the last one.

## Messages too long for Matrix

message-continued = (continued, { $part } of { $parts })
message-shortened = […] Shortened: { $dropped ->
    [one] one character did
   *[other] { $dropped } characters did
} not fit in one message. The whole text stays in the garden's memory (tuteur export).
message-refused = ⚠ One of the bot's answers could not be posted: the server refused it ({ $reason }). It is kept; whoever runs the bot can find it in the logs.

## A ritual stopped by its guard

run-interrupted = ⛔ Ritual { $id } stopped: its steps went round in a loop without waiting for anyone. It is recorded as interrupted. This ritual's file needs fixing (tuteur rituals check points at it).
