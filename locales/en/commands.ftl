# tuteur — commands: syntax (usage-*), short description (help-*) and arguments (arg-*).
# Ids follow CommandName::slug(); the same ids exist in French (locales/fr/commands.ftl).
# The arg-* messages complete "Missing: …" and "I can't read …".

## Syntax of each command

usage-aide = !help [command]
usage-meteo = !weather
usage-decision = !proposal [for @person:] <proposal> [--delay 48h] [--silence-consent]
usage-election = !election <role> [for <duration>] [: <mission>], for example !election secretary for 6 months: keep the register
usage-rituel = !ritual <name> [text]
usage-suivant = !next [id]
usage-passe = !pass [id]
usage-consens = !consent [id]
usage-objection = !object [id] <reason>
usage-amender = !amend [id] <text>
usage-retirer = !withdraw [id]
usage-nomine = !nominate [id] @person [reason]
usage-propose = !propose [id] @person
usage-annuler = !cancel [id]
usage-absent = !away @person [id]
usage-ou = !status [page]
usage-defi = !challenge <title> | <deadline>, or !challenge join / leave / done F1
usage-point = !checkin F1 <text>
usage-defis = !challenges [page]
usage-retour = !share [anonymous] <title, then the text>
usage-recolte = !digest
usage-decisions = !decisions [page | id]
usage-roles = !roles [page]
usage-retours = !shares
usage-constitution = !constitution [field text]
usage-jardin = !garden <setting> <value>
usage-oublie-moi = !forget-me

## What each command does

help-aide = The commands you can use, or how to use one of them.
help-meteo = Starts a weather round: everyone shares their inner weather.
help-decision = Starts a consent decision on a proposal, brought by you or by someone else.
help-election = Starts an election without candidates for a role, with its term and mission if you like.
help-rituel = Starts another of the garden's rituals (closing round, check-in…).
help-suivant = Closes the current step and moves on to the next one.
help-passe = Passes your turn to speak.
help-consens = Says you have no objection.
help-objection = Raises an objection, with its reason (without one, I ask for it).
help-amender = Changes the proposal you brought.
help-retirer = Withdraws the proposal you brought.
help-nomine = Names the person you propose for the role (yourself is fine too), and why.
help-propose = Proposes the person to elect, after the nominations.
help-annuler = Cancels a running ritual; it is written in the register.
help-absent = Records someone as away for a running ritual: we no longer wait for them (this is not consent).
help-ou = The running rituals, their step and whom we are waiting for.
help-defi = Creates a challenge to achieve together, or joins, leaves or completes one.
help-point = Gives news of a challenge you take part in.
help-defis = The active challenges and their latest news.
help-retour = Shares an experience report for the harvest (licence CC BY-SA 4.0): the first line is its title, #keywords are kept, “anonymous” as the first word not to be named. You can also react 🌱 to someone's message to suggest harvesting it.
help-recolte = Posts this week's digest right now.
help-decisions = The garden's register of decisions, or one decision's full record (!decisions D1).
help-roles = The register of roles and their terms.
help-retours = The experience reports the garden has harvested.
help-constitution = The garden's constitution; facilitators can change its purpose, entries, exits, economy or core.
help-jardin = Changes a garden setting: language, timezone, digest (day and time of the weekly digest), checkins (day and time of the challenges' check-ins), type, commons, name, facilitator or weather-memory.
help-oublie-moi = Erases your personal data from this garden (weather entries, election ballots, check-ins, pending harvest questions) and signs your harvested reports “anonyme”.

## Arguments, for "Missing: …" and "I can't read …"

arg-proposition = the proposal
arg-role = the role to fill
arg-duree = the term (for example “for 6 months”, “for 1 year” or “for 2 weeks”)
arg-nom = the ritual's name
arg-id = the id (for example D3, or F1 for a challenge)
arg-raison = the reason for your objection
arg-texte = the text
arg-personne = the person (@name or a mention)
arg-delai = the delay (for example 48h, 3d or 2 weeks)
arg-titre = the challenge's title
arg-echeance = the challenge's deadline, after a bar “|”
arg-champ = the constitution field (purpose, entries, exits, economy or core)
arg-reglage = the setting (language, timezone, digest, checkins, type, commons, name, facilitator or weather-memory)
arg-valeur = the setting's value
