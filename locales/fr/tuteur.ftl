# tuteur — textes du bot (français, langue par défaut).
# Les identifiants sont utilisés par le code et par rituals/*.toml : les mêmes existent en anglais.

## Titres des rituels

ritual-meteo-title = Météo
ritual-decision-title = Décision par consentement
ritual-election-title = Élection sans candidat·e
ritual-closing-title = Tour de clôture

## Noms des étapes (pour !où)

step-announce = annonce
step-round = tour de parole
step-open = échanges libres
step-answer = réponse attendue
step-consent = tour d'objections
step-nominate = nominations
step-reveal = révélation
step-propose = proposition
step-record = clôture

## Météo

meteo-open = ☀️ Météo { $id } : comment va ta météo intérieure ?
    Chacun·e répond à son tour dans ce fil avec un mot ou un emoji (☀️ 🌤 ⛅ 🌧 ⛈) et quelques mots ; on écoute sans commenter, ce qui se dit reste ici. !passe pour passer.
    Ordre : { $order }. { $first }, à toi d'ouvrir la ronde.
meteo-summary = 🌈 Météo { $id } terminée, merci à toutes et tous.
weather-line = • { $who } : { $weather }
weather-count = { $weather } × { $count }
weather-passed = { $count ->
    [one] A passé son tour : { $who }
   *[other] Ont passé leur tour : { $who }
}

## Tours de parole

round-next = { $next }, c'est à toi.
round-passed = { $who } passe son tour.
round-already-spoken = Tu as déjà pris ton tour dans { $id }.
round-not-your-turn = Ce tour se fait dans l’ordre : c’est à { $next } de parler dans { $id }. Ton tour viendra, merci d’attendre.
round-closed-silent = { $count ->
    [one] Tour clos ; sans réponse : { $silent }.
   *[other] Tour clos ; sans réponse : { $silent }.
}

## Décision par consentement

decision-presentation = 🌱 Décision { $id } — proposition portée par { $proposer } :
    « { $text } »
    Déroulé : clarification, réactions, amendement, objections. Tout se passe dans ce fil.
decision-clarification = ❓ Clarification ({ $id }) : posez uniquement des questions de compréhension ; seul·e { $proposer } y répond. Un·e facilitateur·rice passe à la suite avec !suivant.
open-questions-only = { $who }, à cette étape on pose seulement des questions (avec un « ? »), et c'est { $proposer } qui répond. Les avis viendront au tour des réactions 🙂
decision-reactions = 💬 Réactions ({ $id }) : chacun·e donne son ressenti sur la proposition, une fois, à son tour (!passe pour passer).
    Ordre : { $order }. { $first }, à toi.
decision-amendment = ✏️ Amendement ({ $id }) : { $proposer }, tu peux amender la proposition avec !amender <nouveau texte>, la retirer avec !retirer, ou la garder telle quelle avec !suivant.
decision-objections = ✋ Objections ({ $id }, tour { $round }) sur :
    « { $text } »
    Chacun·e répond !consens ou !objection <raison> (ou réagit ✅ / ✋ à ce message). Une objection est argumentée : elle dit en quoi la proposition nuit au jardin.
    Participant·e·s : { $order }.
decision-lift = 🔧 Levée des objections ({ $id }) : { $objectors }, proposez d'abord ce qui lèverait votre objection (répondez dans ce fil). Puis { $proposer } amende avec !amender <texte> (ou !suivant pour garder le texte) et le tour d'objections reprend.
objection-line = • { $who } : « { $reason } »
lift-proposer-turn = { $proposer }, les pistes sont posées : à toi d'amender avec !amender <texte>.
amended = 📝 Nouvelle version (v{ $version }) de { $id } :
    « { $text } »
answer-kept = Le texte de { $id } est gardé tel quel.
withdrawn = 🍂 { $proposer } a retiré la proposition { $id }. C'est noté au registre.
amend-not-proposer = Seul·e { $proposer }, qui porte { $id }, peut amender ou retirer la proposition.
consent-noted = ✅ { $who } consent ({ $answered }/{ $total }).
objection-noted = ✋ Objection de { $who } notée ({ $answered }/{ $total }).
objection-reason-needed = { $who }, une objection a besoin de sa raison : écris !objection <raison>.
consent-ask-last = { $who }, tout le monde s'est exprimé : acceptes-tu ? !consens ou !objection <raison>.
consent-closed-clear = Tour d'objections clos : { $consents } consentement(s), aucune objection.{ $silent ->
    [0] {""}
   *[other] { $silence ->
        [consent] { " " }Silence valant consentement : { $silent_names }.
       *[other] { " " }Sans réponse : { $silent_names }.
    }
}
consent-closed-objections = Tour d'objections clos : { $objections ->
    [one] une objection
   *[other] { $objections } objections
}.
decision-adopted = 🎉 Décision { $id } adoptée par consentement !
record-text = Texte adopté : « { $text } »
record-proposer = Porteur·se : { $proposer }
record-participants = Participant·e·s : { $who }
record-rounds = Tours d'objections : { $rounds } ; versions : { $versions }
record-version = Version { $n } : « { $text } »
record-objection = Objection de { $who } (tour { $round }) : « { $reason } » — { $version ->
    [0] sans amendement
   *[other] traitée par la version { $version }
}
record-lift = Pistes proposées par { $who } pour lever son objection : « { $lift } »
record-silent = Silence valant consentement : { $who }
celebration = Bravo au jardin 🌻

## Élection sans candidat·e

election-announce = 🗳 Élection { $id } : rôle « { $text } »{ $term_unit ->
    [none] {""}
    [years] , pour { $term_n } an(s)
    [months] , pour { $term_n } mois
    [weeks] , pour { $term_n } semaine(s)
    [days] , pour { $term_n } jour(s)
   *[hours] , pour { $term_n } heure(s)
}.
    Personne ne se porte candidat·e : chacun·e propose quelqu'un, en message privé, sans voir les autres propositions avant la révélation.
election-nominations = 📨 Nominations ({ $id }) : je vous écris à chacun·e en message privé. Répondez-y avec !nomine @personne [raison].
ballot-request = Bonjour { $who } ! Pour l'élection { $id } (rôle « { $text } »), qui proposes-tu ? Réponds ici : !nomine @personne [raison]. Un seul nom, pas d'abstention ; tu peux te proposer toi-même. Personne ne verra ta proposition avant la révélation.
ballot-recorded = C'est noté : tu proposes { $nominee } ({ $received }/{ $total } propositions reçues). Rien n'est montré avant la révélation.
ballot-already = Ta proposition pour { $id } est déjà enregistrée ; tu pourras la changer au moment du report de voix.
ballot-by-dm = Pour { $id }, envoie ta proposition en message privé au bot, afin que personne ne la voie avant la révélation.
ballots-missing = { $count ->
    [one] Pas de proposition de : { $silent }.
   *[other] Pas de proposition de : { $silent }.
}
election-reveal = 🔓 Révélation ({ $id }) : { $count } proposition(s).
ballot-line = • Moi { $voter }, je propose { $nominee }.
ballot-line-reason = • Moi { $voter }, je propose { $nominee } : « { $reason } »
election-reasons = 💬 Raisons ({ $id }) : chacun·e explique sa proposition, à son tour.
    Ordre : { $order }. { $first }, à toi.
election-changes = 🔁 Report de voix ({ $id }) : chacun·e peut reporter sa voix sur une personne déjà proposée (!nomine @personne [raison]) ou la garder (!passe).
    Ordre : { $order }. { $first }, à toi.
revote-not-named = { $who } n'a pas été proposé·e ; on reporte sa voix sur une personne déjà proposée : { $named }.
revote-no-ballot = Tu n'as pas de proposition à reporter dans { $id }.
revote-moved = { $who } reporte sa voix sur { $nominee }.
election-proposal = ⚖️ Proposition ({ $id }) : voici le décompte. Un·e facilitateur·rice propose une personne avec !propose @personne.
tally-line = • { $who } : { $count }
suggestion-line = Suggestion : { $who } { $why ->
    [most] (la personne la plus proposée).
    [self] (à égalité, seule personne qui s'est proposée elle-même).
    [holder] (à égalité, titulaire actuel·le du rôle).
   *[draw] (à égalité : tirage au sort).
}
proposed = { $nominee } est proposé·e pour le rôle « { $text } » ({ $id }).
propose-needed = Pour { $id }, un·e facilitateur·rice doit d'abord proposer quelqu'un avec !propose @personne.
election-objections = ✋ Objections ({ $id }) : { $nominee } pour « { $text } ». Chacun·e répond !consens ou !objection <raison> ; { $nominee } sera consulté·e en dernier.
election-elected = 🎉 { $nominee } est élu·e au rôle « { $text } » ({ $id }) !
role-term-end = Fin du mandat : { $end }. Je le rappellerai au jardin deux semaines avant.

## Tour de clôture (rituel personnalisé)

closing-announce = 🌙 Tour de clôture { $id } : en un mot ou une phrase, comment repars-tu ? { $text }
closing-round = Ordre : { $order }. { $first }, à toi (!passe pour passer).
closing-done = 🙏 Tour de clôture { $id } terminé. Merci à { $speakers }.

## Échéances

step-reminder = ⏰ Rappel ({ $id }) : l'échéance est passée. { $count ->
    [0] {""}
   *[other] On attend encore : { $waiting }.
} { $then ->
    [wait] Sans réponse, le tour reste ouvert jusqu'au !suivant d'un·e facilitateur·rice.
   *[close] Sans réponse, l'étape sera close bientôt.
}
step-deadline-passed = ⏭ { $id } : délai écoulé, on passe à la suite.

## Erreurs et refus

not-member = Seul·e·s les membres du jardin prennent part à ses rituels.
not-allowed = Seul·e·s les facilitateur·rice·s peuvent utiliser !{ $command }.
unknown-command = Je ne connais pas la commande « { $word } ».{ $suggestion ->
    [none] { " " }Tape !aide pour la liste.
   *[other] { " " }Voulais-tu dire { $suggestion } ?
}
usage-error = { $problem ->
    [missing] Il manque { $arg }.
   *[invalid] Je n'arrive pas à lire { $arg }.
}
usage-line = Usage : { $usage }
person-not-member = Je ne trouve pas « { $who } » parmi les membres du jardin.
person-ambiguous = Plusieurs membres s'appellent « { $who } » : utilise son identifiant (@nom:serveur) ou sa mention.
run-unknown = Je ne connais pas { $id } dans ce jardin.
run-finished = { $id } est déjà terminé.
run-none = Aucun rituel n'est en cours.
run-which = Plusieurs rituels sont en cours ({ $ids }) : précise lequel, par exemple { $example }, ou réponds dans son fil.
run-ritual-missing = Le rituel de { $id } n'est plus chargé.
command-not-now = { $id } est à l'étape « { $step } » : cette commande ne s'y applique pas maintenant.
ritual-unknown = Je ne connais pas le rituel « { $name } ». Rituels disponibles : { $names }.
run-cancelled = 🚫 { $id } a été annulé par { $who }. C'est noté au registre.
noyau-too-small = Le noyau compte au moins deux membres du jardin (j'en ai reconnu { $count }).
internal-error = Désolé, quelque chose s'est mal passé de mon côté ; rien n'a été perdu. Réessaie dans un moment.

## Aide

help-header = Commandes que tu peux utiliser :
help-line = • { $usage } — { $help }
help-footer = Détail d'une commande : !aide <commande>.
help-facilitator-only = (réservée aux facilitateur·rice·s)

## !où

status-none = Aucun rituel en cours.
status-header = { $count ->
    [one] Un rituel en cours :
   *[other] { $count } rituels en cours :
}
status-line = • { $id } { $title } — étape : { $step }{ $count ->
    [0] {""}
   *[other] {""} ; on attend : { $waiting }{ $more ->
        [0] {""}
        [one] {""} et une autre personne
       *[other] {""} et { $more } autres personnes
    }
}

## Registres

decisions-empty = Le registre des décisions est vide pour l'instant.
decisions-header = Registre des décisions ({ $count }) :
decisions-line = • { $id } ({ $at }) { $outcome ->
    [adopted] adoptée
    [withdrawn] retirée
   *[cancelled] annulée
} — « { $text } » portée par { $proposer } ; { $rounds } tour(s) d'objections, { $objections } objection(s), { $versions } version(s).
roles-empty = Aucun rôle élu pour l'instant.
roles-header = Rôles ({ $count }) :
roles-line = • { $role } : { $holder } depuis le { $start }{ $has_end ->
    [yes] , jusqu'au { $end }
   *[no] {""}
} ({ $id })

## Constitution

constitution-header = 📜 Constitution du jardin :
constitution-raison = • Raison d'être : { $set ->
    [yes] { $value }
   *[no] (à écrire)
}
constitution-entrees = • Entrées : { $set ->
    [yes] { $value }
   *[no] (à écrire)
}
constitution-sorties = • Sorties : { $set ->
    [yes] { $value }
   *[no] (à écrire)
}
constitution-economie = • Modèle économique : { $set ->
    [yes] { $value }
   *[no] (à écrire)
}
constitution-noyau = • Noyau : { $count ->
    [0] (à composer, au moins deux membres)
   *[other] { $who }
}

## Réglages du jardin

setting-langue = C'est noté : je parle désormais français dans ce jardin.
setting-fuseau = Fuseau horaire du jardin : { $value }.
setting-recolte = La récolte hebdomadaire sera publiée le { $dayname } à { $time }.
setting-type = Type de jardin : { $value }. { $shares ->
    [yes] Ses retours sont partagés aux communs.
   *[no] Rien de ce jardin ne part aux communs.
}
setting-communs = { $shares ->
    [yes] Les retours de ce jardin seront partagés aux communs.
   *[no] Les retours de ce jardin restent dans le jardin.
}
setting-meteo-memoire = { $on ->
    [yes] Mémoire des météos activée : le contenu des météos sera gardé.
   *[no] Mémoire des météos désactivée : seules les dates des météos sont gardées.
}
setting-facilitateur = { $removed ->
    [yes] { $who } n'est plus facilitateur·rice nommé·e par le jardin.
   *[no] { $who } est désormais facilitateur·rice du jardin.
}
setting-invalid = « { $value } » ne convient pas pour { $setting } : { $expected }
setting-expected-langue = fr ou en.
setting-expected-fuseau = un fuseau comme Europe/Paris.
setting-expected-recolte = un jour et une heure, comme « lundi 09:00 ».
setting-expected-type = local, thématique ou organisation.
setting-expected-communs = oui ou non.
setting-expected-meteo-memoire = oui ou non.
garden-type-local = local
garden-type-thematic = thématique
garden-type-organisation = organisation
weekday-0 = lundi
weekday-1 = mardi
weekday-2 = mercredi
weekday-3 = jeudi
weekday-4 = vendredi
weekday-5 = samedi
weekday-6 = dimanche

## tuteur shell

shell-welcome = 🌱 tuteur shell — écris « alice> !météo », « bob [M1]> ☀️ bien », « carol (dm)> !nomine @bob », « alice> +✅ » ou « /avance 3j ». Membres : { $members }. Ctrl-D pour quitter.
shell-bad-line = Ligne incomprise : « { $line } ». Forme attendue : « alice> texte », « alice [D1]> texte », « alice (dm)> texte », « alice> +✅ » ou « /avance 3j ».
shell-bad-thread = Fil inconnu dans « { $line } » : écris par exemple « alice [D1]> texte ».
shell-bad-advance = Durée illisible dans « { $line } » : écris par exemple « /avance 3j », « /avance 2h » ou « /avance 30m ».
shell-unknown-slash = Commande du shell inconnue : « { $line } ». Seule « /avance <durée> » existe.
shell-unknown-member = « { $who } » n'est pas membre de ce jardin (membres : { $members }).
shell-advanced = Horloge avancée : { $now }
