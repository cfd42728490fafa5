# tuteur — textes du bot (français, langue par défaut).
# Les identifiants sont utilisés par le code et par rituals/*.toml : les mêmes existent en anglais.

## Titres des rituels

ritual-meteo-title = Météo
ritual-decision-title = Décision par consentement
ritual-election-title = Élection sans candidat·e
ritual-closing-title = Tour de clôture

## Durées (mandats, temps restant)

span = { $unit ->
    [years] { $n ->
        [one] un an
       *[other] { $n } ans
    }
    [months] { $n ->
        [one] un mois
       *[other] { $n } mois
    }
    [weeks] { $n ->
        [one] une semaine
       *[other] { $n } semaines
    }
    [days] { $n ->
        [one] un jour
       *[other] { $n } jours
    }
    [hours] { $n ->
        [one] une heure
       *[other] { $n } heures
    }
   *[minutes] { $n ->
        [one] une minute
       *[other] { $n } minutes
    }
}

## Noms des étapes, comme les membres les connaissent (pour !où et les refus)

step-announce = annonce
step-round = tour de parole
step-open = temps d'échange
step-answer = réponse
step-consent = tour d'objections
step-nominate = nominations
step-reveal = révélation
step-propose = proposition
step-record = clôture
label-meteo-round = tour de météo
label-clarification = clarification
label-reactions = réactions
label-amendment = amendement
label-objections = objections
label-lift = levée des objections
label-nominations = nominations
label-reasons = raisons
label-changes = report de voix
label-proposal = proposition
label-closing-round = tour de clôture

## Ce que chaque étape attend (dit quand un message ou une commande n'y a pas sa place)

step-not-now = { $id } en est à l'étape « { $step } ».
step-hint = { $who }, { $id } en est à l'étape « { $step } ».
hint-none = Il n'y a rien à faire pour l'instant.
hint-round = Chacun·e parle à son tour dans le fil de { $id } ; !passe pour passer.{ $revote ->
    [yes] { " " }Pour reporter ta voix : !nomine @personne [raison].
   *[no] {""}
}
hint-open = Ici, on pose seulement des questions de compréhension{ $kind ->
    [decision] , et c'est { $proposer } qui y répond
   *[other] {""}
}. Un·e facilitateur·rice passe à la suite avec !suivant.
hint-answer = C'est à { $answerer } de répondre : !amender <nouveau texte>, !retirer, ou !suivant pour garder le texte.
hint-lift = C'est la levée des objections : { $objectors } proposent d'abord ce qui lèverait leur objection, en répondant dans ce fil ; ensuite { $proposer } amende.
hint-consent = Ici, chacun·e répond !consens ou !objection <raison> (ou réagit ✅ / ✋ au message du tour d'objections).
hint-propose = Un·e facilitateur·rice propose la personne à élire avec !propose @personne.

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
weather-silent = { $count ->
    [one] N'a pas répondu : { $who }
   *[other] N'ont pas répondu : { $who }
}
weather-absent = { $count ->
    [one] Absent·e : { $who }
   *[other] Absent·e·s : { $who }
}

## Tours de parole

round-next = { $next }, c'est à toi.
round-already-spoken = Tu as déjà pris ton tour dans { $id }.
round-not-your-turn = Ce tour se fait dans l’ordre : c’est à { $next } de parler dans { $id }. Ton tour viendra, merci d’attendre.
round-no-comments = { $who }, ton tour est déjà pris : { $kind ->
    [meteo] pendant la météo, on écoute sans commenter
   *[other] pendant ce tour, chacun·e parle une fois et on écoute sans commenter
}. Ce message n'est pas ajouté au tour. Merci 🙏
round-tally = { $spoke_count ->
    [0] Personne n'a encore parlé
    [one] A parlé : { $spoke }
   *[other] Ont parlé : { $spoke }
}{ $passed_count ->
    [0] {""}
    [one] { " · " }a passé : { $passed }
   *[other] { " · " }ont passé : { $passed }
}{ $waiting_count ->
    [0] { " · " }tout le monde a pris son tour.
   *[other] { " · " }on attend : { $waiting }.
}
round-closed-silent = Tour clos ; sans réponse de { $silent }.

## Décision par consentement

decision-presentation = 🌱 Décision { $id } — proposition portée par { $proposer } :
    « { $text } »
    Déroulé : clarification, réactions, amendement, objections. Tout se passe dans ce fil.
decision-clarification = ❓ Clarification ({ $id }) : posez uniquement des questions de compréhension ; seul·e { $proposer } y répond. Un·e facilitateur·rice passe à la suite avec !suivant.
open-questions-only = { $who }, à cette étape on pose seulement des questions (avec un « ? »){ $kind ->
    [decision] , et c'est { $proposer } qui répond. Les avis viendront au tour des réactions 🙂
   *[other] {""} : les avis viendront plus tard 🙂
}
decision-reactions = 💬 Réactions ({ $id }) : chacun·e donne son ressenti sur la proposition, une fois, à son tour (!passe pour passer).
    Ordre : { $order }. { $first }, à toi.
decision-amendment = ✏️ Amendement ({ $id }) : { $proposer }, tu peux amender la proposition avec !amender <nouveau texte>, la retirer avec !retirer, ou la garder telle quelle avec !suivant.
decision-objections = ✋ Objections ({ $id }, tour { $round }) sur :
    « { $text } »
    Chacun·e répond !consens ou !objection <raison> (ou réagit ✅ / ✋ à ce message). Une objection est argumentée : elle dit en quoi la proposition nuit au jardin. Le silence ne vaut pas consentement.
    Participant·e·s : { $order }.
decision-lift = 🔧 Levée des objections ({ $id }) : { $count ->
    [one] { $objectors }, propose d'abord ce qui lèverait ton objection (réponds dans ce fil).
   *[other] { $objectors }, proposez d'abord ce qui lèverait votre objection (répondez dans ce fil).
} Puis { $proposer } amende avec !amender <texte> (ou !suivant pour garder le texte) et le tour d'objections reprend.
objection-line = • { $who } : « { $reason } »
lift-noted = 📌 Piste { $who_elision ->
    [vowel] d'{ $who }
   *[other] de { $who }
} notée.
lift-proposer-turn = { $proposer }, les pistes sont posées : à toi d'amender avec !amender <texte> (ou !suivant pour garder le texte).
lift-wait-objectors = { $count ->
    [one] { $pending } n'a pas encore proposé comment lever son objection
   *[other] { $pending } n'ont pas encore proposé comment lever leur objection
} : { $count ->
    [one] on l'écoute d'abord
   *[other] on les écoute d'abord
}. Un·e facilitateur·rice peut passer à la suite avec !suivant.
amended = 📝 Nouvelle version (v{ $version }) de { $id } :
    « { $text } »
amend-mended = ✏️ Version { $version } de { $id } corrigée (personne n'avait encore répondu au tour) :
    « { $text } »
amend-during-objections = { $answered ->
    [yes] Le tour d'objections { $round } a commencé : le texte ne change plus pendant le tour.
   *[no] Pendant le tour d'objections, le texte ne change pas.
} Une objection ouvrira la levée des objections, où { $proposer } pourra amender.
amend-nothing = { $id } n'a pas de proposition à amender.
answer-how = Pour { $id } : !amender <nouveau texte> pour amender, !retirer pour retirer la proposition, ou !suivant pour garder le texte.
answer-kept = Le texte de { $id } est gardé tel quel.
withdrawn = 🍂 { $proposer } a retiré la proposition { $id }. C'est noté au registre.
amend-not-proposer = Seul·e { $proposer }, qui porte { $id }, peut amender ou retirer la proposition.
objection-reason-needed = { $who }, une objection a besoin de sa raison : écris-la dans ce fil (ton prochain message la donnera), ou !objection <raison>.
react-on-prompt = Pour répondre dans { $id }, réagis ✅ ou ✋ au message du tour d'objections, ou écris !consens ou !objection <raison>.
answer-withdrawn = { $who } retire sa réponse au tour d'objections de { $id } : on l'attend à nouveau.
consent-early-last = { $who }, ta réponse est mise de côté : tu seras consulté·e en dernier, quand les autres auront répondu.
consent-ask-last = { $who }, tout le monde s'est exprimé : acceptes-tu ? !consens ou !objection <raison>.{ $early ->
    [yes] { " " }(Ta réponse donnée plus tôt a été mise de côté : redis-la maintenant.)
   *[no] {""}
}
consent-next-waiting = On attend encore la réponse de { $waiting } : le silence ne vaut pas consentement. { $silence ->
    [later] Après le rappel de l'échéance, le silence comptera comme absence d'objection.
   *[never] Un·e facilitateur·rice peut noter une absence avec !absent @personne.
}
consent-closed-clear = Tour d'objections clos : { $consents ->
    [0] aucun consentement
    [one] un consentement
   *[other] { $consents } consentements
}, aucune objection.{ $silent ->
    [0] {""}
   *[other] { $silence ->
        [consent] { " " }Silence valant consentement : { $silent_names }.
       *[other] { " " }Sans réponse : { $silent_names }.
    }
}{ $absent ->
    [0] {""}
    [one] { " " }Absent·e : { $absent_names }.
   *[other] { " " }Absent·e·s : { $absent_names }.
}
consent-closed-objections = Tour d'objections clos : { $objections ->
    [one] une objection
   *[other] { $objections } objections
}.
consent-tally = Réponses : { $consent_count ->
    [0] aucun consentement
   *[other] ✅ { $consents }
}{ $objection_count ->
    [0] {""}
   *[other] { " · " }✋ { $objectors }
}{ $waiting_count ->
    [0] { " · " }tout le monde a répondu.
   *[other] { " · " }on attend : { $waiting }.
}
decision-adopted = 🎉 Décision { $id } adoptée par consentement !
decision-no-consent = ⚠️ Décision { $id } non adoptée : personne n'a objecté, mais personne n'a consenti non plus. Une décision sans aucun consentement n'est pas adoptée ; c'est noté au registre.
record-text = Texte : « { $text } »
record-proposer = Porteur·se : { $who }
record-participants = Participant·e·s : { $who }
record-rounds = { $rounds ->
    [0] Aucun tour d'objections
    [one] Un tour d'objections
   *[other] { $rounds } tours d'objections
} ; { $versions ->
    [one] une version
   *[other] { $versions } versions
}.
record-version = Version { $n }{ $after ->
    [0] { " " }(proposition initiale)
   *[other] { " " }(après le tour { $after })
} : « { $text } »
record-objection = Objection { $who_elision ->
    [vowel] d'{ $who }
   *[other] de { $who }
} (tour { $round }) : « { $reason } » — { $version ->
    [0] sans nouvelle version
   *[other] traitée par la version { $version }
}
record-lift = { "   " }↳ piste proposée par { $who } pour la lever : « { $lift } »
record-consents = { $count ->
    [one] A consenti : { $who }
   *[other] Ont consenti : { $who }
}
record-absent = { $count ->
    [one] Absent·e : { $who }
   *[other] Absent·e·s : { $who }
}
record-silent = { $silence ->
    [consent] Silence valant consentement : { $who }
   *[other] Sans réponse : { $who }
}
celebration = Bravo au jardin 🌻

## Élection sans candidat·e

election-announce = 🗳 Élection { $id } : rôle « { $text } »{ $term_unit ->
    [none] {""}
   *[other] , pour { $term }
}.{ $has_mission ->
    [yes] { " " }Mission : { $mission }.
   *[no] {""}
}
    Personne ne se porte candidat·e : chacun·e propose quelqu'un, en message privé, sans voir les autres propositions avant la révélation.
election-nominations = 📨 Nominations ({ $id }) : je vous écris à chacun·e en message privé. Répondez-y avec !nomine @personne [raison].
ballot-request = Bonjour { $who } ! Pour l'élection { $id } (rôle « { $text } »{ $has_mission ->
    [yes] { " " }: { $mission }
   *[no] {""}
}), qui proposes-tu ? Réponds ici : !nomine @personne [raison]. Un seul nom, pas d'abstention ; tu peux te proposer toi-même. Personne ne verra ta proposition avant la révélation.
ballot-recorded = C'est noté : tu proposes { $nominee } ({ $received }/{ $total } propositions reçues). Rien n'est montré avant la révélation.
ballot-already = Ta proposition pour { $id } est déjà enregistrée ; tu pourras la changer au moment du report de voix.
ballot-by-dm = Pour { $id }, envoie ta proposition en message privé au bot (!nomine @personne [raison]), afin que personne ne la voie avant la révélation.
ballots-missing = Pas de proposition de : { $silent }.
election-reveal = 🔓 Révélation ({ $id }) : { $count ->
    [0] aucune proposition
    [one] une proposition
   *[other] { $count } propositions
}.
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
role-term-end = Fin du mandat : { $end }. Je le rappellerai au jardin avant la fin.

## Tour de clôture (rituel personnalisé)

closing-announce = 🌙 Tour de clôture { $id } : en un mot ou une phrase, comment repars-tu ? { $text }
closing-round = Ordre : { $order }. { $first }, à toi (!passe pour passer).
closing-done = 🙏 Tour de clôture { $id } terminé.{ $count ->
    [0] {""}
   *[other] { " " }Merci à { $speakers }.
}

## Échéances

step-reminder = ⏰ Rappel ({ $id }) : l'échéance est passée. { $count ->
    [0] {""}
   *[other] On attend encore : { $waiting }.
} { $then ->
    [wait] Le silence ne vaut pas consentement : le tour reste ouvert jusqu'aux réponses (un·e facilitateur·rice peut noter une absence avec !absent @personne).
    [silence] Sans réponse bientôt, le silence comptera comme absence d'objection.
   *[close] Sans réponse, l'étape sera close bientôt.
}
step-deadline-passed = ⏭ { $id } : délai écoulé, on passe à la suite.

## Absences, fin des rituels

absent-noted = { $who } est noté·e absent·e pour { $id } : on ne l'attend plus.
absent-already = { $who } est déjà noté·e absent·e pour { $id }.
absent-not-participant = { $who } ne participe pas à { $id }.
run-over-text = { $who }, { $id } est { $status ->
    [cancelled] { $kind ->
        [custom] annulé
       *[other] annulée
    }
    [withdrawn] retirée
    [interrupted] { $kind ->
        [custom] interrompu
       *[other] interrompue
    }
   *[other] { $kind ->
        [custom] terminé
       *[other] terminée
    }
} : ce message n'y est pas pris en compte.

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
run-finished = { $id } est { $status ->
    [cancelled] { $kind ->
        [custom] annulé
       *[other] annulée
    }
    [withdrawn] retirée
    [interrupted] { $kind ->
        [custom] interrompu
       *[other] interrompue
    }
   *[other] { $kind ->
        [custom] déjà terminé
       *[other] déjà terminée
    }
}.
run-none = Aucun rituel n'est en cours.
run-none-for = { $family ->
    [election] Aucune élection n'attend ta proposition.
    [decision] Aucune décision n'est en cours.
    [consent] Aucun tour d'objections n'est en cours.
   *[other] Aucun rituel n'est en cours.
}
run-which = Plusieurs rituels sont en cours ({ $ids }) : précise lequel, par exemple { $example }, ou réponds dans son fil.
run-ritual-missing = Le rituel de { $id } n'est plus chargé.
ritual-unknown = Je ne connais pas le rituel « { $name } ». Rituels disponibles : { $names }.
run-cancelled = 🚫 { $id } a été { $kind ->
    [custom] annulé
   *[other] annulée
} par { $who }. C'est noté au registre.
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
    [no-consent] non adoptée, faute de consentement
   *[cancelled] annulée
} — « { $text } » portée par { $proposer } ; { $rounds ->
    [0] aucun tour d'objections
    [one] un tour d'objections
   *[other] { $rounds } tours d'objections
}, { $objections ->
    [0] aucune objection
    [one] une objection
   *[other] { $objections } objections
}, { $versions ->
    [one] une version
   *[other] { $versions } versions
}.
decisions-footer = Le détail d'une décision : !décisions <id>, par exemple !décisions D1.
decision-unknown = Je ne trouve pas { $id } au registre des décisions.
decision-detail = 📜 Décision { $id } — { $outcome ->
    [adopted] adoptée
    [withdrawn] retirée
    [no-consent] non adoptée, faute de consentement
   *[cancelled] annulée
} le { $at }.
roles-empty = Aucun rôle élu pour l'instant.
roles-header = Rôles ({ $count }) :
roles-line = • { $role }{ $has_mission ->
    [yes] { " " }({ $mission })
   *[no] {""}
} : { $holder } depuis le { $start }{ $term ->
    [until] , jusqu'au { $end }
    [ended] , mandat terminé le { $end }
   *[open] {""}
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
setting-name-langue = la langue
setting-name-fuseau = le fuseau horaire
setting-name-recolte = le moment de la récolte
setting-name-type = le type de jardin
setting-name-communs = le partage aux communs
setting-name-meteo-memoire = la mémoire des météos
setting-name-points = le moment des points des défis
setting-name-nom = le nom du jardin
setting-name-contexte = le contexte du jardin
setting-name-brouillons = la durée de garde des brouillons
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
