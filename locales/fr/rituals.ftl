# tuteur — les rituels qu'un jardin écrit lui-même : ce que disent `tuteur rituals check`,
# `tuteur check` et `!rituel ajouter` d'un fichier de rituel, les réponses de
# `!rituel liste / voir / retirer / historique`.
# Les mêmes identifiants existent en anglais (locales/en/rituals.ftl). Les variables sont
# écrites $nom dans ces textes, jamais entre accolades.

## Vérifier un fichier de rituel

rituals-error = erreur :
rituals-warning = attention :
rituals-at = { $line ->
    [0] { $severity } { $what }
   *[other] ligne { $line }, colonne { $column } : { $severity } { $what }
}
rituals-toml-syntax = ce n'est pas du TOML valide ({ $detail }). Chaque ligne est clé = valeur ; un texte va entre guillemets, comme title.fr = "Débrief", ou entre triples guillemets """…""" sur plusieurs lignes.
rituals-toml-value = valeur inattendue ({ $detail }). Regarde les fichiers d'exemple du dossier rituals/.
rituals-unknown-key = clé inconnue « { $key } »{ $suggestion ->
    [none] {""}
   *[other] {""} (voulais-tu dire « { $suggestion } » ?)
}. Un rituel a : { $known }.
rituals-unknown-step-key = clé d'étape inconnue « { $key } »{ $suggestion ->
    [none] {""}
   *[other] {""} (voulais-tu dire « { $suggestion } » ?)
}. Une étape a : { $known }.
rituals-missing-key = { $where ->
    [step] l'étape { $step } n'a pas de « { $key } »
   *[other] le rituel n'a pas de « { $key } »
} : { $key ->
    [name] écris par exemple name = "debrief" (minuscules, chiffres et -).
    [family] écris family = "custom" (ou meteo, decision, election).
    [title] écris par exemple title.fr = "Débrief" et title.en = "Debrief".
    [steps] ajoute au moins une table [[steps]], la dernière avec kind = "record".
    [id] donne un nom à l'étape, par exemple id = "tour".
    [kind] dis ce que fait l'étape, par exemple kind = "round".
   *[other] écris par exemple message.fr = "…" et message.en = "…".
}
rituals-step-not-table = « steps » est une liste de tables : écris chaque étape sous sa propre ligne [[steps]].
rituals-aliases-type = « aliases » est une liste de noms entre guillemets, comme aliases = ["debriefing", "retour"].
rituals-unknown-lang = « { $key } » a un texte en « { $lang } » : les textes s'écrivent en fr et en en, comme { $key }.fr = "…" et { $key }.en = "…".
rituals-text-type = « { $key } » doit être un identifiant de message entre guillemets, ou des textes par langue, comme { $key }.fr = "…" et { $key }.en = "…".
rituals-bool-type = « { $key } » vaut true ou false, sans guillemets : { $key } = true.
rituals-string-type = « { $key } » est un mot entre guillemets, comme { $key } = "tour".
rituals-unknown-choice = « { $key } = "{ $value }" » est inconnu{ $suggestion ->
    [none] {""}
   *[other] {""} (voulais-tu dire "{ $suggestion }" ?)
} : on attend l'un de { $known }.
rituals-no-steps = le rituel n'a pas d'étapes : ajoute des tables [[steps]], la dernière avec kind = "record".
rituals-too-many-steps = le rituel a { $count } étapes, { $max } au plus sont acceptées : un rituel qu'un jardin peut suivre reste court.
rituals-loop = les étapes { $steps } forment une boucle sans aucune étape qui attend des personnes (round, open, answer, consent, nominate ou propose) : une séance posterait leurs messages sans fin. Mets dans la boucle une étape qui attend, ou sors-en avec next = "…" vers une autre étape.
rituals-no-way-out = les étapes { $steps } forment une boucle dont la séance ne sort jamais : aucune ne mène au « record », la séance tournerait jusqu'à être annulée et ne serait jamais enregistrée. Donne à l'une d'elles un next = "…" vers une étape qui mène au record, ou retire le next qui ramène en arrière.
rituals-name-empty = le « name » du rituel est vide : écris par exemple name = "debrief".
rituals-name-chars = le nom de rituel « { $name } » ne peut contenir que des minuscules ASCII, des chiffres et « - », comme name = "co-developpement" (les autres graphies vont dans aliases = ["co-développement"]).
rituals-alias-empty = alias vide : retire-le, ou écris un nom entre les guillemets.
rituals-step-id-empty = identifiant d'étape vide : écris par exemple id = "tour".
rituals-step-id-taken = l'identifiant d'étape « { $id } » est déjà pris par l'étape de la ligne { $line } : chaque étape a le sien.
rituals-bad-ref = « { $key } » renvoie à « { $target } », qui n'est pas un identifiant d'étape ; les étapes sont : { $ids }.
rituals-answer-who = une étape answer a besoin de « who » ("proposer" ou "nominee") : qui répond ? Écris who = "proposer".
rituals-option-kind = « { $key } » ne s'applique qu'aux étapes { $kinds } ; cette étape est « { $kind } » : retire l'option, ou change de kind.
rituals-deadline = le délai « { $value } » n'est pas une durée : un nombre entier et une unité, comme « 30m », « 24h », « 3j » ou « 2 semaines », plus que zéro et au plus 365 jours.
rituals-no-record = le rituel n'a pas d'étape « record » : rien ne clôturerait la séance ni n'écrirait ce qu'elle laisse. Termine-le par une étape kind = "record".
rituals-second-record = une deuxième étape « record » : un rituel en a exactement une, qui clôt la séance.
rituals-last-step = la dernière étape doit être le « record » ou avoir un « next » : sinon la séance finirait sans être enregistrée.
rituals-decision-answer = un rituel « decision » a besoin d'une étape « answer » avec who = "proposer" (l'amendement).
rituals-decision-consent = un rituel « decision » a besoin d'une étape « consent ».
rituals-election-steps = un rituel « election » a besoin d'étapes nominate, reveal, propose et consent ; il manque : { $missing }.
rituals-meteo-round = un rituel « meteo » a besoin d'une étape « round ».
rituals-file-too-big = le fichier fait { $size } octets, { $max } au plus sont acceptés : un rituel tient sur une page.
rituals-file-unreadable = impossible de lire le fichier : { $error }.
rituals-dir-unreadable = impossible de lire le dossier : { $error }.
rituals-replaces-builtin = ce fichier remplace le rituel fourni « { $name } » : « !rituel { $name } » lancera cette version.
rituals-replaces-family = un fichier qui remplace le rituel fourni « { $name } » doit garder family = "{ $family }" : la commande du bot le lance.
rituals-name-reserved = « { $word } » est un mot de !rituel (ajouter, liste, voir, retirer, historique et leurs noms anglais) : choisis un autre nom.
rituals-name-taken = « { $word } » est déjà le nom ou un alias du rituel « { $other } » : « !rituel { $word } » doit désigner un seul rituel. Choisis un autre nom ou alias.
rituals-name-taken-garden = « { $word } » est déjà le nom ou un alias du rituel « { $other } », que le bot fournit : choisis un autre nom (un rituel du jardin n'en remplace aucun du bot).

## Les textes d'un fichier de rituel

rituals-text-empty-id = « { $key } » est vide : écris un texte, comme { $key }.fr = "…" et { $key }.en = "…".
rituals-id-missing = « { $key } » nomme l'identifiant de message « { $id } », absent { $lang_count ->
    [one] de la langue
   *[other] des langues
} { $langs }. Pour écrire ton propre texte, mets-le dans le fichier : { $key }.fr = "…" et { $key }.en = "…".
rituals-id-placeholder = le message « { $id } » utilise ${ $name }, qu'une étape « { $kind } » de ce rituel ne fournit pas (elle fournit : { $given }). Écris plutôt ton propre texte : { $key }.fr = "…".
rituals-text-no-lang = « { $key } » n'a aucun texte : écris { $key }.fr = "…" et { $key }.en = "…".
rituals-text-lang-missing = « { $key } » n'a pas de texte en { $lang } : les jardins qui parlent cette langue liront le texte { $other }. Ajoute { $key }.{ $lang } = "…".
rituals-text-empty = « { $key }.{ $lang } » est vide : écris le texte entre les guillemets.
rituals-text-too-long = « { $key }.{ $lang } » fait { $size } octets, { $max } au plus : un message dans un salon reste court.
rituals-text-syntax = « { $key }.{ $lang } », ligne { $line } du texte : { $detail }. Une variable s'écrit avec un dollar et un nom entre accolades, comme dans les messages fournis ; une accolade seule s'écrit {"{"}"{"{"}"{"}"}.
rituals-text-reference = « { $key }.{ $lang } » renvoie à « { $name } » : le texte d'un rituel se suffit à lui-même ; utilise plutôt les variables de son étape.
rituals-text-placeholder = « { $key }.{ $lang } » utilise ${ $name }, qu'une étape « { $kind } » ne fournit pas. Elle fournit : { $given }.

## !rituel ajouter / liste / voir / retirer / historique

garden-ritual-added = 🌱 Le rituel « { $title } » est gardé pour ce jardin (version { $version }) : lance-le avec !rituel { $name }.
garden-ritual-warnings = { $count ->
    [one] Une remarque
   *[other] { $count } remarques
} :
garden-ritual-line = • { $problem }
garden-ritual-refused = Le rituel n'est pas gardé : { $count ->
    [one] un problème
   *[other] { $count } problèmes
} à corriger dans le fichier, puis renvoie-le avec !rituel ajouter.
garden-ritual-no-file = !rituel ajouter a besoin du fichier du rituel : joins un fichier .toml avec la commande en légende, réponds au fichier par la commande, ou écris la commande puis le fichier dans un bloc de code (```toml … ```). Le guide a des exemples : docs/fr/rituels.md.
garden-ritual-too-many = Ce jardin garde déjà { $max } rituels : retires-en un avec !rituel retirer <nom> avant d'en ajouter un autre.
garden-ritual-busy = { $id } est une séance en cours de « { $name } » : termine-la (ou !annuler { $id }) avant de changer ou de retirer ce rituel.
garden-ritual-list-header = { $count ->
    [0] Ce jardin n'a pas encore de rituel à lui. Ajoutes-en un avec !rituel ajouter (voir docs/fr/rituels.md).
    [one] Le rituel propre à ce jardin :
   *[other] Les { $count } rituels propres à ce jardin :
}
garden-ritual-list-line = • { $name } — « { $title } », version { $version } du { $at }
garden-ritual-list-footer = Les rituels du bot : { $names }. Vois-en un avec !rituel voir <nom>.
garden-ritual-unknown = Ce jardin n'a pas de rituel « { $name } ». Les siens : { $names }.
garden-ritual-not-own = « { $name } » est un rituel fourni par le bot, pas par ce jardin : il ne peut pas être retiré ici.
garden-ritual-shown = « { $title } » ({ $name }{ $version ->
    [0] , fourni par le bot
   *[other] , version { $version } du { $at }
}) : son fichier suit.
garden-ritual-source = { $source }
garden-ritual-removed = Le rituel « { $name } » est retiré de ce jardin ({ $count ->
    [one] sa version reste
   *[other] ses { $count } versions restent
} dans la mémoire du jardin ; !rituel ajouter le ramène).
garden-ritual-none = aucun
garden-ritual-history-header = { $count ->
    [0] Aucune séance des autres rituels pour l'instant.
   *[other] Séances des autres rituels ({ $count }) :
}
garden-ritual-history-line = • { $id } « { $title } », { $at } — { $state ->
    [cancelled] annulée
    [interrupted] arrêtée (ses étapes tournaient en boucle)
   *[done] { $count ->
        [0] personne n'a parlé
        [one] { $speakers } a parlé
       *[other] { $speakers } ont parlé
    }
}
digest-rituals = { $count ->
    [one] Rituel tenu : { $list }
   *[other] Rituels tenus ({ $count }) : { $list }
}
digest-ritual-item = { $id } « { $title } »
