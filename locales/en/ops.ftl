# tuteur — what the person running the bot reads: tuteur check, backup, restore.
# The same ids exist in French (locales/fr/ops.ftl).

## tuteur check

check-config-ok = Configuration { $path }: settings and secrets read.
check-config-bad = { $problem }. Fix this setting, then run tuteur check again.
check-inviters-empty = bot.allowed_inviters is empty: the bot will refuse every invite. Add for instance "@*:{ $server }".
check-passphrase-missing = The Matrix stores (state and encryption keys) are not encrypted on disk: give a passphrase with bot.store_passphrase_file or bot.store_passphrase_env before the first start.
check-store-ok = Garden memory: { $path } opens.
check-store-new = Garden memory: no store in { $path } yet; tuteur run will create it.
check-store-bad = { $problem }
check-sdk-store-ok = Matrix stores: they open with the given passphrase.
check-homeserver-ok = Homeserver { $url }: it answers (Matrix { $versions }).
check-homeserver-delegated = Homeserver: { $configured } delegates to { $url } (.well-known); it answers (Matrix { $versions }).
check-homeserver-bad = matrix.homeserver: { $url } does not answer ({ $problem }). Check the address and that the server runs; tuteur run keeps trying by itself meanwhile.
check-login-ok = Account { $user }: the password is accepted (a trial login, closed at once).
check-login-device = Account { $user }: logged in, device { $device }.
check-login-bad = { $setting }: { $problem }. Fix this secret (or the account), then run tuteur check again.
check-rituals-ok = Rituals: the files in { $path } are valid.
check-rituals-missing = bot.rituals: the folder { $path } does not exist.
check-rituals-bad = bot.rituals: { $count ->
    [one] one problem
   *[other] { $count } problems
} in { $path } (fix them; tuteur rituals check { $path } shows them again):
check-metrics = Metrics: http://{ $address }/metrics and /health will be served.
check-summary-ok = All set: tuteur run can start.
check-summary-bad = { $count ->
    [one] One thing to fix
   *[other] { $count } things to fix
} (exit code { $code }).

## tuteur backup and tuteur restore

backup-cannot-write = Cannot write { $path }: { $problem }. Nothing was changed.
backup-done = Backup written to { $path }: { $entries ->
    [one] one entry
   *[other] { $entries } entries
}, { $gardens ->
    [0] no garden
    [one] one garden
   *[other] { $gardens } gardens
}, { $source ->
    [bot] made by the running bot
   *[store] read from the store
}.
restore-cannot-read = Cannot read the backup { $path }: { $problem }. Nothing was changed.
restore-bad-archive = { $path }: { $problem }. Nothing was changed.
restore-not-empty = The folder { $path } is not empty: tuteur restore only writes into an empty or missing folder (move the old store aside). Nothing was changed.
restore-done = Backup restored into { $path }: { $entries ->
    [one] one entry
   *[other] { $entries } entries
}, { $gardens ->
    [0] no garden
    [one] one garden
   *[other] { $gardens } gardens
}. At start the bot logs in as a new device and carries on where the backup was.
