# Bornes qui protègent un jardin d'un flot de rituels ou de messages trop longs
# (src/engine/limits.rs, src/engine/paging.rs, src/matrix/split.rs, src/matrix/refusals.rs,
# src/rituals/interrupt.rs).

## Lancer un rituel

limit-meteo-running = Une météo est déjà en cours ({ $id }) : réponds dans son fil ; une nouvelle pourra commencer quand celle-ci sera finie.
limit-too-many = { $count ->
    [one] Un rituel est déjà en cours
   *[other] { $count } rituels sont déjà en cours
} dans ce jardin, et le maximum est { $max } : terminez-en ou annulez-en un avant d'en lancer un autre.
limit-member-rate = Tu as déjà lancé { $count ->
    [one] un rituel
   *[other] { $count } rituels
} { $hours ->
    [one] dans la dernière heure
   *[other] dans les { $hours } dernières heures
} : tu pourras en lancer un autre le { $at }. Les facilitateur·rice·s ne sont pas limité·e·s.
limit-run-line = • { $id } { $title } — étape : { $step }
limit-run-unknown = (rituel illisible)
limit-runs-more = … et { $count ->
    [one] un autre
   *[other] { $count } autres
}
limit-runs-hint = Un·e facilitateur·rice peut en arrêter un avec !{ $cancel } <id> ; !{ $status } montre où en est chacun.

## Listes longues, en pages

page-footer = Page { $page } sur { $pages } : !{ $command } { $next } pour la suite.
page-last = Page { $page } sur { $pages }.
page-empty = Il n'y a que { $pages ->
    [one] une page
   *[other] { $pages } pages
} : !{ $command } { $pages } montre la dernière.

## Messages trop longs pour Matrix

message-continued = (suite { $part } sur { $parts })
message-shortened = […] Raccourci : { $dropped ->
    [one] un caractère ne tenait
   *[other] { $dropped } caractères ne tenaient
} pas dans un message. Le texte entier reste dans la mémoire du jardin (tuteur export).
message-refused = ⚠ Une réponse du bot n'a pas pu être publiée : le serveur l'a refusée ({ $reason }). Elle reste gardée ; la personne qui fait tourner le bot la retrouvera dans ses journaux.

## Rituel arrêté par sa garde

run-interrupted = ⛔ Le rituel { $id } s'est arrêté : ses étapes s'enchaînaient en boucle sans attendre personne. Il est enregistré comme interrompu. Le fichier de ce rituel est à corriger (tuteur rituals check le signale).
