# tuteur — défis, récolte des retours d'expérience, récolte hebdomadaire, communs, vie privée.
# Langue de référence : les mêmes identifiants existent en anglais (locales/en/harvest.ftl).

## Défis du faire ensemble

defi-created = 🎯 Défi { $id } : « { $title } », échéance le { $deadline }, lancé par { $who }.
    Rejoignez-le avec !défi rejoindre { $id } ; chaque semaine ({ $dayname } à { $time }) je demande des nouvelles aux participant·e·s, qui répondent avec !point { $id } <texte>.
defi-title-too-long = Le titre d'un défi tient en { $max } caractères au plus.
defi-deadline-unreadable = Je n'arrive pas à lire l'échéance « { $value } ». Exemples : 2026-12-15, 15/12, dans 3 semaines, dans 10 jours.
defi-deadline-past = L'échéance « { $value } » est déjà passée : choisis une date à venir.
defi-finished = Le défi { $id } (« { $title } ») est terminé.
defi-already-joined = Tu participes déjà au défi { $id }.
defi-joined = { $who } rejoint le défi { $id } « { $title } » ({ $count ->
    [one] une personne
   *[other] { $count } personnes
}).
defi-not-participant = Tu ne participes pas au défi { $id }.
defi-left = { $who } quitte le défi { $id } ({ $count ->
    [0] plus personne
    [one] reste une personne
   *[other] restent { $count } personnes
}).
defi-done-not-allowed = Seul·e·s les participant·e·s du défi { $id }, la personne qui l'a lancé et les facilitateur·rice·s peuvent le déclarer fini.
defi-done = 🏁 Défi { $id } « { $title } » déclaré fini par { $who }, après { $checkins ->
    [0] aucun point d'étape
    [one] un point d'étape
   *[other] { $checkins } points d'étape
}. Bravo !
defi-deadline = ⏳ Le défi { $id } « { $title } » arrive à son échéance ({ $checkins ->
    [0] aucun point d'étape
    [one] un point d'étape
   *[other] { $checkins } points d'étape
}).
defi-ask-retour = { $who }, comment ça s'est passé ? Partagez ce que vous avez appris avec !retour <titre> puis votre texte (#mots-clés bienvenus) : il rejoindra la récolte du jardin.
checkin-request = 📣 Point hebdo du défi { $id } « { $title } » (échéance le { $deadline }) : { $who }, où en êtes-vous ? Répondez avec !point { $id } <texte>.
checkin-not-participant = Tu ne participes pas au défi { $id } : rejoins-le d'abord avec !défi rejoindre { $id }.
checkin-recorded = 📝 Point d'étape de { $who } noté pour { $id } ({ $count ->
    [one] son premier
   *[other] son { $count }e
}).
defis-empty = Aucun défi en cours. Lance-en un avec !défi <titre> | <échéance>.
defis-header = { $count ->
    [one] Un défi en cours :
   *[other] { $count } défis en cours :
}
defis-line = • { $id } « { $title } » — échéance le { $deadline } ; { $count ->
    [0] personne pour l'instant
   *[other] avec { $participants }
}
defis-checkin = { "   " }↳ { $who } ({ $at }) : { $text }

## Retours d'expérience

retour-empty = Un retour d'expérience a besoin d'un texte : la première ligne sert de titre, les #mots-clés sont repris. Ajoute « anonyme » en premier mot pour ne pas être nommé·e.
retour-recorded = 🌾 Retour { $id } récolté : « { $title } », par { $credit } (licence CC BY-SA 4.0){ $tag_count ->
    [0] {""}
   *[other] {" "}— { $tags }
}.{ $shared ->
    [yes] {" "}Il part aussi aux communs.
   *[no] {" "}Il reste dans le jardin.
}
retours-empty = Aucun retour d'expérience récolté pour l'instant. !retour <texte> pour partager le tien.
retours-header = { $total ->
    [one] Un retour récolté :
   *[other] { $total } retours récoltés ; les { $count } derniers :
}
retours-line = • { $id } « { $title } » — { $credit }, le { $at }{ $tag_count ->
    [0] {""}
   *[other] {" "}— { $tags }
}
harvest-ask = 🌱 { $author }, { $asker } propose de récolter ton message comme retour d'expérience : « { $quote } »
    Réagis ✅ à ce message pour l'offrir à la récolte sous ton nom (licence CC BY-SA 4.0), 🕶 pour qu'il soit signé « anonyme », ❌ pour refuser. Rien n'est récolté sans ton accord.
harvest-bot-message = Le 🌱 sert à récolter les messages des membres ; les miens ne se récoltent pas.
harvest-unknown-message = Je ne retrouve pas ce message ni son auteur·rice : impossible de le proposer à la récolte.
harvest-not-member = Ce message n'est pas d'un·e membre du jardin : je ne peux pas le proposer à la récolte.
harvest-already-done = Ce message est déjà récolté ({ $id }).
harvest-already-asked = La question a déjà été posée à son auteur·rice : on attend sa réponse.
harvest-author-only = Seul·e { $author } peut décider de récolter son message.
harvest-declined = C'est noté, { $who } : ce message ne sera pas récolté.

## Les communs (Grand Jardin)

commons-retour = 🌾 Du jardin « { $garden } » : retour { $id } « { $title } », par { $credit }
commons-text = { $text }
commons-licence = Licence CC BY-SA 4.0 — { $credit } (https://creativecommons.org/licenses/by-sa/4.0/)

## Récolte hebdomadaire

digest-summary = 🧺 Récolte { $id } (du { $from } au { $to }) : { $retours ->
    [0] aucun retour
    [one] un retour
   *[other] { $retours } retours
}, { $defis ->
    [0] aucun défi
    [one] un défi
   *[other] { $defis } défis
} ({ $checkins ->
    [0] aucun point d'étape
    [one] un point d'étape
   *[other] { $checkins } points d'étape
}), { $decisions ->
    [0] aucune décision adoptée
    [one] une décision adoptée
   *[other] { $decisions } décisions adoptées
}, { $roles ->
    [0] aucun rôle pourvu
    [one] un rôle pourvu
   *[other] { $roles } rôles pourvus
}, { $meteos ->
    [0] aucune météo
    [one] une météo
   *[other] { $meteos } météos
}.
digest-title = • { $id } « { $title } »
digest-more = { $count ->
    [one] … et un autre.
   *[other] … et { $count } autres.
}
digest-thread = Le détail est dans le fil de { $id }.
digest-details = Détail de la récolte { $id } :
digest-retours = 🌾 Retours d'expérience ({ $count }) :
digest-retour = • { $id } « { $title } » — { $credit }{ $tag_count ->
    [0] {""}
   *[other] {" "}— { $tags }
}
digest-defis = 🎯 Défis ({ $count }) :
digest-defi = • { $id } « { $title } » — { $state ->
    [new] nouveau
    [done] fini
    [expired] arrivé à échéance
   *[active] en cours
}, échéance le { $deadline } ; { $participants ->
    [0] sans participant·e
    [one] une personne
   *[other] { $participants } personnes
}, { $checkins ->
    [0] aucun point d'étape cette semaine
    [one] un point d'étape cette semaine
   *[other] { $checkins } points d'étape cette semaine
}
digest-checkin = { "   " }↳ { $who } : { $text }
digest-decisions = ✅ Décisions adoptées ({ $count }) :
digest-decision = • { $id } « { $text } »
digest-roles = 🗳 Rôles pourvus ({ $count }) :
digest-role = • { $role } : { $holder } ({ $id })
digest-meteos = ☀️ { $count ->
    [0] Aucune météo cette semaine.
    [one] Une météo tenue cette semaine.
   *[other] { $count } météos tenues cette semaine.
}
digest-empty = Rien à récolter depuis le { $from } pour l'instant.

## Mandats

role-term-reminder = ⏰ { $ended ->
    [yes] Le mandat de { $holder } au rôle « { $role } » ({ $id }) est arrivé à son terme le { $end }.
   *[no] Le mandat de { $holder } au rôle « { $role } » ({ $id }) se termine le { $end }, dans { $left }.
} Pensez à préparer une nouvelle élection (!élection { $role }).

## Vie privée

forget-me-done = 🍃 C'est fait, { $who }. Dans ce jardin : { $meteo ->
    [0] aucune météo à effacer
    [one] une météo effacée
   *[other] { $meteo } météos effacées
}, { $ballots ->
    [0] aucune proposition d'élection à effacer
    [one] une proposition d'élection effacée
   *[other] { $ballots } propositions d'élection effacées
}, { $checkins ->
    [0] aucun point d'étape à effacer
    [one] un point d'étape effacé
   *[other] { $checkins } points d'étape effacés
} et { $asks ->
    [0] aucune proposition de récolte en attente
    [one] une proposition de récolte en attente effacée
   *[other] { $asks } propositions de récolte en attente effacées
} ; { $anonymised ->
    [0] tu n'avais aucun retour récolté.
    [one] ton retour récolté est désormais signé « anonyme ».
   *[other] tes { $anonymised } retours récoltés sont désormais signés « anonyme ».
}

## Réglages

setting-points = Les points hebdomadaires des défis seront demandés le { $dayname } à { $time }.
setting-nom = Nom du jardin dans les communs : « { $value } ».
setting-expected-points = un jour et une heure, comme « jeudi 10:00 ».
setting-expected-nom = un nom de 80 caractères au plus.
