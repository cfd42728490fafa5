//! The harvest in real Matrix rooms: the 🌱 question and its
//! author's ✅, `!récolte`'s digest and its thread, the commons room ("Grand Jardin"), the
//! export folder and the webhook. The real `tuteur` binary against a local Synapse, members
//! played by matrix-sdk clients (see tests/matrix_support); the webhook is a tiny HTTP
//! server of the test on 127.0.0.1.

mod matrix_support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use matrix_sdk::ruma::OwnedRoomId;
use matrix_sdk::ruma::api::client::room::create_room::v3::{Request as CreateRoom, RoomPreset};
use matrix_support::*;
use serde_json::Value;
use tuteur::harvest::commons_queue::BACKOFF_BASE;
use tuteur::harvest::export::file_name_of;
use tuteur::harvest::folder::INDEX_FILE;
use tuteur::model::{GardenId, RunId, RunKind};

/// The bot's message in the main timeline (not a thread) whose body contains `text`.
async fn in_room(member: &Member, bot: &Bot, room: &OwnedRoomId, text: &str) -> Seen {
    member
        .wait_for(room, &format!("the bot saying {text:?} in the room"), |s| {
            s.sender() == bot.id.as_str()
                && s.kind() == "m.room.message"
                && s.thread_root().is_none()
                && s.body().contains(text)
        })
        .await
}

/// The bot's messages in `room` whose body contains `text`.
fn bot_saying(member: &Member, bot: &Bot, room: &OwnedRoomId, text: &str) -> Vec<Seen> {
    bot_messages(member, bot, room)
        .into_iter()
        .filter(|s| s.body().contains(text))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_seed_is_harvested_only_with_its_authors_check() {
    let env = Env::get().await;
    let alice = Member::new(&env, "alice").await;
    let bob = Member::new(&env, "bob").await;
    let carol = Member::new(&env, "carol").await;
    let mut bot = Bot::new(&env).await;
    bot.start(&["@alice-*:localhost"]);
    let room = garden(&alice, &[&bob, &carol], &bot, false).await;

    let said = bob
        .say(
            &room,
            "Notre atelier de réparation #partage\nOn a appris à se prêter les outils.",
        )
        .await;
    alice.react(&room, said.as_str(), "🌱").await;
    let ask = in_room(&bob, &bot, &room, "propose de récolter ton message").await;
    assert_eq!(
        ask.content()["m.relates_to"]["m.in_reply_to"]["event_id"],
        said.as_str(),
        "the question replies to bob's message: {:?}",
        ask.content()
    );
    assert_eq!(ask.mentions(), vec![bob.id.to_string()], "bob is asked");
    assert!(
        ask.html()
            .contains(&format!("https://matrix.to/#/{}", bob.id)),
        "bob is a pill: {}",
        ask.html()
    );
    assert!(
        ask.body().contains("Notre atelier de réparation"),
        "{}",
        ask.body()
    );

    // Someone else's ✅ is no consent.
    carol.react(&room, ask.id(), "✅").await;
    let refusal = in_room(&carol, &bot, &room, "peut décider de récolter son message").await;
    assert!(refusal.body().contains("bob"), "{}", refusal.body());
    assert!(
        refusal.mentions().is_empty(),
        "carol is told, without a notification"
    );
    assert!(
        bot_saying(&carol, &bot, &room, "Retour R1 récolté").is_empty(),
        "carol's ✅ harvested nothing"
    );

    bob.react(&room, ask.id(), "✅").await;
    let done = in_room(&bob, &bot, &room, "Retour R1 récolté").await;
    assert!(
        done.body()
            .contains("« Notre atelier de réparation », par bob (licence CC BY-SA 4.0) — #partage"),
        "{}",
        done.body()
    );

    carol.say(&room, "!retours").await;
    let list = in_room(&carol, &bot, &room, "retour récolté").await;
    assert!(
        list.body().starts_with("Un retour récolté"),
        "{}",
        list.body()
    );
    assert!(
        list.body()
            .contains("• R1 « Notre atelier de réparation » — bob"),
        "{}",
        list.body()
    );
    assert_eq!(
        bot_saying(&alice, &bot, &room, "Retour R").len(),
        1,
        "one retour harvested, once"
    );
    bot.assert_alive();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recolte_posts_the_weeks_digest_with_details_in_its_thread() {
    let env = Env::get().await;
    let alice = Member::new(&env, "alice").await;
    let bob = Member::new(&env, "bob").await;
    let mut bot = Bot::new(&env).await;
    bot.start(&["@alice-*:localhost"]);
    let room = garden(&alice, &[&bob], &bot, false).await;

    bob.say(
        &room,
        "!retour Le jardin partagé du quartier #éducation\nOn a planté avec l'école.",
    )
    .await;
    in_room(&alice, &bot, &room, "Retour R1 récolté").await;
    alice
        .say(&room, "!défi Réparer le vélo commun | dans 3 semaines")
        .await;
    in_room(&alice, &bot, &room, "Défi F1").await;

    alice.say(&room, "!récolte").await;
    let digest = in_room(&bob, &bot, &room, "Récolte H1").await;
    let body = digest.body();
    assert!(body.contains("un retour, un défi"), "{body}");
    assert!(
        body.contains("• R1 « Le jardin partagé du quartier »"),
        "{body}"
    );
    assert!(body.contains("Le détail est dans le fil de H1"), "{body}");

    let details = bob
        .wait_for(&room, "the digest's details in its thread", |s| {
            s.sender() == bot.id.as_str() && s.body().contains("Détail de la récolte H1")
        })
        .await;
    assert_eq!(
        details.thread_root(),
        Some(digest.id()),
        "in the digest's thread"
    );
    let details = details.body();
    assert!(
        details.contains("• R1 « Le jardin partagé du quartier » — bob — #éducation"),
        "{details}"
    );
    assert!(
        details.contains("• F1 « Réparer le vélo commun » — nouveau"),
        "{details}"
    );
    bot.assert_alive();
}

/// A room of `owner` that is not a garden, with `invite` invited.
async fn plain_room(
    owner: &Member,
    invite: &[&matrix_sdk::ruma::OwnedUserId],
    name: &str,
) -> OwnedRoomId {
    let mut request = CreateRoom::new();
    request.invite = invite.iter().map(|u| (*u).clone()).collect();
    request.preset = Some(RoomPreset::PrivateChat);
    request.name = Some(name.to_owned());
    owner
        .client
        .create_room(request)
        .await
        .expect("create room")
        .room_id()
        .to_owned()
}

/// The Markdown files of the export folder, by name.
fn markdown_files(dir: &Path) -> Vec<(String, String)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<(String, String)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .map(|p| {
            (
                p.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read_to_string(&p).unwrap_or_default(),
            )
        })
        .collect();
    files.sort();
    files
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_local_gardens_retour_goes_to_the_commons_an_organisations_stays_home() {
    let env = Env::get().await;
    let alice = Member::new(&env, "alice").await;
    let bob = Member::new(&env, "bob").await;
    // The commons room's keeper is not among the gardeners allowed to invite the bot.
    let keeper = Member::new(&env, "keeper").await;
    let mut bot = Bot::new(&env).await;
    let commons = plain_room(&keeper, &[&bot.id], "Grand Jardin").await;
    let export = bot.dir().join("communs");
    bot.extra = format!(
        "[commons]\nroom = {:?}\nexport_dir = {:?}\n",
        commons.as_str(),
        export.display().to_string()
    );
    bot.start(&["@alice-*:localhost"]);

    let local = garden(&alice, &[&bob], &bot, false).await;
    let organisation = garden(&alice, &[&bob], &bot, false).await;
    alice.say(&organisation, "!jardin type organisation").await;
    in_room(
        &alice,
        &bot,
        &organisation,
        "Rien de ce jardin ne part aux communs",
    )
    .await;
    bob.say(
        &organisation,
        "!retour Budget interne de l'association\nLes salaires de l'équipe.",
    )
    .await;
    let kept = in_room(&bob, &bot, &organisation, "Retour R1 récolté").await;
    assert!(
        kept.body().contains("Il reste dans le jardin"),
        "{}",
        kept.body()
    );

    alice.say(&local, "!jardin nom Jardin de Lyon").await;
    in_room(&alice, &bot, &local, "Jardin de Lyon").await;
    bob.say(
        &local,
        "!retour Vélo partagé #mobilité\nOn a monté un atelier du samedi.",
    )
    .await;
    let shared = in_room(&bob, &bot, &local, "Retour R1 récolté").await;
    assert!(
        shared.body().contains("Il part aussi aux communs"),
        "{}",
        shared.body()
    );

    let post = keeper
        .wait_for(&commons, "the retour in the commons room", |s| {
            s.sender() == bot.id.as_str() && s.kind() == "m.room.message"
        })
        .await;
    let body = post.body();
    assert!(
        body.contains("Du jardin « Jardin de Lyon » : retour R1 « Vélo partagé », par bob"),
        "{body}"
    );
    assert!(body.contains("On a monté un atelier du samedi."), "{body}");
    assert!(
        body.contains("https://creativecommons.org/licenses/by-sa/4.0/"),
        "{body}"
    );

    // The organisation's retour was harvested first: had it been cross-posted, it would
    // be there by now; a few more seconds cover a slow sender.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let posts: Vec<String> = bot_messages(&keeper, &bot, &commons)
        .iter()
        .map(|s| s.body().to_owned())
        .collect();
    assert_eq!(posts.len(), 1, "only the local garden's retour: {posts:?}");
    assert!(
        !posts.iter().any(|p| p.contains("Budget interne")),
        "{posts:?}"
    );

    let r1 = RunId::new(RunKind::Retour, 1);
    let local_file = export.join(file_name_of(&GardenId::new(local.as_str()), r1));
    let organisation_file = export.join(file_name_of(&GardenId::new(organisation.as_str()), r1));
    let deadline = Instant::now() + WAIT;
    while !local_file.exists() {
        assert!(
            Instant::now() < deadline,
            "no {} in the export folder: {:?}",
            local_file.display(),
            markdown_files(&export)
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let md = std::fs::read_to_string(&local_file).expect("the local retour's file");
    assert!(md.starts_with("---\n"), "front matter: {md}");
    assert!(md.contains("\ntitle: Vélo partagé\n"), "{md}");
    assert!(md.contains("\nauthor: bob\n"), "{md}");
    assert!(
        !organisation_file.exists(),
        "the organisation's retour stays home"
    );
    let files = markdown_files(&export);
    assert_eq!(files.len(), 1, "one file, the local one: {files:?}");
    let index: Value = serde_json::from_str(
        &std::fs::read_to_string(export.join(INDEX_FILE)).expect("the JSON-LD index"),
    )
    .expect("the index parses");
    let names: Vec<&str> = index["@graph"]
        .as_array()
        .map(|g| g.iter().filter_map(|w| w["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(names, vec!["Vélo partagé"], "{index}");
    bot.assert_alive();
}

/// One request as the webhook server saw it, and what it answered.
#[derive(Debug, Clone)]
struct Request {
    request_line: String,
    authorization: Option<String>,
    body: Value,
    status: u16,
    at: Instant,
}

/// A tiny HTTP/1.1 server on 127.0.0.1 answering each request with the next status of
/// `statuses` (the last one repeats). Returns its URL and what it received.
fn webhook_server(statuses: Vec<u16>) -> (String, Arc<Mutex<Vec<Request>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/retours", listener.local_addr().expect("addr"));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        // Bounded: the test expects two requests; a few more would be a failure it sees.
        for (i, stream) in listener.incoming().take(20).enumerate() {
            let Ok(mut stream) = stream else { continue };
            let Ok(clone) = stream.try_clone() else {
                continue;
            };
            let mut reader = BufReader::new(clone);
            let mut request_line = String::new();
            if reader.read_line(&mut request_line).is_err() {
                continue;
            }
            let mut length = 0usize;
            let mut authorization = None;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    break;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                let (name, value) = line.split_once(':').unwrap_or((line, ""));
                match name.to_ascii_lowercase().as_str() {
                    "content-length" => length = value.trim().parse().unwrap_or(0),
                    "authorization" => authorization = Some(value.trim().to_owned()),
                    _ => {}
                }
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let status = statuses.get(i).or(statuses.last()).copied().unwrap_or(200);
            log.lock().expect("lock").push(Request {
                request_line: request_line.trim_end().to_owned(),
                authorization,
                body: serde_json::from_slice(&body).unwrap_or(Value::Null),
                status,
                at: Instant::now(),
            });
            let reply =
                format!("HTTP/1.1 {status} X\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok");
            let _ = stream.write_all(reply.as_bytes());
        }
    });
    (url, seen)
}

/// The deliverer retries a failed POST after its first backoff (one minute): the test
/// waits for it rather than shortening the product's delays.
const RETRY_PATIENCE: Duration = Duration::from_secs(150);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_webhook_post_is_retried_until_the_server_takes_it() {
    let env = Env::get().await;
    let alice = Member::new(&env, "alice").await;
    let bob = Member::new(&env, "bob").await;
    let (url, requests) = webhook_server(vec![500, 200]);
    let mut bot = Bot::new(&env).await;
    bot.extra = format!(
        "[commons]\nwebhook = {url:?}\nwebhook_token_env = \"TUTEUR_TEST_WEBHOOK_TOKEN\"\n"
    );
    bot.vars
        .push(("TUTEUR_TEST_WEBHOOK_TOKEN".into(), "jeton-du-wiki".into()));
    bot.start(&["@alice-*:localhost"]);
    let room = garden(&alice, &[&bob], &bot, false).await;

    alice.say(&room, "!jardin nom Jardin de Lyon").await;
    in_room(&alice, &bot, &room, "Jardin de Lyon").await;
    bob.say(
        &room,
        "!retour Notre conseil coopératif #éducation\nCe qu'on a appris en un an.",
    )
    .await;
    in_room(&bob, &bot, &room, "Retour R1 récolté").await;

    let started = Instant::now();
    let deadline = started + RETRY_PATIENCE;
    loop {
        let n = requests.lock().expect("lock").len();
        if n >= 2 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the webhook got {n} request(s) in {RETRY_PATIENCE:?}: {:?}",
            requests.lock().expect("lock")
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Delivered: nothing more is sent.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let requests = requests.lock().expect("lock").clone();
    let statuses: Vec<u16> = requests.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        vec![500, 200],
        "one failure, one retry: {requests:?}"
    );
    let gap = requests[1].at - requests[0].at;
    let backoff = BACKOFF_BASE.to_std().expect("a positive backoff");
    assert!(
        gap + Duration::from_secs(2) >= backoff,
        "the retry waited for its backoff ({backoff:?}): {gap:?}"
    );
    for r in &requests {
        assert_eq!(r.request_line, "POST /retours HTTP/1.1");
        assert_eq!(r.authorization.as_deref(), Some("Bearer jeton-du-wiki"));
        assert_eq!(r.body["name"], "Notre conseil coopératif", "{}", r.body);
        assert_eq!(
            r.body["license"], "https://creativecommons.org/licenses/by-sa/4.0/",
            "{}",
            r.body
        );
        assert_eq!(r.body["author"]["name"], "bob", "{}", r.body);
        assert_eq!(r.body["isPartOf"]["name"], "Jardin de Lyon", "{}", r.body);
        assert!(
            r.body["text"]
                .as_str()
                .is_some_and(|t| t.contains("Ce qu'on a appris en un an.")),
            "{}",
            r.body
        );
    }
    bot.assert_alive();
}
