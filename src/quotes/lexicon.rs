//! French word lists for quote attribution: reporting verbs, generated from lemmas, and the small
//! closed classes (determiners, prepositions, titles, time words) that delimit a speaker's mention.
//!
//! Every lookup works on *folded* words (lower case, accents removed, `’` read as `'`), so that
//! `déclaré`, `DÉCLARÉ` and a decomposed `de\u{301}clare\u{301}` are the same key.
//! Folding merges a few forms (`déclare`/`déclaré`); both are reporting forms, so nothing is lost.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// A small multiplicative hasher for the short, trusted keys of the verb table; SipHash's
/// protection against adversarial keys is not needed for a fixed set of words.
#[derive(Default)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 =
                (self.0.rotate_left(5) ^ u64::from(byte)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
}

/// Verb forms, each marked `true` when it is an infinitive.
type WordSet = HashMap<String, bool, BuildHasherDefault<WordHasher>>;

/// How a lemma conjugates.
enum Paradigm {
    /// A regular first-group verb given by its stem (`déclar` for `déclarer`).
    /// The `ç`/`ge` spellings before `a` and `o` are folded away or added automatically.
    Er,
    /// A second-group verb given by its stem (`réag` for `réagir`).
    Ir,
    /// Any other verb, given by the forms journalists use: present, imparfait, passé simple,
    /// future, conditional, participles and infinitive.
    Forms(&'static [&'static str]),
}

/// Reporting verbs as lemmas (stems for the regular groups).
///
/// The list was written from the verbs that introduce quotes in wire stories; it keeps
/// `penser`, `croire` and `juger`, which introduce opinions, and leaves out `être` and `avoir`,
/// which only serve as auxiliaries (see [`is_auxiliary`]).
const LEMMAS: &[(&str, Paradigm)] = &[
    ("accus", Paradigm::Er),
    ("rappel", Paradigm::Er),
    ("affirm", Paradigm::Er),
    ("ajout", Paradigm::Er),
    ("alert", Paradigm::Er),
    ("analys", Paradigm::Er),
    ("annonc", Paradigm::Er),
    ("argument", Paradigm::Er),
    ("assen", Paradigm::Er),
    ("assur", Paradigm::Er),
    ("avanc", Paradigm::Er),
    ("avou", Paradigm::Er),
    ("certifi", Paradigm::Er),
    ("clam", Paradigm::Er),
    ("comment", Paradigm::Er),
    ("confi", Paradigm::Er),
    ("confirm", Paradigm::Er),
    ("consider", Paradigm::Er),
    ("constat", Paradigm::Er),
    ("continu", Paradigm::Er),
    ("critiqu", Paradigm::Er),
    ("declar", Paradigm::Er),
    ("demand", Paradigm::Er),
    ("denonc", Paradigm::Er),
    ("deplor", Paradigm::Er),
    ("desol", Paradigm::Er),
    ("detaill", Paradigm::Er),
    ("developp", Paradigm::Er),
    ("emport", Paradigm::Er),
    ("enchain", Paradigm::Er),
    ("esper", Paradigm::Er),
    ("estim", Paradigm::Er),
    ("evoqu", Paradigm::Er),
    ("exclam", Paradigm::Er),
    ("exig", Paradigm::Er),
    ("expliqu", Paradigm::Er),
    ("exhort", Paradigm::Er),
    ("felicit", Paradigm::Er),
    ("fustig", Paradigm::Er),
    ("gliss", Paradigm::Er),
    ("indign", Paradigm::Er),
    ("indiqu", Paradigm::Er),
    ("inquiet", Paradigm::Er),
    ("insist", Paradigm::Er),
    ("insurg", Paradigm::Er),
    ("interrog", Paradigm::Er),
    ("ironis", Paradigm::Er),
    ("jug", Paradigm::Er),
    ("jur", Paradigm::Er),
    ("lach", Paradigm::Er),
    ("lanc", Paradigm::Er),
    ("mentionn", Paradigm::Er),
    ("martel", Paradigm::Er),
    ("not", Paradigm::Er),
    ("nuanc", Paradigm::Er),
    ("object", Paradigm::Er),
    ("observ", Paradigm::Er),
    ("pens", Paradigm::Er),
    ("plaid", Paradigm::Er),
    ("plaisant", Paradigm::Er),
    ("point", Paradigm::Er),
    ("precis", Paradigm::Er),
    ("proclam", Paradigm::Er),
    ("propos", Paradigm::Er),
    ("protest", Paradigm::Er),
    ("racont", Paradigm::Er),
    ("rapport", Paradigm::Er),
    ("rassur", Paradigm::Er),
    ("reaffirm", Paradigm::Er),
    ("reclam", Paradigm::Er),
    ("recommand", Paradigm::Er),
    ("regrett", Paradigm::Er),
    ("reiter", Paradigm::Er),
    ("relat", Paradigm::Er),
    ("relev", Paradigm::Er),
    ("remarqu", Paradigm::Er),
    ("repet", Paradigm::Er),
    ("repliqu", Paradigm::Er),
    ("resum", Paradigm::Er),
    ("retorqu", Paradigm::Er),
    ("salu", Paradigm::Er),
    ("signal", Paradigm::Er),
    ("soulign", Paradigm::Er),
    ("souffl", Paradigm::Er),
    ("soupir", Paradigm::Er),
    ("sugger", Paradigm::Er),
    ("temoign", Paradigm::Er),
    ("tempet", Paradigm::Er),
    ("tonn", Paradigm::Er),
    ("tranch", Paradigm::Er),
    ("tweet", Paradigm::Er),
    ("twitt", Paradigm::Er),
    ("avert", Paradigm::Ir),
    ("reag", Paradigm::Ir),
    ("rencher", Paradigm::Ir),
    ("rejou", Paradigm::Ir),
    ("applaud", Paradigm::Ir),
    ("alleg", Paradigm::Er),
    ("argu", Paradigm::Er),
    ("attest", Paradigm::Er),
    ("conced", Paradigm::Er),
    ("divulgu", Paradigm::Er),
    ("exprim", Paradigm::Er),
    ("extasi", Paradigm::Er),
    ("gazouill", Paradigm::Er),
    ("illustr", Paradigm::Er),
    ("inform", Paradigm::Er),
    ("pretend", Paradigm::Er),
    ("redout", Paradigm::Er),
    ("refut", Paradigm::Er),
    ("revel", Paradigm::Er),
    ("souhait", Paradigm::Er),
    ("soulev", Paradigm::Er),
    ("justifi", Paradigm::Er),
    ("enthousiasm", Paradigm::Er),
    ("alarm", Paradigm::Er),
    ("complet", Paradigm::Er),
    ("etrangl", Paradigm::Er),
    ("fulmin", Paradigm::Er),
    ("agac", Paradigm::Er),
    ("tacl", Paradigm::Er),
    ("raill", Paradigm::Er),
    ("conseill", Paradigm::Er),
    ("interpell", Paradigm::Er),
    ("implor", Paradigm::Er),
    ("suppli", Paradigm::Er),
    ("amus", Paradigm::Er),
    ("etonn", Paradigm::Er),
    ("offusqu", Paradigm::Er),
    ("confess", Paradigm::Er),
    ("decrypt", Paradigm::Er),
    ("questionn", Paradigm::Er),
    ("rememor", Paradigm::Er),
    ("murmur", Paradigm::Er),
    ("cri", Paradigm::Er),
    ("hurl", Paradigm::Er),
    ("achev", Paradigm::Er),
    ("termin", Paradigm::Er),
    ("garant", Paradigm::Er),
    ("contest", Paradigm::Er),
    ("ripost", Paradigm::Er),
    ("condamn", Paradigm::Er),
    ("reproch", Paradigm::Er),
    ("remerci", Paradigm::Er),
    ("enerv", Paradigm::Er),
    ("devoil", Paradigm::Er),
    ("communiqu", Paradigm::Er),
    ("poursuiv", Paradigm::Er),
    ("recadr", Paradigm::Er),
    ("soupcon", Paradigm::Er),
    ("temper", Paradigm::Er),
    ("balay", Paradigm::Er),
    ("exult", Paradigm::Er),
    ("jubil", Paradigm::Er),
    ("appel", Paradigm::Er),
    ("glos", Paradigm::Er),
    ("grinc", Paradigm::Er),
    ("sanglot", Paradigm::Er),
    ("pleur", Paradigm::Er),
    ("admonest", Paradigm::Er),
    ("insinu", Paradigm::Er),
    ("vant", Paradigm::Er),
    ("dramatis", Paradigm::Er),
    ("relativis", Paradigm::Er),
    ("minimis", Paradigm::Er),
    ("moqu", Paradigm::Er),
    ("gauss", Paradigm::Er),
    ("lament", Paradigm::Er),
    ("prophetis", Paradigm::Er),
    ("pronostiqu", Paradigm::Er),
    ("approuv", Paradigm::Er),
    ("acquiesc", Paradigm::Er),
    ("garant", Paradigm::Ir),
    ("averti", Paradigm::Ir),
    (
        "démentir",
        Paradigm::Forms(&[
            "dement",
            "dementent",
            "dementait",
            "dementaient",
            "dementit",
            "dementi",
            "dementir",
            "dementant",
        ]),
    ),
    (
        "se souvenir",
        Paradigm::Forms(&[
            "souvient",
            "souviennent",
            "souvenait",
            "souvint",
            "souvenu",
            "souvenue",
            "souvenir",
            "souvenant",
        ]),
    ),
    (
        "craindre",
        Paradigm::Forms(&[
            "craint",
            "craignent",
            "craignait",
            "craignaient",
            "craignit",
            "craindre",
            "craignant",
            "plaint",
            "plaignent",
            "plaignait",
            "plaignit",
            "plaindre",
            "plaignant",
        ]),
    ),
    (
        "défendre",
        Paradigm::Forms(&[
            "defend",
            "defendent",
            "defendait",
            "defendit",
            "defendu",
            "defendre",
            "defendant",
            "pretend",
            "pretendent",
            "pretendait",
            "pretendu",
            "pretendre",
        ]),
    ),
    (
        "sourire",
        Paradigm::Forms(&[
            "sourit", "sourient", "souriait", "souri", "sourire", "souriant", "rit", "riait",
        ]),
    ),
    (
        "lire",
        // Only in `peut-on lire`, `lit-on`.
        Paradigm::Forms(&["lire", "lit"]),
    ),
    (
        "émouvoir",
        Paradigm::Forms(&["emeut", "emeuvent", "emouvait", "emu", "emue", "emouvoir"]),
    ),
    (
        "dire",
        Paradigm::Forms(&[
            "dit",
            "disent",
            "disait",
            "disaient",
            "dirent",
            "dira",
            "dirait",
            "diraient",
            "dire",
            "disant",
            "redit",
            "redire",
            "predit",
            "predire",
            "contredit",
            "contredire",
        ]),
    ),
    (
        "écrire",
        Paradigm::Forms(&[
            "ecrit",
            "ecrivent",
            "ecrivait",
            "ecrivaient",
            "ecrivit",
            "ecrivirent",
            "ecrira",
            "ecrirait",
            "ecrire",
            "ecrivant",
            "decrit",
            "decrivent",
            "decrivait",
            "decrire",
            "decrivant",
        ]),
    ),
    (
        "répondre",
        Paradigm::Forms(&[
            "repond",
            "repondent",
            "repondait",
            "repondaient",
            "repondit",
            "repondirent",
            "repondu",
            "repondra",
            "repondrait",
            "repondre",
            "repondant",
        ]),
    ),
    (
        "poursuivre",
        Paradigm::Forms(&[
            "poursuit",
            "poursuivent",
            "poursuivait",
            "poursuivaient",
            "poursuivit",
            "poursuivi",
            "poursuivra",
            "poursuivrait",
            "poursuivre",
            "poursuivant",
        ]),
    ),
    (
        "reprendre",
        Paradigm::Forms(&[
            "reprend",
            "reprennent",
            "reprenait",
            "reprit",
            "repris",
            "reprendra",
            "reprendrait",
            "reprendre",
            "reprenant",
        ]),
    ),
    (
        "admettre",
        Paradigm::Forms(&[
            "admet",
            "admettent",
            "admettait",
            "admit",
            "admis",
            "admettra",
            "admettrait",
            "admettre",
            "admettant",
            "promet",
            "promettent",
            "promettait",
            "promit",
            "promis",
            "promettre",
        ]),
    ),
    (
        "soutenir",
        Paradigm::Forms(&[
            "soutient",
            "soutiennent",
            "soutenait",
            "soutint",
            "soutenu",
            "soutiendra",
            "soutiendrait",
            "soutenir",
            "soutenant",
            "maintient",
            "maintenu",
            "maintenait",
            "maintenir",
        ]),
    ),
    (
        "prévenir",
        Paradigm::Forms(&[
            "previent",
            "previennent",
            "prevenait",
            "prevint",
            "prevenu",
            "previendra",
            "previendrait",
            "prevenir",
            "prevenant",
        ]),
    ),
    (
        "conclure",
        Paradigm::Forms(&[
            "conclut",
            "concluent",
            "concluait",
            "conclu",
            "conclura",
            "conclurait",
            "conclure",
            "concluant",
        ]),
    ),
    (
        "reconnaître",
        Paradigm::Forms(&[
            "reconnait",
            "reconnaissent",
            "reconnaissait",
            "reconnut",
            "reconnu",
            "reconnaitra",
            "reconnaitrait",
            "reconnaitre",
            "reconnaissant",
        ]),
    ),
    (
        "croire",
        Paradigm::Forms(&[
            "croit", "croient", "croyait", "crut", "cru", "croira", "croirait", "croire",
        ]),
    ),
    (
        "faire valoir",
        // Only the infinitives: `a fait valoir`, `fait savoir` are read as auxiliary + infinitive.
        Paradigm::Forms(&["valoir", "savoir", "entendre"]),
    ),
];

/// First-group endings (after the stem), with accents folded.
const ER_ENDINGS: &[&str] = &[
    "e", "es", "ent", "ait", "aient", "a", "erent", "ee", "ees", "era", "erait", "eraient",
    "eront", "er", "ant",
];

/// Second-group endings (after the stem).
const IR_ENDINGS: &[&str] = &[
    "it", "issent", "issait", "issaient", "irent", "i", "ie", "ira", "irait", "iraient", "ir",
    "issant", "is",
];

/// The reporting-verb forms, with a Bloom filter that rejects nearly every other word with one
/// cheap hash instead of a hash-map probe.
struct VerbTable {
    forms: WordSet,
    /// Two bits per form, at the positions [`filter_bits`] gives.
    filter: Vec<u64>,
}

/// log2 of the number of bits of [`VerbTable::filter`].
const FILTER_LOG2: u32 = 16;

/// The two filter bits of a folded word, from a quick hash of its length and its first and
/// last eight bytes.
#[inline]
fn filter_bits(folded: &str) -> [usize; 2] {
    let bytes = folded.as_bytes();
    let (head, tail) = match (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
        (Some(head), Some(tail)) => (u64::from_le_bytes(*head), u64::from_le_bytes(*tail)),
        _ => {
            let mut word = 0u64;
            for (index, &byte) in bytes.iter().enumerate() {
                word |= u64::from(byte) << (8 * index);
            }
            (word, 0)
        }
    };
    let mut hash = head.wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ tail.wrapping_mul(0xC2B2_AE3D_27D4_EB4F).rotate_left(32)
        ^ bytes.len() as u64;
    hash ^= hash >> 29;
    hash = hash.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    hash ^= hash >> 32;
    let mask = (1u64 << FILTER_LOG2) - 1;
    [
        (hash & mask) as usize,
        ((hash >> FILTER_LOG2) & mask) as usize,
    ]
}

/// The reporting-verb table, built once.
fn verb_table() -> &'static VerbTable {
    static TABLE: OnceLock<VerbTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let forms = verb_forms();
        let mut filter = vec![0u64; (1usize << FILTER_LOG2) / 64];
        for form in forms.keys() {
            for bit in filter_bits(form) {
                filter[bit / 64] |= 1 << (bit % 64);
            }
        }
        VerbTable { forms, filter }
    })
}

impl VerbTable {
    fn get(&self, folded: &str) -> Option<bool> {
        let set = |bit: usize| {
            self.filter
                .get(bit / 64)
                .is_some_and(|w| w & (1 << (bit % 64)) != 0)
        };
        if !filter_bits(folded).into_iter().all(set) {
            return None;
        }
        self.forms.get(folded).copied()
    }
}

/// The folded set of every generated reporting-verb form.
fn verb_forms() -> WordSet {
    {
        let mut forms = WordSet::with_capacity_and_hasher(4096, BuildHasherDefault::default());
        let mut add = |form: String, infinitive: bool| {
            let entry = forms.entry(form).or_insert(infinitive);
            *entry &= infinitive;
        };
        for (stem, paradigm) in LEMMAS {
            match paradigm {
                Paradigm::Er => {
                    for ending in ER_ENDINGS {
                        add(format!("{stem}{ending}"), *ending == "er");
                        // `juger` keeps its `g` soft before `a`: `jugeait`, `jugea`, `jugeant`.
                        if stem.ends_with('g') && ending.starts_with('a') {
                            add(format!("{stem}e{ending}"), false);
                        }
                    }
                    // Stems like `rappel`/`jet` double their consonant before a mute `e`.
                    if stem.ends_with('l') || stem.ends_with('t') {
                        let last = &stem[stem.len() - 1..];
                        for ending in ["e", "es", "ent", "era", "erait"] {
                            add(format!("{stem}{last}{ending}"), false);
                        }
                    }
                }
                Paradigm::Ir => {
                    for ending in IR_ENDINGS {
                        add(format!("{stem}{ending}"), *ending == "ir");
                    }
                }
                Paradigm::Forms(list) => {
                    for form in list.iter() {
                        // In the listed forms only infinitives end in `-re`, `-ir` or `-oir`.
                        add(
                            (*form).to_string(),
                            form.ends_with("re") || form.ends_with("ir"),
                        );
                    }
                }
            }
        }
        forms
    }
}

/// Whether a folded word is a form of a reporting verb.
pub(super) fn is_reporting_verb(folded: &str) -> bool {
    folded.len() >= 2 && verb_table().get(folded).is_some()
}

/// Whether a folded reporting-verb form is an infinitive (`déclarer`, `dire`), which has no
/// subject of its own (`a commencé à plaider`, `quitte à demander`).
pub(super) fn is_infinitive(folded: &str) -> bool {
    verb_table().get(folded).unwrap_or(false)
}

/// Auxiliaries and the light verbs that can sit before a reporting verb (`a tenu à préciser`,
/// `a fait valoir`, `s'est dit`), folded.
pub(super) fn is_auxiliary(folded: &str) -> bool {
    matches!(
        folded,
        "a" | "ont"
            | "avait"
            | "avaient"
            | "aura"
            | "auront"
            | "aurait"
            | "auraient"
            | "eut"
            | "est"
            | "sont"
            | "etait"
            | "etaient"
            | "serait"
            | "seraient"
            | "sera"
            | "fut"
            | "s'"
            | "se"
            | "l'"
            | "le"
            | "lui"
            | "leur"
            | "nous"
            | "vous"
            | "en"
            | "y"
            | "ne"
            | "n'"
            | "pas"
            | "tenu"
            | "tient"
            | "tenait"
            | "tiennent"
            | "voulu"
            | "veut"
            | "voulait"
            | "fait"
            | "faisait"
            | "fit"
            | "pu"
            | "peut"
            | "pouvait"
            | "doit"
            | "du"
            | "devait"
            | "semble"
            | "semblait"
            | "dit"
            | "ete"
            | "a-t"
    )
}

/// Adverbs that can split a verb group (`a toutefois estimé`) or follow the verb before the
/// postposed subject (`a déclaré jeudi soir le ministre`).
pub(super) fn is_adverb(folded: &str) -> bool {
    folded.ends_with("ment") && folded.len() > 6
        || matches!(
            folded,
            "encore"
                | "aussi"
                | "ensuite"
                | "alors"
                | "enfin"
                | "toutefois"
                | "pourtant"
                | "cependant"
                | "deja"
                | "meme"
                | "plus"
                | "bien"
                | "donc"
                | "ainsi"
                | "d'ailleurs"
                | "tard"
                | "tot"
                | "hier"
                | "aujourd'hui"
                | "lundi"
                | "mardi"
                | "mercredi"
                | "jeudi"
                | "vendredi"
                | "samedi"
                | "dimanche"
                | "soir"
                | "matin"
                | "midi"
                | "apres-midi"
                | "nuit"
                | "dernier"
                | "derniere"
                | "recemment"
                | "lui-meme"
                | "elle-meme"
                | "sobrement"
                | "volontiers"
                | "aussitot"
                | "vite"
                | "mais"
                | "et"
                | "a-t-il"
                | "a-t-elle"
        )
}

/// Month names, to skip dates (`le 29 mai`).
pub(super) fn is_month(folded: &str) -> bool {
    matches!(
        folded,
        "janvier"
            | "fevrier"
            | "mars"
            | "avril"
            | "mai"
            | "juin"
            | "juillet"
            | "aout"
            | "septembre"
            | "octobre"
            | "novembre"
            | "decembre"
    )
}

/// Determiners that open a noun phrase naming a speaker.
pub(super) fn is_determiner(folded: &str) -> bool {
    matches!(
        folded,
        "le" | "la"
            | "l'"
            | "les"
            | "un"
            | "une"
            | "des"
            | "ce"
            | "cet"
            | "cette"
            | "ces"
            | "son"
            | "sa"
            | "ses"
            | "leur"
            | "leurs"
            | "notre"
            | "nos"
            | "plusieurs"
            | "certains"
            | "certaines"
            | "deux"
            | "trois"
            | "quatre"
            | "de"
    )
}

/// Whether a determiner is demonstrative, which points back to the person in focus
/// (`ce médecin nigérian`, `cette femme de 48 ans`).
pub(super) fn is_demonstrative(folded: &str) -> bool {
    matches!(folded, "ce" | "cet" | "cette")
}

/// Whether a determiner is indefinite, which introduces an unnamed source.
pub(super) fn is_indefinite(folded: &str) -> bool {
    matches!(
        folded,
        "un" | "une" | "des" | "plusieurs" | "certains" | "certaines" | "deux" | "trois" | "quatre"
    )
}

/// Titles written before a surname (`M. Namaki`, `Mme Shor`, `Pr Boum`).
pub(super) fn is_title(word: &str) -> bool {
    matches!(
        word,
        "M." | "M"
            | "Mme"
            | "Mmes"
            | "MM."
            | "Mlle"
            | "Dr"
            | "Dr."
            | "Pr"
            | "Pr."
            | "Me"
            | "Mgr"
            | "Sir"
            | "Lord"
    )
}

/// Prepositions that open a complement which is not the speaker (`à l'AFP`, `dans un communiqué`).
pub(super) fn is_preposition(folded: &str) -> bool {
    matches!(
        folded,
        "a" | "au"
            | "aux"
            | "dans"
            | "sur"
            | "devant"
            | "lors"
            | "aupres"
            | "pendant"
            | "durant"
            | "en"
            | "par"
            | "avec"
            | "via"
            | "depuis"
            | "face"
            | "apres"
            | "avant"
            | "chez"
            | "pour"
            | "vers"
            | "contre"
            | "sans"
            | "sous"
            | "entre"
            | "parmi"
            | "derriere"
            | "malgre"
            | "pres"
            | "selon"
            | "des"
            | "d'"
            | "de"
            | "du"
            | "jusqu'"
            | "lors d'"
    )
}

/// Words that end a speaker's noun phrase: relatives, conjunctions and the like.
pub(super) fn ends_noun_phrase(folded: &str) -> bool {
    matches!(
        folded,
        "qui"
            | "que"
            | "qu'"
            | "dont"
            | "ou"
            | "et"
            | "mais"
            | "car"
            | "lors"
            | "dans"
            | "sur"
            | "devant"
            | "pendant"
            | "apres"
            | "avant"
            | "selon"
            | "a"
            | "au"
            | "aux"
            | "en"
            | "lundi"
            | "mardi"
            | "mercredi"
            | "jeudi"
            | "vendredi"
            | "samedi"
            | "dimanche"
            | "hier"
            | "interroge"
            | "interrogee"
            | "cite"
            | "citee"
            | "cites"
            | "citees"
            | "lorsqu'"
            | "lorsque"
            | "quand"
            | "si"
            | "s'"
            | "se"
            | "ne"
            | "n'"
            | "il"
            | "elle"
            | "par"
            | "pour"
            | "avec"
            | "chez"
            | "via"
            | "depuis"
            | "aupres"
            | "sans"
            | "contre"
            | "vers"
            | "comme"
            | "puis"
    )
}

/// Personal pronouns that can be the subject of a reporting verb.
pub(super) fn is_subject_pronoun(folded: &str) -> bool {
    matches!(
        folded,
        "il" | "elle" | "ils" | "elles" | "on" | "lui" | "eux"
    )
}

/// Adjectives that sit between a determiner and the head noun of a role (`le haut représentant`).
pub(super) fn is_pre_adjective(folded: &str) -> bool {
    matches!(
        folded,
        "haut"
            | "haute"
            | "hauts"
            | "hautes"
            | "ancien"
            | "ancienne"
            | "anciens"
            | "nouveau"
            | "nouvel"
            | "nouvelle"
            | "premier"
            | "premiere"
            | "jeune"
            | "grand"
            | "grande"
            | "principal"
            | "puissant"
            | "puissante"
            | "celebre"
            | "actuel"
            | "actuelle"
            | "futur"
            | "future"
            | "eminent"
            | "influent"
            | "influente"
            | "seul"
            | "seule"
            | "vieux"
            | "vieil"
            | "vieille"
            | "autre"
            | "ex"
            | "tres"
            | "proche"
            | "petit"
            | "petite"
            | "vice"
            | "sous"
    )
}

/// Head nouns of organisations and collective speakers, whose description is the speaker
/// (`la préfecture de police`, `le ministère de la Justice`).
pub(super) fn is_organisation_noun(folded: &str) -> bool {
    matches!(
        folded,
        "gouvernement"
            | "ministere"
            | "prefecture"
            | "parquet"
            | "police"
            | "gendarmerie"
            | "mairie"
            | "agence"
            | "institut"
            | "organisation"
            | "office"
            | "commission"
            | "conseil"
            | "cour"
            | "tribunal"
            | "armee"
            | "ambassade"
            | "entreprise"
            | "societe"
            | "groupe"
            | "compagnie"
            | "laboratoire"
            | "laboratoires"
            | "universite"
            | "hopital"
            | "syndicat"
            | "parti"
            | "association"
            | "federation"
            | "ong"
            | "service"
            | "services"
            | "autorites"
            | "autorite"
            | "ville"
            | "municipalite"
            | "presidence"
            | "departement"
            | "region"
            | "assemblee"
            | "senat"
            | "comite"
            | "collectif"
            | "direction"
            | "brigade"
            | "pompiers"
            | "journal"
            | "quotidien"
            | "hebdomadaire"
            | "magazine"
            | "chaine"
            | "etude"
            | "rapport"
            | "enquete"
            | "mission"
            | "banque"
            | "fonds"
            | "club"
            | "equipe"
            | "opposition"
            | "majorite"
            | "gauche"
            | "droite"
            | "executif"
            | "administration"
            | "regime"
            | "pouvoir"
            | "justice"
            | "procuration"
            | "surete"
            | "secretariat"
            | "cabinet"
            | "bureau"
            | "etat"
            | "pays"
            | "capitale"
            | "site"
            | "compte"
            | "plateforme"
            | "firme"
            | "constructeur"
            | "operateur"
            | "industriel"
            | "agences"
            | "medias"
            | "media"
            | "presse"
            | "ecole"
            | "centre"
            | "observatoire"
            | "union"
            | "alliance"
            | "coalition"
            | "reseau"
            | "fondation"
            | "academie"
            | "etablissement"
    )
}

/// Nouns naming a written text, whose words belong to whoever issued it
/// (`selon un communiqué` of the body last mentioned, `dans un tweet`).
pub(super) fn is_document_noun(folded: &str) -> bool {
    matches!(
        folded,
        "communique"
            | "declaration"
            | "texte"
            | "lettre"
            | "message"
            | "tweet"
            | "decret"
            | "document"
            | "courrier"
            | "note"
            | "compte-rendu"
            | "publication"
            | "video"
            | "post"
            | "avis"
            | "arrete"
            | "source"
            | "sources"
            | "recit"
    )
}

/// Words that introduce the title of a work, operation or event rather than speech
/// (`l'opération "Barkhane"`, `son livre "…"`, `intitulé "…"`).
pub(super) fn introduces_title(folded: &str) -> bool {
    matches!(
        folded,
        "operation"
            | "baptise"
            | "baptisee"
            | "baptises"
            | "baptisees"
            | "intitule"
            | "intitulee"
            | "intitules"
            | "intitulees"
            | "surnomme"
            | "surnommee"
            | "surnommes"
            | "denomme"
            | "denommee"
            | "nomme"
            | "nommee"
            | "appele"
            | "appelee"
            | "appeles"
            | "appelees"
            | "titre"
            | "film"
            | "films"
            | "livre"
            | "livres"
            | "roman"
            | "romans"
            | "ouvrage"
            | "essai"
            | "album"
            | "chanson"
            | "chansons"
            | "titres"
            | "emission"
            | "serie"
            | "documentaire"
            | "spectacle"
            | "exposition"
            | "festival"
            | "slogan"
            | "slogans"
            | "hashtag"
            | "mot-diese"
            | "mot-cle"
            | "rubrique"
            | "sequence"
            | "programme"
            | "plan"
            | "campagne"
            | "piece"
            | "tableau"
            | "oeuvre"
            | "poeme"
            | "recueil"
            | "pancarte"
            | "pancartes"
            | "banderole"
            | "banderoles"
            | "affiche"
            | "mention"
            | "label"
            | "theme"
            | "label'"
            | "jeu"
            | "podcast"
            | "chronique"
            | "concept"
            | "projet"
            | "mouvement"
            | "collectif"
            | "association"
            | "application"
            | "appli"
            | "journal"
            | "magazine"
            | "quotidien"
            | "article"
            | "pages"
            | "page"
            | "tribune"
            | "manifeste"
            | "forum"
            | "sommet"
            | "salon"
            | "prix"
            | "concours"
            | "catégorie"
            | "categorie"
            | "loi"
            | "dispositif"
            | "pacte"
    )
}

/// Folding is the crate's one rule, [`crate::text::fold_into`]; re-exported here so that the
/// quote modules keep importing it beside the lexicon look-ups that expect folded words.
pub(super) use crate::text::fold_into;

/// Whether a noun names an office or a role a person holds (`président`, `ministre`), which
/// `l'entourage du président` points at.
pub(super) fn is_title_noun(folded: &str) -> bool {
    matches!(
        folded,
        "president"
            | "presidente"
            | "ministre"
            | "premier"
            | "chef"
            | "maire"
            | "prefet"
            | "prefete"
            | "directeur"
            | "directrice"
            | "patron"
            | "patronne"
            | "gouverneur"
            | "roi"
            | "reine"
            | "prince"
            | "princesse"
            | "pape"
            | "secretaire"
            | "depute"
            | "deputee"
            | "senateur"
            | "senatrice"
            | "candidat"
            | "candidate"
            | "dirigeant"
            | "dirigeante"
            | "souverain"
            | "chancelier"
            | "chanceliere"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(word: &str) -> String {
        let mut out = String::new();
        fold_into(word, &mut out);
        out
    }

    #[test]
    fn generated_forms_cover_the_tenses() {
        for form in [
            "déclaré",
            "déclare",
            "déclarait",
            "déclara",
            "déclarèrent",
            "déclarerait",
            "annonçait",
            "jugeait",
            "réagit",
            "dit",
            "écrit",
            "poursuit",
            "rappelle",
            "estime",
        ] {
            assert!(is_reporting_verb(&folded(form)), "{form}");
        }
        for word in ["maison", "est", "ont", "avait"] {
            assert!(!is_reporting_verb(&folded(word)), "{word}");
        }
    }

    #[test]
    fn folding_handles_decomposed_accents() {
        assert_eq!(folded("de\u{301}clare\u{301}"), "declare");
        assert_eq!(folded("L’ŒUVRE"), "l'oeuvre");
    }
}
