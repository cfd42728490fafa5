# tuteur — défis, harvest of experience reports, weekly digest, the commons, privacy.
# French is the reference (locales/fr/harvest.ftl); the ids are the same.

## Challenges (défis)

defi-created = 🎯 Challenge { $id }: “{ $title }”, due { $deadline }, started by { $who }.
    Join it with !challenge join { $id }; every week ({ $dayname } at { $time }) I ask the participants for news, and they answer with !checkin { $id } <text>.
defi-title-too-long = A challenge's title is at most { $max } characters long.
defi-deadline-unreadable = I can't read the deadline “{ $value }”. Examples: 2026-12-15, 15/12, in 3 weeks, in 10 days.
defi-deadline-past = The deadline “{ $value }” has already passed: pick a date to come.
defi-finished = Challenge { $id } (“{ $title }”) is over.
defi-already-joined = You already take part in challenge { $id }.
defi-joined = { $who } joins challenge { $id } “{ $title }” ({ $count ->
    [one] one person
   *[other] { $count } people
}).
defi-not-participant = You don't take part in challenge { $id }.
defi-left = { $who } leaves challenge { $id } ({ $count ->
    [0] nobody left
    [one] one person left
   *[other] { $count } people left
}).
defi-done-not-allowed = Only the participants of challenge { $id }, the person who started it and facilitators can mark it done.
defi-done = 🏁 Challenge { $id } “{ $title }” marked done by { $who }, after { $checkins ->
    [0] no check-in
    [one] one check-in
   *[other] { $checkins } check-ins
}. Well done!
defi-deadline = ⏳ Challenge { $id } “{ $title }” has reached its deadline ({ $checkins ->
    [0] no check-in
    [one] one check-in
   *[other] { $checkins } check-ins
}).
defi-ask-retour = { $who }, how did it go? Share what you learned with !share <title> then your text (#keywords welcome): it will join the garden's harvest.
checkin-request = 📣 Weekly check-in for challenge { $id } “{ $title }” (due { $deadline }): { $who }, how is it going? Answer with !checkin { $id } <text>.
checkin-not-participant = You don't take part in challenge { $id }: join it first with !challenge join { $id }.
checkin-recorded = 📝 Check-in from { $who } recorded for { $id } ({ $count ->
    [one] their first
   *[other] their number { $count }
}).
defis-empty = No challenge under way. Start one with !challenge <title> | <deadline>.
defis-header = { $count ->
    [one] One challenge under way:
   *[other] { $count } challenges under way:
}
defis-line = • { $id } “{ $title }” — due { $deadline }; { $count ->
    [0] nobody yet
   *[other] with { $participants }
}
defis-checkin = { "   " }↳ { $who } ({ $at }): { $text }

## Experience reports

retour-empty = An experience report needs a text: the first line is its title, #keywords are kept. Put “anonymous” as the first word not to be named.
retour-recorded = 🌾 Report { $id } harvested: “{ $title }”, by { $credit } (licence CC BY-SA 4.0){ $tag_count ->
    [0] {""}
   *[other] {" "}— { $tags }
}.{ $shared ->
    [yes] {" "}It also goes to the commons.
   *[no] {" "}It stays in the garden.
}
retours-empty = No experience report harvested yet. !share <text> to share yours.
retours-header = { $total ->
    [one] One report harvested:
   *[other] { $total } reports harvested; the latest { $count }:
}
retours-line = • { $id } “{ $title }” — { $credit }, { $at }{ $tag_count ->
    [0] {""}
   *[other] {" "}— { $tags }
}
harvest-ask = 🌱 { $author }, { $asker } suggests harvesting your message as an experience report: “{ $quote }”
    React ✅ to this message to give it to the harvest under your name (licence CC BY-SA 4.0), 🕶 to sign it “anonyme”, ❌ to decline. Nothing is harvested without your consent.
harvest-bot-message = 🌱 harvests members' messages; mine are not harvested.
harvest-unknown-message = I can't find that message or its author: it can't be suggested for the harvest.
harvest-not-member = That message is not from a member of the garden: I can't suggest it for the harvest.
harvest-already-done = That message is already harvested ({ $id }).
harvest-already-asked = Its author has already been asked: let's wait for their answer.
harvest-author-only = Only { $author } can decide to harvest their message.
harvest-declined = Noted, { $who }: that message won't be harvested.

## The commons (Grand Jardin)

commons-retour = 🌾 From the garden “{ $garden }”: report { $id } “{ $title }”, by { $credit }
commons-text = { $text }
commons-licence = Licence CC BY-SA 4.0 — { $credit } (https://creativecommons.org/licenses/by-sa/4.0/)

## Weekly digest

digest-summary = 🧺 Harvest { $id } ({ $from } to { $to }): { $retours ->
    [0] no report
    [one] one report
   *[other] { $retours } reports
}, { $defis ->
    [0] no challenge
    [one] one challenge
   *[other] { $defis } challenges
} ({ $checkins ->
    [0] no check-in
    [one] one check-in
   *[other] { $checkins } check-ins
}), { $decisions ->
    [0] no decision adopted
    [one] one decision adopted
   *[other] { $decisions } decisions adopted
}, { $roles ->
    [0] no role filled
    [one] one role filled
   *[other] { $roles } roles filled
}, { $meteos ->
    [0] no weather round
    [one] one weather round
   *[other] { $meteos } weather rounds
}.
digest-title = • { $id } “{ $title }”
digest-more = … and { $count } more.
digest-thread = Details in the thread of { $id }.
digest-details = Details of harvest { $id }:
digest-retours = 🌾 Experience reports ({ $count }):
digest-retour = • { $id } “{ $title }” — { $credit }{ $tag_count ->
    [0] {""}
   *[other] {" "}— { $tags }
}
digest-defis = 🎯 Challenges ({ $count }):
digest-defi = • { $id } “{ $title }” — { $state ->
    [new] new
    [done] done
    [expired] reached its deadline
   *[active] under way
}, due { $deadline }; { $participants ->
    [0] no participant
    [one] one person
   *[other] { $participants } people
}, { $checkins ->
    [0] no check-in this week
    [one] one check-in this week
   *[other] { $checkins } check-ins this week
}
digest-checkin = { "   " }↳ { $who }: { $text }
digest-decisions = ✅ Decisions adopted ({ $count }):
digest-decision = • { $id } “{ $text }”
digest-roles = 🗳 Roles filled ({ $count }):
digest-role = • { $role }: { $holder } ({ $id })
digest-meteos = ☀️ { $count ->
    [0] No weather round this week.
    [one] One weather round held this week.
   *[other] { $count } weather rounds held this week.
}
digest-empty = Nothing to harvest since { $from } yet.

## Terms

role-term-reminder = ⏰ { $ended ->
    [yes] { $holder }'s term as “{ $role }” ({ $id }) ended on { $end }.
   *[no] { $holder }'s term as “{ $role }” ({ $id }) ends on { $end }, in { $left }.
} Time to prepare a new election (!election { $role }).

## Privacy

forget-me-done = 🍃 Done, { $who }. In this garden: { $meteo ->
    [0] no weather entry to erase
    [one] one weather entry erased
   *[other] { $meteo } weather entries erased
}, { $ballots ->
    [0] no election ballot to erase
    [one] one election ballot erased
   *[other] { $ballots } election ballots erased
}, { $checkins ->
    [0] no check-in to erase
    [one] one check-in erased
   *[other] { $checkins } check-ins erased
} and { $asks ->
    [0] no pending harvest question
    [one] one pending harvest question erased
   *[other] { $asks } pending harvest questions erased
}; { $anonymised ->
    [0] you had no harvested report.
    [one] your harvested report is now signed “anonyme”.
   *[other] your { $anonymised } harvested reports are now signed “anonyme”.
}

## Settings

setting-points = Weekly challenge check-ins will be asked on { $dayname } at { $time }.
setting-nom = The garden's name in the commons: “{ $value }”.
setting-expected-points = a day and a time, such as “thursday 10:00”.
setting-expected-nom = a name of at most 80 characters.
