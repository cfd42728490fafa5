# tuteur — rituals a garden writes itself: what `tuteur rituals check`, `tuteur check` and
# `!rituel ajouter` say about a ritual file, the `!rituel liste / voir / retirer / historique`
# answers. The same ids exist in French
# (locales/fr/rituals.ftl). Placeholders are written $name in these texts, never with braces.

## Checking a ritual file

rituals-error = error:
rituals-warning = warning:
rituals-at = { $line ->
    [0] { $severity } { $what }
   *[other] line { $line }, column { $column }: { $severity } { $what }
}
rituals-toml-syntax = this is not valid TOML ({ $detail }). Each line is key = value; a text goes between quotes, as in title.en = "Debrief", or between triple quotes """…""" over several lines.
rituals-toml-value = unexpected value ({ $detail }). Look at the example files in the rituals/ folder.
rituals-unknown-key = unknown key `{ $key }`{ $suggestion ->
    [none] {""}
   *[other] {""} (did you mean `{ $suggestion }`?)
}. A ritual has: { $known }.
rituals-unknown-step-key = unknown step key `{ $key }`{ $suggestion ->
    [none] {""}
   *[other] {""} (did you mean `{ $suggestion }`?)
}. A step has: { $known }.
rituals-missing-key = { $where ->
    [step] step { $step } has no `{ $key }`
   *[other] the ritual has no `{ $key }`
}: { $key ->
    [name] write for instance name = "debrief" (lowercase letters, digits and -).
    [family] write family = "custom" (or meteo, decision, election).
    [title] write for instance title.fr = "Débrief" and title.en = "Debrief".
    [steps] add at least one [[steps]] table, ending with a step kind = "record".
    [id] give the step a name, for instance id = "round".
    [kind] say what the step does, for instance kind = "round".
   *[other] write for instance message.fr = "…" and message.en = "…".
}
rituals-step-not-table = `steps` is a list of tables: write each step under its own [[steps]] line.
rituals-aliases-type = `aliases` is a list of names between quotes, as in aliases = ["debriefing", "review"].
rituals-unknown-lang = `{ $key }` has a text in `{ $lang }`: texts are written in fr and en, as in { $key }.fr = "…" and { $key }.en = "…".
rituals-text-type = `{ $key }` must be a message id between quotes, or texts per language, as in { $key }.fr = "…" and { $key }.en = "…".
rituals-bool-type = `{ $key }` is true or false, without quotes: { $key } = true.
rituals-string-type = `{ $key }` is a word between quotes, as in { $key } = "round".
rituals-unknown-choice = `{ $key } = "{ $value }"` is not known{ $suggestion ->
    [none] {""}
   *[other] {""} (did you mean "{ $suggestion }"?)
}: expected one of { $known }.
rituals-no-steps = the ritual has no steps: add [[steps]] tables, the last one with kind = "record".
rituals-too-many-steps = the ritual has { $count } steps, at most { $max } are allowed: a ritual a garden can follow stays short.
rituals-loop = steps { $steps } form a loop without any step that waits for people (round, open, answer, consent, nominate or propose): a run would post their messages over and over. Put a step that waits in the loop, or end it with next = "…" towards another step.
rituals-no-way-out = steps { $steps } form a loop a run never leaves: none of them leads to the `record`, so a run would go round until it is cancelled and would never be recorded. Give one of them a next = "…" towards a step that leads to the record, or remove the next that sends the run back.
rituals-name-empty = the ritual's `name` is empty: write for instance name = "debrief".
rituals-name-chars = ritual name `{ $name }` may only use lowercase ASCII letters, digits and `-`, as in name = "co-development" (other spellings go in aliases = ["co-développement"]).
rituals-alias-empty = empty alias: remove it, or write a name between the quotes.
rituals-step-id-empty = empty step id: write for instance id = "round".
rituals-step-id-taken = step id `{ $id }` is already used by the step on line { $line }: each step has its own id.
rituals-bad-ref = `{ $key }` refers to `{ $target }`, which is not a step id; the steps are: { $ids }.
rituals-answer-who = an answer step needs `who` ("proposer" or "nominee"): who answers? Write who = "proposer".
rituals-option-kind = `{ $key }` only applies to { $count ->
    [one] { $kinds } steps
   *[other] { $kinds } steps
}; this step is `{ $kind }`: remove the option, or change the kind.
rituals-deadline = deadline `{ $value }` is not a duration: a whole number and a unit, as in `30m`, `24h`, `3j` or `2 semaines`, more than zero and at most 365 days.
rituals-no-record = the ritual has no `record` step: nothing would close the run and write its outcome. End it with a step kind = "record".
rituals-second-record = a second `record` step: a ritual has exactly one, which closes the run.
rituals-last-step = the last step must be the `record` or have a `next`: otherwise the run would end without being recorded.
rituals-decision-answer = a `decision` ritual needs an `answer` step with who = "proposer" (the amendment).
rituals-decision-consent = a `decision` ritual needs a `consent` step.
rituals-election-steps = an `election` ritual needs nominate, reveal, propose and consent steps; missing: { $missing }.
rituals-meteo-round = a `meteo` ritual needs a `round` step.
rituals-file-too-big = the file has { $size } bytes, at most { $max } are accepted: a ritual fits on a page.
rituals-file-unreadable = cannot read the file: { $error }.
rituals-dir-unreadable = cannot read the folder: { $error }.
rituals-replaces-builtin = this file replaces the built-in ritual `{ $name }`: `!rituel { $name }` will run this version.
rituals-replaces-family = a file replacing the built-in ritual `{ $name }` must keep family = "{ $family }": the bot's own command starts it.
rituals-name-reserved = `{ $word }` is a word of !rituel (ajouter, liste, voir, retirer, historique and their English names): choose another name.
rituals-name-taken = `{ $word }` is already the name or an alias of the ritual `{ $other }`: `!rituel { $word }` must mean one ritual. Choose another name or alias.
rituals-name-taken-garden = `{ $word }` is already the name or an alias of the ritual `{ $other }`, which the bot provides: choose another name (a garden's ritual replaces none of the bot's).

## Texts in a ritual file

rituals-text-empty-id = `{ $key }` is empty: write a text, as in { $key }.fr = "…" and { $key }.en = "…".
rituals-id-missing = `{ $key }` names the message id `{ $id }`, which is missing from { $lang_count ->
    [one] the locale
   *[other] the locales
} { $langs }. To write your own text, put it in the file: { $key }.fr = "…" and { $key }.en = "…".
rituals-id-placeholder = the message `{ $id }` uses ${ $name }, which a `{ $kind }` step of this ritual does not give (it gives: { $given }). Write your own text instead: { $key }.fr = "…".
rituals-text-no-lang = `{ $key }` has no text: write { $key }.fr = "…" and { $key }.en = "…".
rituals-text-lang-missing = `{ $key }` has no text in { $lang }: gardens that speak it will read the { $other } text. Add { $key }.{ $lang } = "…".
rituals-text-empty = `{ $key }.{ $lang }` is empty: write the text between the quotes.
rituals-text-too-long = `{ $key }.{ $lang }` has { $size } bytes, at most { $max }: a message in a room stays short.
rituals-text-syntax = `{ $key }.{ $lang }`, line { $line } of the text: { $detail }. A placeholder is a dollar and a name between braces, as in the built-in messages; a brace alone is written {"{"}"{"{"}"{"}"}.
rituals-text-reference = `{ $key }.{ $lang }` refers to `{ $name }`: a ritual's text stands alone; use the placeholders of its step instead.
rituals-text-placeholder = `{ $key }.{ $lang }` uses ${ $name }, which a `{ $kind }` step does not give. It gives: { $given }.

## !rituel ajouter / liste / voir / retirer / historique

garden-ritual-added = 🌱 The ritual « { $title } » is kept for this garden (version { $version }): start it with !rituel { $name }.
garden-ritual-warnings = { $count ->
    [one] One warning
   *[other] { $count } warnings
}:
garden-ritual-line = • { $problem }
garden-ritual-refused = The ritual was not kept: { $count ->
    [one] one problem
   *[other] { $count } problems
} to fix in the file, then send it again with !rituel ajouter.
garden-ritual-no-file = !rituel ajouter needs the ritual file: attach a .toml file with the command as its caption, reply to the file with the command, or write the command then the file in a code block (```toml … ```). The guide has examples: docs/en/rituals.md.
garden-ritual-too-many = This garden already keeps { $max } rituals: remove one with !rituel retirer <name> before adding another.
garden-ritual-busy = { $id } is running « { $name } »: end it (or !annuler { $id }) before changing or removing this ritual.
garden-ritual-list-header = { $count ->
    [0] This garden has no ritual of its own yet. Add one with !rituel ajouter (see docs/en/rituals.md).
    [one] This garden's own ritual:
   *[other] This garden's { $count } own rituals:
}
garden-ritual-list-line = • { $name } — « { $title } », version { $version } of { $at }
garden-ritual-list-footer = The bot's rituals: { $names }. See one with !rituel voir <name>.
garden-ritual-unknown = This garden has no ritual called « { $name } ». Its own: { $names }.
garden-ritual-not-own = « { $name } » is a ritual the bot provides, not this garden's: it cannot be removed here.
garden-ritual-shown = « { $title } » ({ $name }{ $version ->
    [0] , provided by the bot
   *[other] , version { $version } of { $at }
}): its file follows.
garden-ritual-source = { $source }
garden-ritual-removed = The ritual « { $name } » is removed from this garden (its { $count ->
    [one] version stays
   *[other] { $count } versions stay
} in the garden's memory; !rituel ajouter brings it back).
garden-ritual-none = none
garden-ritual-history-header = { $count ->
    [0] No run of the garden's other rituals yet.
   *[other] Runs of the other rituals ({ $count }):
}
garden-ritual-history-line = • { $id } « { $title } », { $at } — { $state ->
    [cancelled] cancelled
    [interrupted] stopped (its steps looped)
   *[done] { $count ->
        [0] nobody spoke
        [one] { $speakers } spoke
       *[other] { $speakers } spoke
    }
}
digest-rituals = { $count ->
    [one] Ritual held: { $list }
   *[other] Rituals held ({ $count }): { $list }
}
digest-ritual-item = { $id } « { $title } »
