# tuteur — the commons: search (!commons), resources, guided reports, Grand Jardin.
# Same ids in French (locales/fr/commons.ftl).

usage-communs = !commons <words and #facets> or !commons resource <address>
help-communs = Searches the experience reports of every garden that shares (and your own garden's): words, and #facets to filter — context (#hospital, #education…), kind of resource (#sheet…), kind of structure (#association…). !commons resource <address> shows who used a resource, in which contexts, and the improvements suggested.

## Facets

commons-facet-context = Context
commons-facet-resource = Kind of resource
commons-facet-structure = Kind of structure
commons-facet-line = { $facet }: { $tags }

## Search

commons-search-empty = What are you looking for in the commons? Give words and, if you like, #facets: !commons consent #hospital. The known facets:
commons-search-too-long = This search is { $length } characters long: { $max } at most, please. A few words and #facets are enough. The known facets:
commons-facet-unknown = { $tag } is not a facet of the commons. The known facets:
commons-search-none = Nothing found in the commons{ $has_words ->
    [yes] {" "}for “{ $words }”
   *[no] {""}
}{ $facet_count ->
    [0] {""}
   *[other] {" "}with { $facets }
}. Try other words or fewer facets.
commons-search-header = 🔎 { $total ->
    [one] One report found in the commons
   *[other] { $total } reports found in the commons; the best { $count }
}{ $has_words ->
    [yes] {" "}for “{ $words }”
   *[no] {""}
}{ $facet_count ->
    [0] {""}
   *[other] {" "}({ $facets })
}:
commons-hit = { $rank }. “{ $title }” — { $garden }, by { $credit }, { $at }{ $context_count ->
    [0] {""}
   *[other] {" "}· { $contexts }
}
commons-search-thread = The details are in the thread of { $id }.
commons-detail-title = { $rank }. “{ $title }” ({ $id } of the garden { $garden }) — { $credit }, { $at }
commons-detail-facets = { "   " }Facets: { $facets }
commons-detail-text = { "   " }{ $text }
commons-detail-resource = { "   " }Resource used: { $url }

## Resources

commons-resource-missing = Which resource? Give its address: !commons resource https://…
commons-resource-not-url = “{ $value }” is not a web address: !commons resource expects an address starting with https:// or http://.
commons-resource-none = No report of the commons has used { $url } yet.
commons-resource-header = 🔗 { $url }: { $count ->
    [one] used in one report
   *[other] used in { $count } reports
}{ $context_count ->
    [0] {""}
   *[other] {" "}— contexts: { $contexts }
}{ $improvements ->
    [0] {"."}
    [one] {"; "}one improvement suggested.
   *[other] {"; "}{ $improvements } improvements suggested.
}
commons-resource-improvement = { "   " }↳ Improvement suggested: { $text }

## Settings

setting-contexte = { $set ->
    [yes] Default context of the garden's reports: { $value }.
   *[no] The garden's reports have no default context any more.
}
setting-expected-contexte = a context #facet (#hospital, #municipality, #large-company, #farming, #craftspeople, #eco-place, #third-place, #education), or “none”.
setting-brouillons = A guided report left halfway is kept { $value } for its author.
setting-expected-brouillons = a length of time, such as “7d” or “2 weeks”.

## Guided reports

guided-open = 🌿 Guided report { $id }: “{ $title }”. { $author }, I'll ask you a few questions, one at a time, here in this thread. Answer, or write “skip” to skip a question, “stop” to pause (your draft waits for you { $days ->
    [one] one day
   *[other] { $days } days
}), “delete” to drop it. Nothing is harvested without your consent.
guided-ask-context = 1/5 · In what context? (the place, the group, #facets such as #hospital or #association){ $has_default ->
    [yes] {" "}Without an answer, the garden's context: { $default }.
   *[no] {""}
}
guided-ask-tried = 2/5 · What did you try?
guided-ask-happened = 3/5 · What happened?
guided-ask-learnt = 4/5 · What do you take away from it?
guided-ask-resource = 5/5 · Which resource did you use? Its address (https://…) or the name of a sheet of the commons, or “skip”.
guided-ask-improvement = And what would you change in that resource next time? (or “skip”)
guided-part-context = Context: { $text }
guided-part-tried = What we tried: { $text }
guided-part-happened = What happened: { $text }
guided-part-learnt = What I take away: { $text }
guided-part-resource = Resource: { $text }
guided-part-improvement = Improvement suggested: { $text }
guided-preview = Here is your report { $id } as it would be harvested:
guided-preview-text = { $text }
guided-confirm = Answer “yes” (or react ✅) to harvest it under your name, licence CC BY-SA 4.0; “anonymous” (or 🕶) to have it signed “anonyme”; “stop” to keep it as a draft.
guided-confirm-expected = Your report { $id } waits for your answer: “yes”, “anonymous”, “stop” or “delete”.
guided-already-open = You already have a guided report under way: { $id }. Go on in its thread, or write “delete” there to drop it.
guided-unknown = The guided report { $id } no longer exists (harvested, deleted or expired).
guided-author-only = The guided report { $id } is { $author }'s: only its author answers it.
guided-stopped = ⏸ Report { $id } kept as a draft until { $until }, for you only. Write here to go on where you left off.
guided-erased = 🗑 Draft { $id } deleted: nothing was harvested.
guided-resource-unknown = “{ $value }” is neither a web address nor the name of a sheet of the commons: give the resource's address (https://…), or write “skip”.
guided-resource-several = { $count } sheets of the commons answer to “{ $value }”: reply with the address of the one you used, or with more words of its title.
guided-resource-fiche = { "   " }• “{ $title }” ({ $garden }): { $url }
guided-expired = ⌛ { $author }'s draft { $id } expired without being harvested: it is deleted.

## Grand Jardin

grand-jardin-summary = 🌳 Grand Jardin, { $from } to { $to }: { $count ->
    [one] one new shared report
   *[other] { $count } new shared reports
}, { $gardens ->
    [one] from one garden
   *[other] from { $gardens } gardens
}.
grand-jardin-contexts = By context:
grand-jardin-line = • { $name }: { $count }
grand-jardin-no-context = • no context: { $count }
grand-jardin-gardens = By garden:
grand-jardin-resources = The most used resources:
grand-jardin-resource = • { $url } — { $all ->
    [one] one use in all
   *[other] { $all } uses in all
} ({ $week } this week)
