# tuteur — ce que lit la personne qui fait tourner le bot : tuteur check, backup, restore.
# Les mêmes identifiants existent en anglais (locales/en/ops.ftl).

## tuteur check

check-config-ok = Configuration { $path } : réglages et secrets lus.
check-config-bad = { $problem }. Corrigez ce réglage puis relancez tuteur check.
check-inviters-empty = bot.allowed_inviters est vide : le bot refusera toutes les invitations. Ajoutez par exemple "@*:{ $server }".
check-passphrase-missing = Les stores Matrix (état et clés de chiffrement) ne sont pas chiffrés sur le disque : donnez une phrase secrète avec bot.store_passphrase_file ou bot.store_passphrase_env avant le premier démarrage.
check-store-ok = Mémoire des jardins : { $path } s'ouvre.
check-store-new = Mémoire des jardins : pas encore de store dans { $path } ; tuteur run le créera.
check-store-bad = { $problem }
check-sdk-store-ok = Stores Matrix : ils s'ouvrent avec la phrase secrète donnée.
check-homeserver-ok = Serveur { $url } : il répond (Matrix { $versions }).
check-homeserver-delegated = Serveur : { $configured } délègue à { $url } (.well-known) ; il répond (Matrix { $versions }).
check-homeserver-bad = matrix.homeserver : { $url } ne répond pas ({ $problem }). Vérifiez l'adresse et que le serveur tourne ; tuteur run réessaie tout seul en attendant.
check-login-ok = Compte { $user } : le mot de passe est accepté (connexion d'essai, aussitôt fermée).
check-login-device = Compte { $user } : connecté, appareil { $device }.
check-login-bad = { $setting } : { $problem }. Corrigez ce secret (ou le compte) puis relancez tuteur check.
check-rituals-ok = Rituels : les fichiers de { $path } sont valides.
check-rituals-missing = bot.rituals : le dossier { $path } n'existe pas.
check-rituals-bad = bot.rituals : { $count ->
    [one] un problème
   *[other] { $count } problèmes
} dans { $path } (corrigez-les, tuteur rituals check { $path } les redit) :
check-metrics = Métriques : http://{ $address }/metrics et /health seront servies.
check-summary-ok = Tout est prêt : tuteur run peut démarrer.
check-summary-bad = { $count ->
    [one] Un point à corriger
   *[other] { $count } points à corriger
} (code de sortie { $code }).

## tuteur backup et tuteur restore

backup-cannot-write = Impossible d'écrire { $path } : { $problem }. Rien n'a été changé.
backup-done = Sauvegarde écrite dans { $path } : { $entries ->
    [one] une entrée
   *[other] { $entries } entrées
}, { $gardens ->
    [0] aucun jardin
    [one] un jardin
   *[other] { $gardens } jardins
}, { $source ->
    [bot] faite par le bot en marche
   *[store] lue dans le store
}.
restore-cannot-read = Impossible de lire la sauvegarde { $path } : { $problem }. Rien n'a été changé.
restore-bad-archive = { $path } : { $problem }. Rien n'a été changé.
restore-not-empty = Le dossier { $path } n'est pas vide : tuteur restore n'écrit que dans un dossier vide ou absent (déplacez l'ancien store de côté). Rien n'a été changé.
restore-done = Sauvegarde restaurée dans { $path } : { $entries ->
    [one] une entrée
   *[other] { $entries } entrées
}, { $gardens ->
    [0] aucun jardin
    [one] un jardin
   *[other] { $gardens } jardins
}. Au démarrage, le bot se connecte comme un nouvel appareil et reprend là où en était la sauvegarde.
