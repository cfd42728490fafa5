# tuteur — les communs : recherche (!communs), ressources, retours guidés, Grand Jardin.
# Mêmes identifiants en anglais (locales/en/commons.ftl).

usage-communs = !communs <mots et #facettes> ou !communs ressource <adresse>
help-communs = Cherche dans les retours d'expérience de tous les jardins qui partagent (et dans ceux de ton jardin) : des mots, et des #facettes pour filtrer — contexte (#hôpital, #éducation…), type de ressource (#fiche…), type de structure (#association…). !communs ressource <adresse> montre qui a utilisé une ressource, dans quels contextes, et les améliorations proposées.

## Facettes

commons-facet-context = Contexte
commons-facet-resource = Type de ressource
commons-facet-structure = Type de structure
commons-facet-line = { $facet } : { $tags }

## Recherche

commons-search-empty = Que cherches-tu dans les communs ? Donne des mots et, si tu veux, des #facettes : !communs consentement #hôpital. Les facettes connues :
commons-search-too-long = Cette recherche fait { $length } caractères : { $max } au plus, s'il te plaît. Quelques mots et #facettes suffisent. Les facettes connues :
commons-facet-unknown = { $tag } n'est pas une facette des communs. Les facettes connues :
commons-search-none = Rien trouvé dans les communs{ $has_words ->
    [yes] {" "}pour « { $words } »
   *[no] {""}
}{ $facet_count ->
    [0] {""}
   *[other] {" "}avec { $facets }
}. Essaie d'autres mots ou moins de facettes.
commons-search-header = 🔎 { $total ->
    [one] Un retour trouvé dans les communs
   *[other] { $total } retours trouvés dans les communs ; les { $count } meilleurs
}{ $has_words ->
    [yes] {" "}pour « { $words } »
   *[no] {""}
}{ $facet_count ->
    [0] {""}
   *[other] {" "}({ $facets })
} :
commons-hit = { $rank }. « { $title } » — { $garden }, par { $credit }, le { $at }{ $context_count ->
    [0] {""}
   *[other] {" "}· { $contexts }
}
commons-search-thread = Le détail est dans le fil de { $id }.
commons-detail-title = { $rank }. « { $title } » ({ $id } du jardin { $garden }) — { $credit }, le { $at }
commons-detail-facets = { "   " }Facettes : { $facets }
commons-detail-text = { "   " }{ $text }
commons-detail-resource = { "   " }Ressource utilisée : { $url }

## Ressources

commons-resource-missing = Quelle ressource ? Donne son adresse : !communs ressource https://…
commons-resource-not-url = « { $value } » n'est pas une adresse web : !communs ressource attend une adresse qui commence par https:// ou http://.
commons-resource-none = Aucun retour des communs n'a utilisé { $url } pour l'instant.
commons-resource-header = 🔗 { $url } : { $count ->
    [one] utilisée dans un retour
   *[other] utilisée dans { $count } retours
}{ $context_count ->
    [0] {""}
   *[other] {" "}— contextes : { $contexts }
}{ $improvements ->
    [0] {"."}
    [one] {" "}; une amélioration proposée.
   *[other] {" "}; { $improvements } améliorations proposées.
}
commons-resource-improvement = { "   " }↳ Amélioration proposée : { $text }

## Réglages

setting-contexte = { $set ->
    [yes] Contexte par défaut des retours du jardin : { $value }.
   *[no] Plus de contexte par défaut pour les retours du jardin.
}
setting-expected-contexte = une #facette de contexte (#hôpital, #municipalité, #grande-entreprise, #milieu-agricole, #artisan·ne·s, #écolieu, #tiers-lieu, #éducation), ou « aucun ».
setting-brouillons = Un retour guidé laissé en chemin est gardé { $value } pour son auteur·rice.
setting-expected-brouillons = une durée, comme « 7j » ou « 2 semaines ».

## Retours guidés

guided-open = 🌿 Retour guidé { $id } : « { $title } ». { $author }, je te pose quelques questions, une à la fois, ici dans ce fil. Réponds, ou écris « passer » pour sauter une question, « stop » pour t'arrêter (ton brouillon t'attend { $days ->
    [one] un jour
   *[other] { $days } jours
}), « effacer » pour l'abandonner. Rien n'est récolté sans ton accord.
guided-ask-context = 1/5 · Dans quel contexte ? (le lieu, le groupe, des #facettes comme #hôpital ou #association){ $has_default ->
    [yes] {" "}Sans réponse, le contexte du jardin : { $default }.
   *[no] {""}
}
guided-ask-tried = 2/5 · Qu'avez-vous tenté ?
guided-ask-happened = 3/5 · Que s'est-il passé ?
guided-ask-learnt = 4/5 · Qu'en retiens-tu ?
guided-ask-resource = 5/5 · Quelle ressource avez-vous utilisée ? Son adresse (https://…) ou le nom d'une fiche des communs, ou « passer ».
guided-ask-improvement = Et que changerais-tu à cette ressource pour la prochaine fois ? (ou « passer »)
guided-part-context = Contexte : { $text }
guided-part-tried = Ce qui a été tenté : { $text }
guided-part-happened = Ce qui s'est passé : { $text }
guided-part-learnt = Ce que j'en retiens : { $text }
guided-part-resource = Ressource : { $text }
guided-part-improvement = Amélioration suggérée : { $text }
guided-preview = Voici ton retour { $id } tel qu'il serait récolté :
guided-preview-text = { $text }
guided-confirm = Réponds « oui » (ou réagis ✅) pour le récolter sous ton nom, licence CC BY-SA 4.0 ; « anonyme » (ou 🕶) pour qu'il soit signé « anonyme » ; « stop » pour le garder en brouillon.
guided-confirm-expected = Ton retour { $id } attend ta réponse : « oui », « anonyme », « stop » ou « effacer ».
guided-already-open = Tu as déjà un retour guidé en cours : { $id }. Continue-le dans son fil, ou écris « effacer » dans ce fil pour l'abandonner.
guided-unknown = Le retour guidé { $id } n'existe plus (récolté, effacé ou expiré).
guided-author-only = Le retour guidé { $id } est celui de { $author } : seul·e son auteur·rice y répond.
guided-stopped = ⏸ Retour { $id } gardé en brouillon jusqu'au { $until }, pour toi seul·e. Écris ici pour reprendre où tu en étais.
guided-erased = 🗑 Brouillon { $id } effacé : rien n'a été récolté.
guided-resource-unknown = « { $value } » n'est ni une adresse web ni le nom d'une fiche des communs : donne l'adresse de la ressource (https://…), ou écris « passer ».
guided-resource-several = { $count } fiches des communs répondent à « { $value } » : réponds avec l'adresse de celle que tu as utilisée, ou avec plus de mots de son titre.
guided-resource-fiche = { "   " }• « { $title } » ({ $garden }) : { $url }
guided-expired = ⌛ Le brouillon { $id } de { $author } a expiré sans être récolté : il est effacé.

## Grand Jardin

grand-jardin-summary = 🌳 Grand Jardin, du { $from } au { $to } : { $count ->
    [one] un nouveau retour partagé
   *[other] { $count } nouveaux retours partagés
}, { $gardens ->
    [one] d'un jardin
   *[other] de { $gardens } jardins
}.
grand-jardin-contexts = Par contexte :
grand-jardin-line = • { $name } : { $count }
grand-jardin-no-context = • sans contexte : { $count }
grand-jardin-gardens = Par jardin :
grand-jardin-resources = Les ressources les plus utilisées :
grand-jardin-resource = • { $url } — { $all ->
    [one] un usage en tout
   *[other] { $all } usages en tout
} ({ $week } cette semaine)
