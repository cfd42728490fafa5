# tuteur — bot texts (English). Same ids as locales/fr/tuteur.ftl.

## Ritual titles

ritual-meteo-title = Weather check-in
ritual-decision-title = Consent decision
ritual-election-title = Election without candidates
ritual-closing-title = Closing round

## Spans (terms, time left)

span = { $unit ->
    [years] { $n ->
        [one] one year
       *[other] { $n } years
    }
    [months] { $n ->
        [one] one month
       *[other] { $n } months
    }
    [weeks] { $n ->
        [one] one week
       *[other] { $n } weeks
    }
    [days] { $n ->
        [one] one day
       *[other] { $n } days
    }
    [hours] { $n ->
        [one] one hour
       *[other] { $n } hours
    }
   *[minutes] { $n ->
        [one] one minute
       *[other] { $n } minutes
    }
}

## Step names as members know them (for !status and refusals)

step-announce = announcement
step-round = speaking round
step-open = open exchange
step-answer = answer
step-consent = objection round
step-nominate = nominations
step-reveal = reveal
step-propose = proposal
step-record = closing
label-meteo-round = weather round
label-clarification = clarification
label-reactions = reactions
label-amendment = amendment
label-objections = objections
label-lift = lifting objections
label-nominations = nominations
label-reasons = reasons
label-changes = vote changes
label-proposal = proposal
label-closing-round = closing round

## What each step takes (said when a message or command does not fit)

step-not-now = { $id } is at the “{ $step }” step.
step-hint = { $who }, { $id } is at the “{ $step }” step.
hint-none = There is nothing to do for now.
hint-round = Each of you speaks in turn in the thread of { $id }; !pass to pass.{ $revote ->
    [yes] { " " }To move your vote: !nominate @person [reason].
   *[no] {""}
}
hint-open = Here we only ask questions to understand{ $kind ->
    [decision] , and { $proposer } answers them
   *[other] {""}
}. A facilitator moves on with !next.
hint-answer = It is { $answerer }'s turn to answer: !amend <new text>, !withdraw, or !next to keep the text.
hint-lift = We are lifting objections: { $objectors } first propose what would lift their objection, answering in this thread; then { $proposer } amends.
hint-consent = Here each of you answers !consent or !object <reason> (or reacts ✅ / ✋ to the objection round's message).
hint-propose = A facilitator proposes the person to elect with !propose @person.

## Weather check-in

meteo-open = ☀️ Weather { $id }: how is your inner weather?
    Each of you answers in turn in this thread with a word or an emoji (☀️ 🌤 ⛅ 🌧 ⛈) and a few words; we listen without commenting, and what is said stays here. !pass to pass.
    Order: { $order }. { $first }, please open the round.
meteo-summary = 🌈 Weather { $id } is over, thank you all.
weather-line = • { $who }: { $weather }
weather-count = { $weather } × { $count }
weather-passed = Passed: { $who }
weather-silent = No answer: { $who }
weather-absent = Away: { $who }

## Speaking rounds

round-next = { $next }, your turn.
round-already-spoken = You already took your turn in { $id }.
round-not-your-turn = This round goes in order: it is { $next }’s turn in { $id }. Yours will come; please wait.
round-no-comments = { $who }, you have already taken your turn: { $kind ->
    [meteo] during the weather check-in we listen without commenting
   *[other] in this round each of us speaks once and we listen without commenting
}. This message is not added to the round. Thank you 🙏
round-tally = { $spoke_count ->
    [0] Nobody has spoken yet
   *[other] Spoke: { $spoke }
}{ $passed_count ->
    [0] {""}
   *[other] { " · " }passed: { $passed }
}{ $waiting_count ->
    [0] { " · " }everyone has taken their turn.
   *[other] { " · " }waiting for: { $waiting }.
}
round-closed-silent = Round closed; no answer from { $silent }.

## Consent decision

decision-presentation = 🌱 Decision { $id } — proposal carried by { $proposer }:
    “{ $text }”
    Steps: clarification, reactions, amendment, objections. Everything happens in this thread.
decision-clarification = ❓ Clarification ({ $id }): ask only questions to understand; only { $proposer } answers them. A facilitator moves on with !next.
open-questions-only = { $who }, at this step we only ask questions (with a “?”){ $kind ->
    [decision] , and { $proposer } answers. Opinions come in the reactions round 🙂
   *[other] : opinions come later 🙂
}
decision-reactions = 💬 Reactions ({ $id }): each of you shares how you feel about the proposal, once, in turn (!pass to pass).
    Order: { $order }. { $first }, your turn.
decision-amendment = ✏️ Amendment ({ $id }): { $proposer }, you can amend the proposal with !amend <new text>, withdraw it with !withdraw, or keep it as it is with !next.
decision-objections = ✋ Objections ({ $id }, round { $round }) on:
    “{ $text }”
    Each of you answers !consent or !object <reason> (or reacts ✅ / ✋ to this message). An objection is argued: it says how the proposal harms the garden. Silence is not consent.
    Participants: { $order }.
decision-lift = 🔧 Lifting objections ({ $id }): { $objectors }, first propose what would lift your { $count ->
    [one] objection
   *[other] objections
} (answer in this thread). Then { $proposer } amends with !amend <text> (or !next to keep the text) and the objection round starts again.
objection-line = • { $who }: “{ $reason }”
lift-noted = 📌 { $who }'s idea noted.
lift-proposer-turn = { $proposer }, the ideas are on the table: your turn to amend with !amend <text> (or !next to keep the text).
lift-wait-objectors = { $count ->
    [one] { $pending } has not yet proposed how to lift their objection
   *[other] { $pending } have not yet proposed how to lift their objections
}: we hear them first. A facilitator can move on with !next.
amended = 📝 New version (v{ $version }) of { $id }:
    “{ $text }”
amend-mended = ✏️ Version { $version } of { $id } corrected (nobody had answered the round yet):
    “{ $text }”
amend-during-objections = { $answered ->
    [yes] Objection round { $round } has started: the text no longer changes during the round.
   *[no] During the objection round the text does not change.
} An objection will open the lifting of objections, where { $proposer } can amend.
amend-nothing = { $id } has no proposal to amend.
answer-how = For { $id }: !amend <new text> to amend, !withdraw to withdraw the proposal, or !next to keep the text.
answer-kept = The text of { $id } is kept as it is.
withdrawn = 🍂 { $proposer } withdrew proposal { $id }. It is written in the register.
amend-not-proposer = Only { $proposer }, who carries { $id }, can amend or withdraw the proposal.
objection-reason-needed = { $who }, an objection needs its reason: write it in this thread (your next message will be taken as it), or !object <reason>.
react-on-prompt = To answer in { $id }, react ✅ or ✋ to the objection round's message, or write !consent or !object <reason>.
answer-withdrawn = { $who } withdraws their answer to the objection round of { $id }: we wait for them again.
consent-early-last = { $who }, your answer is kept aside: you will be asked last, once the others have answered.
consent-ask-last = { $who }, everyone else has spoken: do you accept? !consent or !object <reason>.{ $early ->
    [yes] { " " }(The answer you gave earlier was kept aside: please say it again now.)
   *[no] {""}
}
consent-next-waiting = Still waiting for { $waiting } to answer: silence is not consent. { $silence ->
    [later] After the deadline's reminder, silence will count as no objection.
   *[never] A facilitator can record an absence with !away @person.
}
consent-closed-clear = Objection round closed: { $consents ->
    [0] no consent
    [one] one consent
   *[other] { $consents } consents
}, no objection.{ $silent ->
    [0] {""}
   *[other] { $silence ->
        [consent] { " " }Silence counted as no objection: { $silent_names }.
       *[other] { " " }No answer: { $silent_names }.
    }
}{ $absent ->
    [0] {""}
   *[other] { " " }Away: { $absent_names }.
}
consent-closed-objections = Objection round closed: { $objections ->
    [one] one objection
   *[other] { $objections } objections
}.
consent-tally = Answers: { $consent_count ->
    [0] no consent yet
   *[other] ✅ { $consents }
}{ $objection_count ->
    [0] {""}
   *[other] { " · " }✋ { $objectors }
}{ $waiting_count ->
    [0] { " · " }everyone has answered.
   *[other] { " · " }waiting for: { $waiting }.
}
decision-adopted = 🎉 Decision { $id } adopted by consent!
decision-no-consent = ⚠️ Decision { $id } not adopted: nobody objected, but nobody consented either. A decision without any consent is not adopted; it is written in the register.
record-text = Text: “{ $text }”
record-proposer = Proposer: { $who }
record-participants = Participants: { $who }
record-rounds = { $rounds ->
    [0] No objection round
    [one] One objection round
   *[other] { $rounds } objection rounds
}; { $versions ->
    [one] one version
   *[other] { $versions } versions
}.
record-version = Version { $n }{ $after ->
    [0] { " " }(first proposal)
   *[other] { " " }(after round { $after })
}: “{ $text }”
record-objection = Objection from { $who } (round { $round }): “{ $reason }” — { $version ->
    [0] no new version
   *[other] answered by version { $version }
}
record-lift = { "   " }↳ idea from { $who } to lift it: “{ $lift }”
record-consents = Consented: { $who }
record-absent = Away: { $who }
record-silent = { $silence ->
    [consent] Silence counted as no objection: { $who }
   *[other] No answer: { $who }
}
celebration = Well done, garden 🌻

## Election without candidates

election-announce = 🗳 Election { $id }: role “{ $text }”{ $term_unit ->
    [none] {""}
   *[other] , for { $term }
}.{ $has_mission ->
    [yes] { " " }Mission: { $mission }.
   *[no] {""}
}
    Nobody stands as a candidate: each of you proposes someone, by direct message, without seeing the others' proposals before the reveal.
election-nominations = 📨 Nominations ({ $id }): I am writing to each of you by direct message. Answer there with !nominate @person [reason].
ballot-request = Hello { $who }! For election { $id } (role “{ $text }”{ $has_mission ->
    [yes] : { $mission }
   *[no] {""}
}), whom do you propose? Answer here: !nominate @person [reason]. One name, no abstention; you may propose yourself. Nobody will see your proposal before the reveal.
ballot-recorded = Noted: you propose { $nominee } ({ $received }/{ $total } proposals received). Nothing is shown before the reveal.
ballot-already = Your proposal for { $id } is already recorded; you can move it during the vote changes.
ballot-by-dm = For { $id }, send your proposal to the bot by direct message (!nominate @person [reason]), so that nobody sees it before the reveal.
ballots-missing = No proposal from: { $silent }.
election-reveal = 🔓 Reveal ({ $id }): { $count ->
    [0] no proposal
    [one] one proposal
   *[other] { $count } proposals
}.
ballot-line = • I, { $voter }, propose { $nominee }.
ballot-line-reason = • I, { $voter }, propose { $nominee }: “{ $reason }”
election-reasons = 💬 Reasons ({ $id }): each of you explains your proposal, in turn.
    Order: { $order }. { $first }, your turn.
election-changes = 🔁 Vote changes ({ $id }): each of you may move your vote to someone already proposed (!nominate @person [reason]) or keep it (!pass).
    Order: { $order }. { $first }, your turn.
revote-not-named = { $who } was not proposed; you can move your vote to someone already proposed: { $named }.
revote-no-ballot = You have no proposal to move in { $id }.
revote-moved = { $who } moves their vote to { $nominee }.
election-proposal = ⚖️ Proposal ({ $id }): here is the tally. A facilitator proposes a person with !propose @person.
tally-line = • { $who }: { $count }
suggestion-line = Suggestion: { $who } { $why ->
    [most] (the most proposed person).
    [self] (tied; the only one who proposed themselves).
    [holder] (tied; the current holder of the role).
   *[draw] (tied: random draw).
}
proposed = { $nominee } is proposed for the role “{ $text }” ({ $id }).
propose-needed = For { $id }, a facilitator must first propose someone with !propose @person.
election-objections = ✋ Objections ({ $id }): { $nominee } for “{ $text }”. Each of you answers !consent or !object <reason>; { $nominee } will be asked last.
election-elected = 🎉 { $nominee } is elected to the role “{ $text }” ({ $id })!
role-term-end = End of term: { $end }. I will remind the garden before it ends.

## Closing round (custom ritual)

closing-announce = 🌙 Closing round { $id }: in a word or a sentence, how do you leave? { $text }
closing-round = Order: { $order }. { $first }, your turn (!pass to pass).
closing-done = 🙏 Closing round { $id } is over.{ $count ->
    [0] {""}
   *[other] { " " }Thank you { $speakers }.
}

## Deadlines

step-reminder = ⏰ Reminder ({ $id }): the deadline has passed. { $count ->
    [0] {""}
   *[other] Still waiting for: { $waiting }.
} { $then ->
    [wait] Silence is not consent: the round stays open until everyone answers (a facilitator can record an absence with !away @person).
    [silence] Without an answer soon, silence will count as no objection.
   *[close] Without answers, the step will close soon.
}
step-deadline-passed = ⏭ { $id }: time is up, moving on.

## Absences, runs that are over

absent-noted = { $who } is recorded as away for { $id }: we no longer wait for them.
absent-already = { $who } is already recorded as away for { $id }.
absent-not-participant = { $who } does not take part in { $id }.
run-over-text = { $who }, { $id } is { $status ->
    [cancelled] cancelled
    [withdrawn] withdrawn
    [interrupted] interrupted
   *[other] over
}: this message is not taken into account there.

## Errors and refusals

not-member = Only members of the garden take part in its rituals.
not-allowed = Only facilitators can use !{ $command }.
unknown-command = I don't know the command “{ $word }”.{ $suggestion ->
    [none] { " " }Type !help for the list.
   *[other] { " " }Did you mean { $suggestion }?
}
usage-error = { $problem ->
    [missing] Missing: { $arg }.
   *[invalid] I can't read { $arg }.
}
usage-line = Usage: { $usage }
person-not-member = I can't find “{ $who }” among the garden's members.
person-ambiguous = Several members are called “{ $who }”: use their id (@name:server) or a mention.
run-unknown = I don't know { $id } in this garden.
run-finished = { $id } is { $status ->
    [cancelled] cancelled
    [withdrawn] withdrawn
    [interrupted] interrupted
   *[other] already over
}.
run-none = No ritual is running.
run-none-for = { $family ->
    [election] No election is waiting for your proposal.
    [decision] No decision is running.
    [consent] No objection round is running.
   *[other] No ritual is running.
}
run-which = Several rituals are running ({ $ids }): say which one, for example { $example }, or answer in its thread.
run-ritual-missing = The ritual of { $id } is no longer loaded.
ritual-unknown = I don't know the ritual “{ $name }”. Available rituals: { $names }.
run-cancelled = 🚫 { $id } was cancelled by { $who }. It is written in the register.
noyau-too-small = The core needs at least two members of the garden (I recognised { $count }).
internal-error = Sorry, something went wrong on my side; nothing was lost. Please try again in a moment.

## Help

help-header = Commands you can use:
help-line = • { $usage } — { $help }
help-footer = Details of a command: !help <command>.
help-facilitator-only = (facilitators only)

## !status

status-none = No ritual is running.
status-header = { $count ->
    [one] One ritual running:
   *[other] { $count } rituals running:
}
status-line = • { $id } { $title } — step: { $step }{ $count ->
    [0] {""}
   *[other] {""}; waiting for: { $waiting }{ $more ->
        [0] {""}
        [one] {""} and one more person
       *[other] {""} and { $more } more people
    }
}

## Registers

decisions-empty = The decision register is empty for now.
decisions-header = Decision register ({ $count }):
decisions-line = • { $id } ({ $at }) { $outcome ->
    [adopted] adopted
    [withdrawn] withdrawn
    [no-consent] not adopted, no consent
   *[cancelled] cancelled
} — “{ $text }” carried by { $proposer }; { $rounds ->
    [0] no objection round
    [one] one objection round
   *[other] { $rounds } objection rounds
}, { $objections ->
    [0] no objection
    [one] one objection
   *[other] { $objections } objections
}, { $versions ->
    [one] one version
   *[other] { $versions } versions
}.
decisions-footer = One decision in full: !decisions <id>, for example !decisions D1.
decision-unknown = I can't find { $id } in the decision register.
decision-detail = 📜 Decision { $id } — { $outcome ->
    [adopted] adopted
    [withdrawn] withdrawn
    [no-consent] not adopted, no consent
   *[cancelled] cancelled
} on { $at }.
roles-empty = No role elected yet.
roles-header = Roles ({ $count }):
roles-line = • { $role }{ $has_mission ->
    [yes] { " " }({ $mission })
   *[no] {""}
}: { $holder } since { $start }{ $term ->
    [until] , until { $end }
    [ended] , term ended on { $end }
   *[open] {""}
} ({ $id })

## Constitution

constitution-header = 📜 The garden's constitution:
constitution-raison = • Purpose: { $set ->
    [yes] { $value }
   *[no] (to be written)
}
constitution-entrees = • Joining: { $set ->
    [yes] { $value }
   *[no] (to be written)
}
constitution-sorties = • Leaving: { $set ->
    [yes] { $value }
   *[no] (to be written)
}
constitution-economie = • Economic model: { $set ->
    [yes] { $value }
   *[no] (to be written)
}
constitution-noyau = • Core: { $count ->
    [0] (to be formed, at least two members)
   *[other] { $who }
}

## Garden settings

setting-langue = Noted: I now speak English in this garden.
setting-fuseau = The garden's timezone: { $value }.
setting-recolte = The weekly harvest will be posted on { $dayname } at { $time }.
setting-type = Garden type: { $value }. { $shares ->
    [yes] Its experience reports are shared with the commons.
   *[no] Nothing of this garden goes to the commons.
}
setting-communs = { $shares ->
    [yes] This garden's experience reports will be shared with the commons.
   *[no] This garden's experience reports stay in the garden.
}
setting-meteo-memoire = { $on ->
    [yes] Weather memory on: the content of check-ins will be kept.
   *[no] Weather memory off: only the dates of check-ins are kept.
}
setting-facilitateur = { $removed ->
    [yes] { $who } is no longer a facilitator named by the garden.
   *[no] { $who } is now a facilitator of the garden.
}
setting-invalid = “{ $value }” doesn't fit { $setting }: { $expected }
setting-name-langue = the language
setting-name-fuseau = the timezone
setting-name-recolte = the harvest time
setting-name-type = the garden type
setting-name-communs = sharing with the commons
setting-name-meteo-memoire = the weather memory
setting-name-points = the time of the défis' check-ins
setting-name-nom = the garden's name
setting-name-contexte = the garden's context
setting-name-brouillons = how long drafts are kept
setting-expected-langue = fr or en.
setting-expected-fuseau = a timezone such as Europe/Paris.
setting-expected-recolte = a day and a time, such as “monday 09:00”.
setting-expected-type = local, thematic or organisation.
setting-expected-communs = yes or no.
setting-expected-meteo-memoire = yes or no.
garden-type-local = local
garden-type-thematic = thematic
garden-type-organisation = organisation
weekday-0 = Monday
weekday-1 = Tuesday
weekday-2 = Wednesday
weekday-3 = Thursday
weekday-4 = Friday
weekday-5 = Saturday
weekday-6 = Sunday
