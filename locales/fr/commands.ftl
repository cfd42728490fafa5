# tuteur — les commandes : syntaxe (usage-*), description courte (help-*) et arguments (arg-*).
# Les identifiants suivent CommandName::slug() ; les mêmes existent en anglais (locales/en/commands.ftl).
# Les arg-* complètent « Il manque … » et « Je n'arrive pas à lire … ».

## Syntaxe de chaque commande

usage-aide = !aide [commande]
usage-meteo = !météo
usage-decision = !décision [pour @personne :] <proposition> [--délai 48h] [--silence-consent]
usage-election = !élection <rôle> [pour <durée>] [: <mission>], par exemple !élection secrétaire pour 6 mois : tenir le registre
usage-rituel = !rituel <nom> [texte]
usage-suivant = !suivant [id]
usage-passe = !passe [id]
usage-consens = !consens [id]
usage-objection = !objection [id] <raison>
usage-amender = !amender [id] <texte>
usage-retirer = !retirer [id]
usage-nomine = !nomine [id] @personne [raison]
usage-propose = !propose [id] @personne
usage-annuler = !annuler [id]
usage-absent = !absent @personne [id]
usage-ou = !où [page]
usage-defi = !défi <titre> | <échéance>, ou !défi rejoindre / quitter / fini F1
usage-point = !point F1 <texte>
usage-defis = !défis [page]
usage-retour = !retour [anonyme] <titre, puis le texte>
usage-recolte = !récolte
usage-decisions = !décisions [page | id]
usage-roles = !rôles [page]
usage-retours = !retours
usage-constitution = !constitution [champ texte]
usage-jardin = !jardin <réglage> <valeur>
usage-oublie-moi = !oublie-moi

## Ce que fait chaque commande

help-aide = Les commandes que tu peux utiliser, ou le mode d'emploi de l'une d'elles.
help-meteo = Lance un tour de météo : chacun·e partage sa météo intérieure.
help-decision = Lance une décision par consentement sur une proposition, portée par toi ou par quelqu'un d'autre.
help-election = Lance une élection sans candidat·e pour un rôle, avec la durée du mandat et la mission si tu veux.
help-rituel = Lance un autre rituel du jardin (tour de clôture, inclusion…).
help-suivant = Clôt l'étape en cours et passe à la suivante.
help-passe = Passe ton tour de parole.
help-consens = Dit que tu n'as pas d'objection.
help-objection = Fait une objection, avec sa raison (sans raison, je te la demande).
help-amender = Modifie la proposition que tu portes.
help-retirer = Retire la proposition que tu portes.
help-nomine = Propose une personne pour le rôle (toi aussi, c'est permis), en disant pourquoi.
help-propose = Propose la personne à élire, après les nominations.
help-annuler = Annule un rituel en cours ; c'est noté au registre.
help-absent = Note une personne absente pour un rituel en cours : on ne l'attend plus (ce n'est pas un consentement).
help-ou = Les rituels en cours, leur étape et les personnes qu'on attend.
help-defi = Crée un défi du faire ensemble, ou le rejoindre, le quitter, le marquer comme fini.
help-point = Donne des nouvelles d'un défi auquel tu participes.
help-defis = Les défis en cours et leurs dernières nouvelles.
help-retour = Partage un retour d'expérience pour la récolte (licence CC BY-SA 4.0) : la première ligne sert de titre, les #mots-clés sont repris, « anonyme » en premier mot pour ne pas être nommé·e. Tu peux aussi réagir 🌱 au message de quelqu'un pour lui proposer de le récolter.
help-recolte = Publie tout de suite la récolte de la semaine.
help-decisions = Le registre des décisions du jardin, ou le compte rendu complet de l'une d'elles (!décisions D1).
help-roles = Le registre des rôles et de leurs mandats.
help-retours = Les retours d'expérience récoltés par le jardin.
help-constitution = La constitution du jardin ; les facilitateur·rice·s peuvent changer sa raison, ses entrées, ses sorties, son économie ou son noyau.
help-jardin = Change un réglage du jardin : langue, fuseau, récolte (jour et heure de la récolte hebdomadaire), points (jour et heure des points des défis), type, communs, nom, facilitateur ou météo-mémoire.
help-oublie-moi = Efface tes données personnelles de ce jardin (météos, propositions d'élection, points d'étape, propositions de récolte en attente) et signe « anonyme » tes retours récoltés.

## Les arguments, pour « Il manque … » et « Je n'arrive pas à lire … »

arg-proposition = la proposition
arg-role = le rôle à pourvoir
arg-duree = la durée du mandat (par exemple « pour 6 mois », « pour 1 an » ou « pour 2 semaines »)
arg-nom = le nom du rituel
arg-id = l'identifiant (par exemple D3, ou F1 pour un défi)
arg-raison = la raison de l'objection
arg-texte = le texte
arg-personne = la personne (@nom ou sa mention)
arg-delai = le délai (par exemple 48h, 3j ou 2 semaines)
arg-titre = le titre du défi
arg-echeance = l'échéance du défi, après une barre « | »
arg-champ = le champ de la constitution (raison, entrées, sorties, économie ou noyau)
arg-reglage = le réglage (langue, fuseau, récolte, points, type, communs, nom, facilitateur ou météo-mémoire)
arg-valeur = la valeur du réglage
