# tuteur shell : ce que le shell dit de lui-même, en entrée redirigée comme au terminal
# (l'invite, /aide, les lignes incomprises). Les mêmes identifiants existent en anglais
# (locales/en/shell.ftl).

shell-welcome = 🌱 tuteur shell — membres : { $members }. Tu écris en tant que { $who } : une ligne est son message (« !météo » lance une météo), « /je bob » fait parler bob, « /aide » liste les commandes du shell. Ctrl-D pour quitter.
shell-bad-line = Ligne incomprise : « { $line } ». Forme attendue : « alice> texte », « alice [D1]> texte », « alice (dm)> texte », « alice> +✅ » ou « /avance 3j ».
shell-bad-thread = Fil inconnu dans « { $line } » : écris par exemple « alice [D1]> texte » ou « /fil D1 ».
shell-bad-advance = Durée illisible dans « { $line } » : écris par exemple « /avance 3j », « /avance 2h » ou « /avance 30m ».
shell-unknown-slash = Commande du shell inconnue : « { $line } ». « /aide » liste celles qui existent ; les commandes du bot commencent par « ! » (« !aide »).
shell-unknown-member = « { $who } » n'est pas membre de ce jardin (membres : { $members }).
shell-left = { $who } a quitté le jardin.
shell-advanced = Horloge avancée : { $now }
shell-bad-speaker = Qui parle ? Dans « { $line } », écris le nom d'un·e membre, par exemple « /je bob ».
shell-bad-ritual = « { $line } » : écris « /rituel ajouter FICHIER », par exemple « /rituel ajouter rituels/inclusion.toml ». Les autres commandes de rituel s'écrivent au bot : « !rituel liste ».

## Au terminal

shell-prompt = { $who }{ $place ->
    [thread] {""} [{ $id }]
    [dm] {""} (dm)
   *[main] {""}
}> {""}
shell-help =
    Commandes du shell (une ligne sans « nom> » est dite par la personne qui parle, là où elle est) :
      /je bob (/me) — bob parle désormais
      /fil D1 (/thread) — écrire dans le fil de la séance D1 ; /salon (/room) — revenir dans le salon
      /dm — écrire au bot en message direct ; « /dm texte » ou « /fil D1 texte » envoie ce seul message
      /rituel ajouter FICHIER (/ritual add) — envoyer un fichier de rituel au bot, comme « !rituel ajouter »
      /avance 3j (/advance) — avancer l'horloge ; /départ bob (/leave) — bob quitte le jardin
      /aide (/help) — cette liste ; « !aide » donne les commandes du bot
    Une ligne finie par « \ » continue le message à la ligne suivante (un retour, une proposition sur plusieurs lignes) ; un bloc collé se lit comme un script, ses lignes indentées continuant le message d'avant. « bob [D1]> texte » s'écrit comme dans un script. Ctrl-D pour quitter.
shell-speaker = C'est { $who } qui parle.
shell-place = { $place ->
    [thread] Les lignes vont dans le fil de { $id } (/salon pour en sortir).
    [dm] Les lignes vont au bot, en message direct (/salon pour en sortir).
   *[main] Les lignes vont dans le salon du jardin.
}
shell-continue-hint = Le message d'avant est déjà parti, cette ligne indentée n'est pas envoyée : pour écrire un message sur plusieurs lignes, finis chaque ligne par « \ » avant d'appuyer sur Entrée (ou colle tout le bloc d'un coup).
shell-attached = 📎 { $file } ({ $lines ->
    [one] une ligne
   *[other] { $lines } lignes
})
shell-ritual-file = Impossible de lire « { $path } » : { $reason ->
    [missing] ce fichier n'existe pas (le chemin part du dossier où tuteur shell a été lancé).
    [denied] accès refusé.
    [folder] c'est un dossier ; donne le chemin d'un fichier .toml.
    [not-text] ce n'est pas un fichier texte en UTF-8.
    [too-big] il fait { $size } octets, un rituel en fait { $max } au plus.
   *[other] { $error }.
}
