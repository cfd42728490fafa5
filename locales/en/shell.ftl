# tuteur shell: what the shell says about itself, with piped input and at a terminal (the
# prompt, /help, lines not understood). The same ids exist in French (locales/fr/shell.ftl).

shell-welcome = 🌱 tuteur shell — members: { $members }. You write as { $who }: a line is their message (“!weather” starts a weather round), “/me bob” lets bob speak, “/help” lists the shell's commands. Ctrl-D to quit.
shell-bad-line = Line not understood: “{ $line }”. Expected: “alice> text”, “alice [D1]> text”, “alice (dm)> text”, “alice> +✅” or “/advance 3d”.
shell-bad-thread = Unknown thread in “{ $line }”: write for example “alice [D1]> text” or “/thread D1”.
shell-bad-advance = Unreadable duration in “{ $line }”: write for example “/advance 3d”, “/advance 2h” or “/advance 30m”.
shell-unknown-slash = Unknown shell command: “{ $line }”. “/help” lists the ones there are; the bot's commands start with “!” (“!help”).
shell-unknown-member = “{ $who }” is not a member of this garden (members: { $members }).
shell-left = { $who } left the garden.
shell-advanced = Clock moved to: { $now }
shell-bad-speaker = Who speaks? In “{ $line }”, write a member's name, for example “/me bob”.
shell-bad-ritual = “{ $line }”: write “/ritual add FILE”, for example “/ritual add rituals/inclusion.toml”. The other ritual commands are for the bot: “!ritual list”.

## At a terminal

shell-prompt = { $who }{ $place ->
    [thread] {""} [{ $id }]
    [dm] {""} (dm)
   *[main] {""}
}> {""}
shell-help =
    Shell commands (a line without “name>” is said by whoever speaks, where they are):
      /me bob (/je) — bob speaks from now on
      /thread D1 (/fil) — write in the thread of run D1; /room (/salon) — back to the room
      /dm — write to the bot in a direct message; “/dm text” or “/thread D1 text” sends that one message
      /ritual add FILE (/rituel ajouter) — send a ritual file to the bot, as “!ritual add”
      /advance 3d (/avance) — move the clock; /leave bob (/départ) — bob leaves the garden
      /help (/aide) — this list; “!help” gives the bot's commands
    A line ending with “\” continues the message on the next line (a retour, a proposal on several lines); a pasted block is read as a script, its indented lines continuing the message before them. “bob [D1]> text” is written as in a script. Ctrl-D to quit.
shell-speaker = Now speaking: { $who }.
shell-place = { $place ->
    [thread] Lines go to the thread of { $id } (/room to leave it).
    [dm] Lines go to the bot, in a direct message (/room to leave it).
   *[main] Lines go to the garden's room.
}
shell-continue-hint = The message before is already sent, so this indented line is not: to write a message on several lines, end each line with “\” before pressing Enter (or paste the whole block at once).
shell-attached = 📎 { $file } ({ $lines ->
    [one] one line
   *[other] { $lines } lines
})
shell-ritual-file = Cannot read “{ $path }”: { $reason ->
    [missing] there is no such file (the path starts from the folder tuteur shell was started in).
    [denied] permission denied.
    [folder] it is a folder; give the path of a .toml file.
    [not-text] it is not a UTF-8 text file.
    [too-big] it is { $size } bytes, a ritual is { $max } at most.
   *[other] { $error }.
}
