//! Speakers: reading a speaker's mention out of the tokens around a quote (a name, a description,
//! a pronoun), and resolving it within the story to the fullest name the story gives.
//!
//! The story's people and bodies are kept in a [`Registry`] that grows as paragraphs are read, so
//! resolving a mention costs a hash lookup, never a rescan of the story.

use std::collections::HashMap;

use super::lexicon::{
    ends_noun_phrase, fold_into, is_adverb, is_auxiliary, is_demonstrative, is_determiner,
    is_document_noun, is_indefinite, is_organisation_noun, is_pre_adjective, is_preposition,
    is_reporting_verb, is_subject_pronoun, is_title,
};
use super::tokens::{Kind, Token, Tokens};

/// The longest noun phrase, in tokens, read as a mention; longer runs are narrative, not a name.
const MAX_PHRASE: usize = 14;

/// How many indefinite descriptions back a definite one may refer (`le représentant` to
/// `un haut représentant du département d'Etat américain`).
const MAX_INTRODUCED_BACK: usize = 64;

/// Capitalised words that start sentences or clauses without being names.
fn is_capitalized_function_word(folded: &str) -> bool {
    is_determiner(folded)
        || is_preposition(folded)
        || is_subject_pronoun(folded)
        || is_adverb(folded)
        || matches!(
            folded,
            "selon"
                | "s'"
                | "d'"
                | "l'"
                | "j'"
                | "n'"
                | "m'"
                | "mais"
                | "et"
                | "si"
                | "quand"
                | "lorsque"
                | "lorsqu'"
                | "comme"
                | "or"
                | "donc"
                | "puis"
                | "ici"
                | "la"
                | "je"
                | "nous"
                | "vous"
                | "tu"
                | "c'"
                | "ce"
                | "ca"
                | "cela"
                | "pas"
                | "tout"
                | "tous"
                | "toutes"
                | "toute"
                | "quant"
                | "interroge"
                | "interrogee"
                | "interroges"
                | "mon"
                | "ma"
                | "mes"
                | "ton"
                | "ta"
                | "qui"
                | "que"
                | "qu'"
                | "oui"
                | "non"
                | "aucun"
                | "aucune"
                | "chaque"
                | "rien"
                | "personne"
                | "plusieurs"
                | "certains"
                | "parce"
                | "pourquoi"
                | "depuis"
                | "reste"
                | "outre"
                | "face"
                | "pres"
                | "loin"
                | "voila"
                | "madame"
                | "monsieur"
                | "the"
                // Conjunctions, negations and numbers open sentences, never name anyone.
                | "car"
                | "ou"
                | "ni"
                | "ne"
                | "desormais"
                | "quelques"
                | "cinq"
                | "six"
                | "sept"
                | "huit"
                | "neuf"
                | "dix"
                | "cent"
                | "mille"
                | "ses"
                | "son"
                | "sa"
                | "leur"
                | "leurs"
                | "nos"
                | "vos"
                | "notre"
                | "votre"
        )
}

/// Particles that may sit inside a person's name (`Charles de Gaulle`, `Ibn Khaldoun`).
fn is_name_particle(folded: &str) -> bool {
    matches!(
        folded,
        "de" | "d'"
            | "van"
            | "von"
            | "der"
            | "den"
            | "da"
            | "di"
            | "dos"
            | "del"
            | "bin"
            | "ben"
            | "ibn"
            | "al"
            | "el"
            | "le"
    )
}

/// What kind of speaker an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum EntityKind {
    /// A named person.
    Person,
    /// A body, a group or an unnamed source, known by its description.
    Group,
}

/// A person or body of the story.
#[derive(Debug, Clone)]
pub(super) struct Entity {
    /// The speaker string: the fullest name, or the first full description.
    pub(super) name: String,
    /// The role the story gives the speaker, as written.
    pub(super) role: Option<String>,
    pub(super) kind: EntityKind,
    /// Paragraph where the entity was last mentioned, to prefer recent referents.
    pub(super) last_seen: usize,
    /// The person's grammatical gender, when a title or a role shows it (`Mme`, `la ministre`).
    pub(super) gender: Option<Gender>,
}

/// A person's grammatical gender, which tells `il` from `elle`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Gender {
    Masculine,
    Feminine,
}

/// The complement of a role read at `head..end`, lower-cased: it runs over adjectives and `de`
/// phrases (`américain`, `de la Justice`), not over what follows them (`sur Europe 1`, `lors
/// d'un débat`, `publié le 6 août`).
fn role_complement(paragraph: &str, tokens: &Tokens, head: usize, end: usize) -> String {
    let stop = (head + 1..end)
        .find(|&i| {
            let word = tokens.word(i);
            let after_de = matches!(tokens.word(i - 1), "de" | "d'");
            tokens.list[i].kind != Kind::Word
                || tokens.list[i].participle
                || matches!(word, "lors" | "qui" | "que" | "qu'" | "dont" | "et")
                || is_auxiliary(word) && !matches!(word, "l'" | "le" | "du")
                || is_reporting_verb(word)
                || is_preposition(word) && !matches!(word, "de" | "du" | "des" | "d'")
                || is_determiner(word) && !after_de && !matches!(word, "de" | "du" | "des")
        })
        .unwrap_or(end);
    span_text(paragraph, tokens, head + 1, stop).to_lowercase()
}

/// The gender a title shows (`Mme Shor`, `M. Namaki`).
fn title_gender(title: &str) -> Option<Gender> {
    match title {
        "Mme" | "Mmes" | "Mlle" => Some(Gender::Feminine),
        "M." | "M" | "MM." => Some(Gender::Masculine),
        _ => None,
    }
}

/// The gender a role shows: a feminine ending of its head noun (`avocate`, `directrice`,
/// `chercheuse`, `présidente`, `députée`), or the determiner of a role noun that has one form
/// for both (`la ministre`, `une porte-parole`, `le maire`). Only nouns of people count, so that
/// a phrase misread as a role (`la première fois, Tyler Vilus`) shows nothing.
fn role_gender(tokens: &Tokens, head: usize) -> Option<Gender> {
    let word = tokens.word(head);
    let epicene = matches!(
        word,
        "ministre"
            | "porte-parole"
            | "secretaire"
            | "maire"
            | "juge"
            | "responsable"
            | "journaliste"
            | "photographe"
            | "militante"
            | "specialiste"
            | "psychologue"
            | "economiste"
            | "commissaire"
            | "cheffe"
            | "chef"
            | "artiste"
            | "cineaste"
            | "membre"
            | "collegue"
    );
    if epicene {
        let mut index = head;
        while index > 0 && head - index < 3 {
            index -= 1;
            match tokens.word(index) {
                "la" | "une" | "cette" => return Some(Gender::Feminine),
                "le" | "un" | "ce" | "cet" => return Some(Gender::Masculine),
                word if is_pre_adjective(word) => continue,
                _ => break,
            }
        }
        return None;
    }
    let feminine = [
        "trice",
        "euse",
        "ienne",
        "iere",
        "ante",
        "ente",
        "ate",
        "ee",
        "ice",
        "princesse",
        "duchesse",
        "comtesse",
        "epouse",
        "femme",
        "fille",
        "mere",
        "soeur",
        "veuve",
    ];
    (feminine.iter().any(|ending| word.ends_with(ending)) && word.len() > 3)
        .then_some(Gender::Feminine)
}

/// The gender a description of a person shows: its role's (`la ministre`, `la chanteuse`),
/// or a feminine determiner's before a feminine title (`la procureure`). (The determiner alone
/// is not enough: `la semaine` or `le handicap`, misread as speakers, are no person's.)
/// A masculine determiner outweighs a feminine-looking ending (`le démocrate`).
fn mention_gender(tokens: &Tokens, det: usize, head: usize) -> Option<Gender> {
    let determiner = tokens.word(det);
    if matches!(determiner, "le" | "un" | "ce" | "cet") {
        return role_gender(tokens, head).filter(|&g| g == Gender::Masculine);
    }
    role_gender(tokens, head).or_else(|| {
        let word = tokens.word(head);
        (det + 1 == head
            && matches!(determiner, "la" | "une" | "cette")
            && (word.ends_with("eure") || word.ends_with("esse")))
        .then_some(Gender::Feminine)
    })
}

/// The gender a first name shows, for the common first names of French news (`Françoise`,
/// `Jean-Marie`: the first part of a compound): `il` and `elle` then find a person the story
/// never titled. Names given to both (`Dominique`, `Claude`, `Camille`, `Andrea`) are left out.
fn first_name_gender(folded: &str) -> Option<Gender> {
    let first = folded.split('-').next().unwrap_or(folded);
    if matches!(
        first,
        "adele"
            | "agnes"
            | "agnieszka"
            | "aicha"
            | "alessandra"
            | "alexandra"
            | "alexandria"
            | "alice"
            | "aline"
            | "amanda"
            | "ambre"
            | "amelie"
            | "amina"
            | "ana"
            | "anais"
            | "angela"
            | "anna"
            | "anne"
            | "annie"
            | "ashley"
            | "assa"
            | "astrid"
            | "audrey"
            | "aurelie"
            | "axelle"
            | "ayanna"
            | "barbara"
            | "beatrice"
            | "beatriz"
            | "betty"
            | "brigitte"
            | "carmen"
            | "carol"
            | "carole"
            | "caroline"
            | "catherine"
            | "cecile"
            | "celia"
            | "celine"
            | "chantal"
            | "charlotte"
            | "chiara"
            | "chloe"
            | "christelle"
            | "christine"
            | "claire"
            | "clara"
            | "clemence"
            | "colette"
            | "corinne"
            | "daniele"
            | "danielle"
            | "deborah"
            | "delphine"
            | "djamila"
            | "donna"
            | "ekaterina"
            | "elena"
            | "elisabeth"
            | "elizabeth"
            | "elodie"
            | "elsa"
            | "emilie"
            | "emily"
            | "emma"
            | "emmanuelle"
            | "estelle"
            | "eva"
            | "evelyne"
            | "fabienne"
            | "fadila"
            | "farida"
            | "fatima"
            | "federica"
            | "florence"
            | "francesca"
            | "francoise"
            | "frederique"
            | "gabrielle"
            | "genevieve"
            | "ghislaine"
            | "giorgia"
            | "gisele"
            | "giulia"
            | "greta"
            | "hannah"
            | "helen"
            | "helene"
            | "hillary"
            | "houria"
            | "huguette"
            | "ilhan"
            | "ines"
            | "ingrid"
            | "irina"
            | "isabel"
            | "isabelle"
            | "ivanka"
            | "jacinda"
            | "jacqueline"
            | "jade"
            | "jeanne"
            | "jennifer"
            | "jessica"
            | "josephine"
            | "josiane"
            | "julie"
            | "juliette"
            | "justine"
            | "kamala"
            | "karen"
            | "karima"
            | "karine"
            | "katarina"
            | "khadija"
            | "kimberly"
            | "kristalina"
            | "laetitia"
            | "laura"
            | "laurence"
            | "lea"
            | "leila"
            | "lena"
            | "linda"
            | "lisa"
            | "lola"
            | "lou"
            | "louise"
            | "louna"
            | "lucia"
            | "lucie"
            | "madeleine"
            | "maeva"
            | "malgorzata"
            | "malika"
            | "manon"
            | "margaux"
            | "marguerite"
            | "maria"
            | "marie"
            | "marine"
            | "marion"
            | "marta"
            | "martine"
            | "mary"
            | "maryse"
            | "mathilde"
            | "melania"
            | "melanie"
            | "melissa"
            | "meriem"
            | "michele"
            | "michelle"
            | "mireille"
            | "monica"
            | "monique"
            | "morgane"
            | "muriel"
            | "murielle"
            | "myriam"
            | "nabila"
            | "nadia"
            | "nadine"
            | "najat"
            | "nancy"
            | "natalia"
            | "nathalie"
            | "nicole"
            | "nina"
            | "noemie"
            | "oceane"
            | "odile"
            | "olga"
            | "pascale"
            | "patricia"
            | "paula"
            | "pauline"
            | "priscilla"
            | "rachida"
            | "raphaelle"
            | "rashida"
            | "rebecca"
            | "romane"
            | "rosa"
            | "roselyne"
            | "ruth"
            | "salome"
            | "samia"
            | "sandra"
            | "sandrine"
            | "sarah"
            | "segolene"
            | "severine"
            | "sharon"
            | "silvia"
            | "simone"
            | "sonia"
            | "sophie"
            | "stephanie"
            | "susan"
            | "suzanne"
            | "svetlana"
            | "sylvie"
            | "tatiana"
            | "teresa"
            | "theresa"
            | "therese"
            | "ursula"
            | "valentina"
            | "valerie"
            | "vanessa"
            | "veronica"
            | "veronique"
            | "victoria"
            | "virginie"
            | "yamina"
            | "yasmina"
            | "yasmine"
            | "yulia"
            | "yvette"
            | "zineb"
            | "zoe"
            | "zuzana"
    ) {
        return Some(Gender::Feminine);
    }
    if matches!(
        first,
        "aaron"
            | "abdallah"
            | "abdel"
            | "abdelaziz"
            | "abdelkader"
            | "adam"
            | "adrien"
            | "ahmed"
            | "alain"
            | "alejandro"
            | "alexandre"
            | "alexei"
            | "ali"
            | "amadou"
            | "andre"
            | "andrew"
            | "angel"
            | "anthony"
            | "antoine"
            | "antonio"
            | "arnaud"
            | "arthur"
            | "barack"
            | "benjamin"
            | "benoit"
            | "benyamin"
            | "bernard"
            | "bill"
            | "boris"
            | "boubacar"
            | "brian"
            | "bruno"
            | "carlos"
            | "cedric"
            | "charles"
            | "christian"
            | "christophe"
            | "cyril"
            | "damien"
            | "daniel"
            | "david"
            | "denis"
            | "dennis"
            | "didier"
            | "diego"
            | "dmitri"
            | "dmitry"
            | "donald"
            | "edouard"
            | "emile"
            | "emmanuel"
            | "enzo"
            | "eric"
            | "etienne"
            | "fabien"
            | "farid"
            | "fernand"
            | "florian"
            | "francis"
            | "francisco"
            | "franck"
            | "francois"
            | "frank"
            | "frederic"
            | "gabriel"
            | "gael"
            | "gary"
            | "gaston"
            | "george"
            | "georges"
            | "gerard"
            | "gilles"
            | "giovanni"
            | "giuseppe"
            | "gregory"
            | "guillaume"
            | "guy"
            | "hamid"
            | "hassan"
            | "henri"
            | "henry"
            | "hicham"
            | "hubert"
            | "hugo"
            | "ibrahim"
            | "igor"
            | "ismael"
            | "issa"
            | "ivan"
            | "jack"
            | "jacob"
            | "jacques"
            | "jair"
            | "james"
            | "jason"
            | "javier"
            | "jean"
            | "jean-luc"
            | "jean-marie"
            | "jeffrey"
            | "jerome"
            | "jerry"
            | "joe"
            | "john"
            | "jonathan"
            | "jorge"
            | "jose"
            | "joseph"
            | "juan"
            | "jules"
            | "julien"
            | "justin"
            | "kamel"
            | "karim"
            | "kenneth"
            | "kevin"
            | "larry"
            | "laurent"
            | "leo"
            | "lionel"
            | "loic"
            | "lorenzo"
            | "louis"
            | "luc"
            | "luca"
            | "lucas"
            | "ludovic"
            | "luis"
            | "mamadou"
            | "manuel"
            | "marc"
            | "marcel"
            | "marco"
            | "marius"
            | "mark"
            | "martin"
            | "mathieu"
            | "matteo"
            | "matthew"
            | "matthieu"
            | "maxime"
            | "mehdi"
            | "michael"
            | "michel"
            | "miguel"
            | "mikhail"
            | "mohamed"
            | "mohammed"
            | "moussa"
            | "moustapha"
            | "mustafa"
            | "nabil"
            | "narendra"
            | "nathan"
            | "nicolas"
            | "noel"
            | "olaf"
            | "oleg"
            | "olivier"
            | "omar"
            | "ousmane"
            | "pablo"
            | "pascal"
            | "patrick"
            | "paul"
            | "pedro"
            | "philippe"
            | "pierre"
            | "rachid"
            | "raphael"
            | "raymond"
            | "recep"
            | "regis"
            | "remi"
            | "rene"
            | "richard"
            | "robert"
            | "roger"
            | "romain"
            | "ronald"
            | "said"
            | "samir"
            | "samuel"
            | "scott"
            | "sebastien"
            | "sekou"
            | "serge"
            | "sergei"
            | "sergio"
            | "serguei"
            | "shinzo"
            | "simon"
            | "stephane"
            | "stephen"
            | "steven"
            | "sylvain"
            | "tayyip"
            | "thierry"
            | "thomas"
            | "timothy"
            | "tristan"
            | "tyler"
            | "valentin"
            | "victor"
            | "viktor"
            | "vincent"
            | "vladimir"
            | "volodymyr"
            | "william"
            | "xavier"
            | "yannick"
            | "yoshihide"
            | "youssef"
            | "yves"
    ) {
        return Some(Gender::Masculine);
    }
    None
}

/// The people and bodies of one story, with the keys that lead to them.
#[derive(Debug, Default)]
pub(super) struct Registry {
    pub(super) entities: Vec<Entity>,
    /// Folded surname (last word of a name) to entity.
    by_surname: HashMap<String, usize>,
    /// Folded first name to entity, for stories that call someone by the first word of a name.
    by_first_name: HashMap<String, usize>,
    /// Folded role head noun (`ministre`, `prefecture`) to the entities that hold it.
    by_role: HashMap<String, Vec<usize>>,
    /// For each paragraph, the first person named in it or after it, for a title used in the
    /// lead before the name is given (`a reconnu le ministre de la Santé` … `Olivier Véran a`).
    next_named: Vec<Option<usize>>,
    /// Reused buffer for folding keys.
    scratch: String,
    /// Persons named as possible subjects, in text order: `(paragraph, token, entity)`.
    /// A name brings the person into focus for later pronouns (`Au premier rang figure le
    /// chercheur Didier Raoult.` … `a-t-il twitté`).
    pub(super) name_events: Vec<(usize, usize, usize)>,
    /// Every person named, in text order: `(paragraph, token, entity)`. An `il` with nobody in
    /// focus goes to the last one (`Lorsqu'il ne conçoit pas des intérieurs, Hank Cheng, 51 ans,
    /// passe son temps` … `a-t-il raconté`).
    pub(super) person_mentions: Vec<(usize, usize, usize)>,
    /// Unnamed people the story introduces with an indefinite description (`un haut
    /// représentant du département d'Etat américain`), in text order: a later definite
    /// description with the same head noun (`le représentant`) refers back to them.
    introduced: Vec<Introduced>,
    /// The folded head nouns and the words written from each introducing determiner on, back
    /// to back.
    introduced_text: String,
    /// Reused buffer for reading an introduced description out of its words.
    snippet: Tokens,
}

/// An unnamed person introduced by an indefinite description (`un haut représentant du
/// département d'Etat américain`).
#[derive(Debug)]
struct Introduced {
    /// Where the description starts: `(paragraph, token)`.
    at: (usize, usize),
    /// Byte ranges in [`Registry::introduced_text`] of the folded head noun, and of the words
    /// from the determiner on, which hold the description: it is read out of them only when a
    /// mention refers back to it.
    head: (usize, usize),
    words: (usize, usize),
    /// The entity created when a later mention first referred back to it.
    entity: Option<usize>,
}

/// How a speaker is mentioned at a quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MentionKind {
    /// `il`, `elle`, `ils`, `elles`, `on`, `lui`.
    Pronoun,
    /// A name, possibly with a title (`M. Namaki`, `Antony Blinken`).
    Name { name_start: usize, name_end: usize },
    /// A description, possibly with an embedded or appended name
    /// (`le préfet de région Pierre Dartout`, `le ministre de la Santé, Saïd Namaki`).
    Description {
        det: usize,
        head: usize,
        name: Option<(usize, usize)>,
    },
}

/// A speaker's mention: a token range and its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Mention {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: MentionKind,
}

/// Who is in focus when a mention is resolved: the last speaker or subject of any kind, and the
/// last person, which a bare title or epithet (`le maquettiste`) points back to.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Focus {
    pub(super) any: Option<usize>,
    pub(super) person: Option<usize>,
}

/// A resolved speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Speaker {
    pub(super) entity: Option<usize>,
    pub(super) name: Option<String>,
    pub(super) role: Option<String>,
}

/// Text of tokens `start..end` in the paragraph, as written.
pub(super) fn span_text<'a>(
    paragraph: &'a str,
    tokens: &Tokens,
    start: usize,
    end: usize,
) -> &'a str {
    if start >= end || end > tokens.list.len() {
        return "";
    }
    paragraph
        .get(tokens.list[start].start..tokens.list[end - 1].end)
        .unwrap_or("")
}

fn is_word(token: Option<&Token>) -> bool {
    token.is_some_and(|t| t.kind == Kind::Word)
}

fn is_cap_word(token: Option<&Token>) -> bool {
    token.is_some_and(|t| t.kind == Kind::Word && t.capitalized)
}

fn is_punct(token: Option<&Token>, c: char) -> bool {
    token.is_some_and(|t| t.kind == Kind::Punct(c))
}

/// The end (exclusive) of a run of capitalised words starting at `start`, allowing name
/// particles between capitalised words and stopping at acronyms after the first word.
fn cap_run_end(tokens: &Tokens, start: usize) -> usize {
    let mut end = start;
    let list = &tokens.list;
    while end < list.len() && end - start < 6 {
        let token = &list[end];
        if token.kind != Kind::Word {
            break;
        }
        if token.capitalized {
            end += 1;
            continue;
        }
        if end > start && is_name_particle(tokens.folded(token)) && is_cap_word(list.get(end + 1)) {
            end += 1;
            continue;
        }
        break;
    }
    end
}

/// Whether a capitalised run reads as a person's name rather than a place or body: two words
/// or more, with no acronym and no capitalised function word.
pub(super) fn looks_like_person(tokens: &Tokens, start: usize, end: usize) -> bool {
    if end < start + 2 || end > start + 5 {
        return false;
    }
    // A name starts and ends with a capitalised word, and a participle opening a sentence
    // (`Concernant Santé publique France`) is not a first name.
    // (`André Giraud`, `Bénédicte Hivin` inside a phrase are names, whatever their accent.)
    let opens_clause = start == 0 || tokens.list[start - 1].kind != Kind::Word;
    if !tokens.list[start].capitalized
        || !tokens.list[end - 1].capitalized
        || opens_clause && looks_like_participle(tokens, &tokens.list[start])
    {
        return false;
    }
    tokens.list[start..end]
        .iter()
        .all(|t| !t.all_caps || roman_numeral(tokens.folded(t)))
        // A capitalised particle inside a name is part of it (`Marine Le Pen`, `Bruno Le Maire`,
        // `Jean-Marie Le Pen`), not a sentence's article.
        && !tokens.list[start..end].iter().enumerate().any(|(offset, t)| {
            let word = tokens.folded(t);
            t.capitalized
                && is_capitalized_function_word(word)
                && !(offset > 0 && offset + start + 1 < end && is_name_particle(word))
        })
}

/// A person known by one name, which the story marks as one: a capitalised word followed by
/// an age or a note on the first name (`Mustafa, 54 ans,`, `Djawoye, jeune Malien de 20 ans,`,
/// `Marie (le prénom a été modifié)`), as vox pops introduce people. Any other lone
/// capitalised word may be a place, a brand or a sentence's first word.
fn lone_first_name(tokens: &Tokens, start: usize, end: usize) -> Option<(usize, usize)> {
    let token = &tokens.list[start];
    if end != start + 1
        || token.all_caps
        || token.participle
        || is_capitalized_function_word(tokens.word(start))
        || !matches!(
            tokens.list.get(end).map(|t| t.kind),
            Some(Kind::Punct(',' | '('))
        )
    {
        return None;
    }
    let limit = tokens.list.len().min(end + 10);
    for index in end + 1..limit {
        let token = &tokens.list[index];
        if token.kind != Kind::Word {
            return None;
        }
        let word = tokens.folded(token);
        let number = tokens.word(index - 1);
        let age = matches!(word, "ans" | "an")
            && !number.is_empty()
            && number.bytes().all(|b| b.is_ascii_digit());
        if age || word == "prenom" {
            return Some((start, end));
        }
    }
    None
}

fn roman_numeral(folded: &str) -> bool {
    matches!(folded, "ii" | "iii" | "iv" | "jr")
}

/// The last word of a name that identifies the person (`Boum` in `Yap Boum II`).
fn surname_index(tokens: &Tokens, start: usize, end: usize) -> usize {
    let last = end - 1;
    if last > start && roman_numeral(tokens.word(last)) {
        last - 1
    } else {
        last
    }
}

impl Registry {
    /// Forgets the previous story.
    pub(super) fn clear(&mut self) {
        self.entities.clear();
        self.by_surname.clear();
        self.by_first_name.clear();
        self.by_role.clear();
        self.next_named.clear();
        self.name_events.clear();
        self.person_mentions.clear();
        self.introduced.clear();
        self.introduced_text.clear();
    }

    /// Records the names and appositive roles of one paragraph (first pass over the story).
    ///
    /// Names come from runs of capitalised words; a role comes from a description right before a
    /// name (`le préfet de région Pierre Dartout`, `le ministre de la Santé, Saïd Namaki`) or
    /// right after it between commas (`Emmanuel Grégoire, premier adjoint à la maire de Paris,`).
    pub(super) fn learn_paragraph(
        &mut self,
        paragraph: &str,
        tokens: &Tokens,
        paragraph_index: usize,
    ) {
        while self.next_named.len() <= paragraph_index {
            self.next_named.push(None);
        }
        let list = &tokens.list;
        let mut index = 0;
        while index < list.len() {
            let token = &list[index];
            if token.kind == Kind::Word
                && matches!(token.end - token.start, 2 | 3)
                && matches!(tokens.folded(token), "un" | "une")
            {
                self.learn_introduced(paragraph, tokens, index, paragraph_index);
            }
            if !(token.kind == Kind::Word && token.capitalized) {
                index += 1;
                continue;
            }
            let is_title_word = is_title(&paragraph[token.start..token.end]);
            if is_title_word {
                // `M. Namaki`, `Mme Shor`: the title is followed by a name, maybe after a period.
                let mut name_start = index + 1;
                if is_punct(list.get(name_start), '.') {
                    name_start += 1;
                }
                if is_cap_word(list.get(name_start)) {
                    let end = cap_run_end(tokens, name_start);
                    let person =
                        self.add_person(paragraph, tokens, index, name_start, end, paragraph_index);
                    if self.entities[person].gender.is_none() {
                        self.entities[person].gender =
                            title_gender(&paragraph[token.start..token.end]);
                    }
                    self.person_mentions.push((paragraph_index, index, person));
                    if is_subject_position(tokens, index, end) {
                        self.name_events.push((paragraph_index, index, person));
                    }
                    index = end;
                    continue;
                }
                index += 1;
                continue;
            }
            let mut start = index;
            let end = cap_run_end(tokens, start);
            // A sentence-initial function word is not part of the name (`Selon Antony Blinken`).
            while start < end && is_capitalized_function_word(tokens.word(start)) {
                start += 1;
            }
            let found = if start < end {
                person_in_run(tokens, start, end).or_else(|| lone_first_name(tokens, start, end))
            } else {
                None
            };
            if let Some((name_start, name_end)) = found {
                let person = self.add_person(
                    paragraph,
                    tokens,
                    name_start,
                    name_start,
                    name_end,
                    paragraph_index,
                );
                self.person_mentions
                    .push((paragraph_index, name_start, person));
                let mut mention_start = name_start;
                if let Some(role) = role_before(tokens, name_start) {
                    self.add_role(person, paragraph, tokens, role);
                    mention_start = role.1.saturating_sub(1);
                }
                let mut mention_end = name_end;
                if let Some(role) = role_after(tokens, name_end) {
                    self.add_role(person, paragraph, tokens, role);
                    mention_end = role.2 + 1;
                }
                if is_subject_position(tokens, mention_start, mention_end) {
                    self.name_events.push((paragraph_index, name_start, person));
                }
            }
            index = end.max(index + 1);
        }
    }

    /// Records an indefinite description of an unnamed person at token `det` (`un haut
    /// représentant du département d'Etat américain`, `une porte-parole`), for a later definite
    /// description with the same head noun. Bodies and documents are left out. Only the words
    /// are kept: the description is read out of them if a mention ever refers back to it, which
    /// keeps this pass cheap. One holding a name is then passed over, since the registry knows
    /// a named holder by its role.
    fn learn_introduced(
        &mut self,
        paragraph: &str,
        tokens: &Tokens,
        det: usize,
        paragraph_index: usize,
    ) {
        let mut head = det + 1;
        while is_pre_adjective(tokens.word(head)) {
            head += 1;
        }
        let Some(head_token) = tokens.list.get(head) else {
            return;
        };
        let head_word = tokens.folded(head_token);
        if head_token.kind != Kind::Word || head_token.capitalized || head_word.len() < 3 {
            return;
        }
        // The run of words from the determiner on; the description is read out of it later.
        let end = (head + 1..tokens.list.len().min(det + MAX_PHRASE))
            .find(|&i| tokens.list[i].kind != Kind::Word)
            .unwrap_or_else(|| tokens.list.len().min(det + MAX_PHRASE));
        let head_from = self.introduced_text.len();
        self.introduced_text.push_str(head_word);
        let words_from = self.introduced_text.len();
        self.introduced_text
            .push_str(span_text(paragraph, tokens, det, end));
        self.introduced.push(Introduced {
            at: (paragraph_index, det),
            head: (head_from, words_from),
            words: (words_from, self.introduced_text.len()),
            entity: None,
        });
    }

    /// The first person named in paragraph `paragraph` or after it.
    pub(super) fn next_named(&self, paragraph: usize) -> Option<usize> {
        self.next_named.get(paragraph).copied().flatten()
    }

    /// Finishes the first pass: fills, for every paragraph, the first person named at or after it.
    pub(super) fn finish_learning(&mut self) {
        let mut next = None;
        for slot in self.next_named.iter_mut().rev() {
            if slot.is_some() {
                next = *slot;
            } else {
                *slot = next;
            }
        }
    }
}

/// Whether a person's mention at tokens `start..end` reads as a subject, which brings the person
/// into focus for later pronouns: it opens a clause, is followed by its verb (`Donald Trump a
/// réagi`), or closes the sentence after its verb (`figure le chercheur Didier Raoult.`).
/// Complements (`l'action du maire, Ted Wheeler, et …`) are left out.
fn is_subject_position(tokens: &Tokens, start: usize, end: usize) -> bool {
    let previous = start.checked_sub(1).and_then(|i| tokens.list.get(i));
    let opens_clause = previous.is_none_or(|t| {
        matches!(
            t.kind,
            Kind::Punct('.' | '!' | '?' | ':' | ';' | '(') | Kind::Quote(_)
        )
    });
    if opens_clause {
        return true;
    }
    if previous.is_some_and(|t| t.kind == Kind::Word && is_preposition(tokens.folded(t))) {
        return false;
    }
    let mut next = end;
    if is_punct(tokens.list.get(next), ',') {
        next += 1;
        // `Hank Cheng, 51 ans, passe`: skip a short apposition closed by a comma.
        if let Some(comma) =
            (next..(next + 8).min(tokens.list.len())).find(|&i| is_punct(tokens.list.get(i), ','))
            && tokens.list[next..comma]
                .iter()
                .all(|t| t.kind == Kind::Word)
        {
            next = comma + 1;
        }
    }
    // A name closing the sentence right after a `de` complement (`directeur du Jardin botanique
    // Gullele d'Addis Abeba.`) names a place or a body, not the subject.
    let after_complement = (start.saturating_sub(3)..start)
        .any(|i| matches!(tokens.word(i), "de" | "du" | "des" | "d'"));
    match tokens.list.get(next) {
        None => !after_complement,
        Some(token) => match token.kind {
            Kind::Punct('.' | '!' | '?') => !after_complement,
            Kind::Word => {
                let word = tokens.folded(token);
                is_auxiliary(word) && !matches!(word, "le" | "l'" | "en" | "y" | "du" | "leur")
                    || is_reporting_verb(word)
            }
            _ => false,
        },
    }
}

/// The part of a capitalised run that names a person, if any.
fn person_in_run(tokens: &Tokens, start: usize, end: usize) -> Option<(usize, usize)> {
    let before = if start > 0 {
        tokens.word(start - 1)
    } else {
        ""
    };
    let after_article = matches!(
        before,
        "le" | "la"
            | "l'"
            | "les"
            | "au"
            | "aux"
            | "a"
            | "en"
            | "du"
            | "des"
            | "sur"
            | "dans"
            | "via"
            | "vers"
            | "depuis"
            | "chez"
            | "the"
    ) || matches!(tokens.word(start), "the");
    // An acronym or institution before a name (`du PCF Fabien Roussel`, `de la Santé Olivier
    // Véran`): the name is the last two words.
    let before_article = if start > 1 {
        tokens.word(start - 2)
    } else {
        ""
    };
    let after_institution = matches!(before, "du" | "des" | "de" | "d'")
        || matches!(before, "la" | "l'") && matches!(before_article, "de" | "d'");
    if end >= start + 3 && (after_institution || tokens.list[start].all_caps) {
        let mut name_start = end - 2;
        // `de l'Economie Bruno Le Maire`: a particle belongs to the surname.
        if name_start > start + 1 && is_name_particle(tokens.word(name_start)) {
            name_start -= 1;
        }
        if looks_like_person(tokens, name_start, end) {
            return Some((name_start, end));
        }
    }
    if after_article {
        return None;
    }
    // Skip a leading acronym (`LFI Adrien Quatennens` after a lowercase noun).
    let mut start = start;
    while start < end && tokens.list[start].all_caps && !roman_numeral(tokens.word(start)) {
        start += 1;
    }
    if looks_like_person(tokens, start, end) {
        return Some((start, end));
    }
    None
}

impl Registry {
    /// Registers a person (or finds them again by surname), keeping the fullest name.
    fn add_person(
        &mut self,
        paragraph: &str,
        tokens: &Tokens,
        mention_start: usize,
        name_start: usize,
        name_end: usize,
        paragraph_index: usize,
    ) -> usize {
        let surname_at = surname_index(tokens, name_start, name_end);
        let surname = tokens.word(surname_at).to_string();
        let written = span_text(paragraph, tokens, mention_start, name_end);
        let words = name_end - name_start;
        if let Some(&existing) = self.by_surname.get(&surname) {
            let entity = &mut self.entities[existing];
            let known_words = entity.name.split_whitespace().count();
            // A titled mention (`M. Namaki`) never replaces a full name.
            if words > known_words
                || (mention_start == name_start
                    && words >= known_words
                    && entity.name.contains('.'))
            {
                entity.name = written.to_string();
            }
            entity.last_seen = paragraph_index;
            return existing;
        }
        let id = self.entities.len();
        self.entities.push(Entity {
            name: written.to_string(),
            role: None,
            kind: EntityKind::Person,
            last_seen: paragraph_index,
            gender: (name_end > name_start + 1 || mention_start == name_start)
                .then(|| first_name_gender(tokens.word(name_start)))
                .flatten(),
        });
        self.by_surname.insert(surname, id);
        if name_end > name_start + 1 {
            self.by_first_name
                .entry(tokens.word(name_start).to_string())
                .or_insert(id);
        }
        if let Some(slot) = self.next_named.get_mut(paragraph_index)
            && slot.is_none()
            && mention_start == name_start
        {
            *slot = Some(id);
        }
        id
    }

    /// Gives an entity a role: `(head, start, end)` token indices of the role's head and text.
    fn add_role(
        &mut self,
        entity: usize,
        paragraph: &str,
        tokens: &Tokens,
        role: (usize, usize, usize),
    ) {
        let (head, start, end) = role;
        let head_word = tokens.word(head).to_string();
        let holders = self.by_role.entry(head_word).or_default();
        if !holders.contains(&entity) {
            holders.push(entity);
        }
        if self.entities[entity].gender.is_none() {
            self.entities[entity].gender = role_gender(tokens, head);
        }
        let text = span_text(paragraph, tokens, start, end);
        let slot = &mut self.entities[entity].role;
        if slot.as_ref().is_none_or(|r| r.len() < text.len()) && !text.is_empty() {
            *slot = Some(text.to_string());
        }
    }

    /// Resolves a mention to a speaker. `focus` is the person or body last quoted or last named
    /// as a subject; pronouns and demonstratives go to it.
    pub(super) fn resolve(
        &mut self,
        paragraph: &str,
        tokens: &Tokens,
        mention: Mention,
        focus: Focus,
        paragraph_index: usize,
    ) -> Speaker {
        let speaker = match mention.kind {
            MentionKind::Pronoun => focus.any,
            MentionKind::Name {
                name_start,
                name_end,
            } => Some(self.resolve_name(
                paragraph,
                tokens,
                mention.start,
                name_start,
                name_end,
                paragraph_index,
            )),
            MentionKind::Description { det, head, name } => {
                if let Some((name_start, name_end)) = name {
                    let person = self.resolve_name(
                        paragraph,
                        tokens,
                        name_start,
                        name_start,
                        name_end,
                        paragraph_index,
                    );
                    let role_end = if tokens
                        .list
                        .get(name_start.wrapping_sub(1))
                        .is_some_and(|t| t.kind == Kind::Punct(','))
                    {
                        name_start - 1
                    } else {
                        name_start
                    };
                    if role_end > head {
                        self.add_role(person, paragraph, tokens, (head, head, role_end));
                    }
                    Some(person)
                } else {
                    self.resolve_description(
                        paragraph,
                        tokens,
                        mention,
                        (det, head),
                        focus,
                        paragraph_index,
                    )
                }
            }
        };
        if let Some(id) = speaker {
            self.entities[id].last_seen = paragraph_index;
        }
        Speaker {
            entity: speaker,
            name: speaker.map(|id| self.entities[id].name.clone()),
            role: speaker.and_then(|id| self.entities[id].role.clone()),
        }
    }

    fn resolve_name(
        &mut self,
        paragraph: &str,
        tokens: &Tokens,
        mention_start: usize,
        name_start: usize,
        name_end: usize,
        paragraph_index: usize,
    ) -> usize {
        let surname_at = surname_index(tokens, name_start, name_end);
        self.scratch.clear();
        self.scratch.push_str(tokens.word(surname_at));
        if let Some(&id) = self.by_surname.get(&self.scratch) {
            return id;
        }
        if name_end == name_start + 1
            && let Some(&id) = self.by_first_name.get(&self.scratch)
        {
            return id;
        }
        // An organisation named without article (`Airparif`) or a one-word name (`Taufik`).
        self.add_person(
            paragraph,
            tokens,
            mention_start,
            name_start,
            name_end,
            paragraph_index,
        )
    }

    /// Whether an entity may hold the role read at `head..end`: its known role has the same
    /// complement or none (`le ministre de la Justice` is not the `ministre de l'Intérieur`), and
    /// its known gender is the one the role's determiner shows (`la ministre`).
    fn role_agrees(
        &self,
        id: usize,
        paragraph: &str,
        tokens: &Tokens,
        head: usize,
        end: usize,
    ) -> bool {
        let entity = &self.entities[id];
        if entity.kind == EntityKind::Group {
            return true;
        }
        let role = entity.role.as_deref().unwrap_or("");
        let complement_agrees =
            !role.contains(' ') || !self.has_other_role(id, paragraph, tokens, head, end);
        let gender = role_gender(tokens, head);
        let gender_agrees = gender.is_none() || entity.gender.is_none() || entity.gender == gender;
        complement_agrees && gender_agrees
    }

    /// Whether an entity's role has the complement of the role read at `head..end`
    /// (`ministre de l'Intérieur` for `le ministre de l'Intérieur`).
    fn role_matches(
        &self,
        id: usize,
        paragraph: &str,
        tokens: &Tokens,
        head: usize,
        end: usize,
    ) -> bool {
        let (complement, role) = self.complement_and_role(id, paragraph, tokens, head, end);
        !complement.is_empty() && role.contains(&complement)
    }

    /// The complement of the role read at `head..end`, and the role entity `id` holds, lower case.
    fn complement_and_role(
        &self,
        id: usize,
        paragraph: &str,
        tokens: &Tokens,
        head: usize,
        end: usize,
    ) -> (String, String) {
        let complement = role_complement(paragraph, tokens, head, end);
        let role = self.entities[id]
            .role
            .as_deref()
            .unwrap_or("")
            .to_lowercase();
        (complement, role)
    }

    /// Whether a person already holds the role read at `head..end` with another complement
    /// (`le ministre de l'Intérieur` for the `Premier ministre`).
    fn has_other_role(
        &self,
        id: usize,
        paragraph: &str,
        tokens: &Tokens,
        head: usize,
        end: usize,
    ) -> bool {
        let (complement, role) = self.complement_and_role(id, paragraph, tokens, head, end);
        !complement.is_empty()
            && role.split_whitespace().any(|word| {
                let mut folded = String::new();
                fold_into(word, &mut folded);
                folded == tokens.word(head)
            })
            && !role.contains(&complement)
    }

    fn resolve_description(
        &mut self,
        paragraph: &str,
        tokens: &Tokens,
        mention: Mention,
        (det, head): (usize, usize),
        focus: Focus,
        paragraph_index: usize,
    ) -> Option<usize> {
        let det_word = tokens.word(det).to_string();
        let head_word = tokens.word(head).to_string();
        // A document speaks for whoever issued it: `un communiqué du ministère` is the ministry;
        // a bare `un communiqué` is the body in focus.
        // (`une source proche de X` is a person close to X, not a text X issued.)
        if is_document_noun(&head_word) && !matches!(tokens.word(head + 1), "proche" | "proches") {
            let complement = (head + 1..mention.end)
                .find(|&i| matches!(tokens.word(i), "de" | "du" | "des" | "d'"));
            if let Some(of) = complement {
                if let Some(inner) = parse_noun_phrase(tokens, of + 1, mention.end.max(of + 2)) {
                    return self
                        .resolve(paragraph, tokens, inner, focus, paragraph_index)
                        .entity;
                }
                if let Some(inner) = parse_noun_phrase(tokens, of, mention.end) {
                    return self
                        .resolve(paragraph, tokens, inner, focus, paragraph_index)
                        .entity;
                }
                // `le décret du président américain`: `du` is `de le`, so the issuer is the
                // description after it.
                let issuer_head = of + 1;
                if matches!(tokens.word(of), "du" | "des")
                    && issuer_head < mention.end
                    && tokens.list[issuer_head].kind == Kind::Word
                    && !tokens.list[issuer_head].capitalized
                {
                    let inner = Mention {
                        start: issuer_head,
                        end: mention.end,
                        kind: MentionKind::Description {
                            det: of,
                            head: issuer_head,
                            name: None,
                        },
                    };
                    return self
                        .resolve(paragraph, tokens, inner, focus, paragraph_index)
                        .entity;
                }
            }
            return focus.any;
        }
        if is_demonstrative(&det_word) && focus.person.is_some() {
            return focus.person;
        }
        // A role held by someone the story names: the most recently mentioned holder.
        if let Some(holders) = self.by_role.get(&head_word) {
            // The role's complement must agree (`le ministre de la Justice` is not the
            // `ministre de l'Intérieur`), and so must the gender a determiner shows
            // (`la ministre`).
            let agrees = |id: usize| self.role_agrees(id, paragraph, tokens, head, mention.end);
            // A holder whose role has the mention's complement (`de l'Intérieur`) comes first,
            // then the person in focus, then a person given the role by apposition over an
            // unnamed description, the most recent first.
            let matches = |id: usize| self.role_matches(id, paragraph, tokens, head, mention.end);
            let best = holders
                .iter()
                .copied()
                .filter(|&id| agrees(id))
                .max_by_key(|&id| {
                    (
                        matches(id),
                        Some(id) == focus.person,
                        self.entities[id].kind == EntityKind::Person,
                        self.entities[id].last_seen,
                    )
                });
            if best.is_some() {
                return best;
            }
        }
        let capitalized_head = tokens.list.get(head).is_some_and(|t| t.capitalized);
        // A definite description nobody named holds (`le représentant`) refers back to the
        // unnamed person last introduced with its head noun (`un haut représentant du
        // département d'Etat américain`), unless the person in focus was mentioned since.
        if matches!(det_word.as_str(), "le" | "la" | "l'")
            && !capitalized_head
            && !is_organisation_noun(&head_word)
            && let Some(id) = self.refer_back(
                paragraph,
                tokens,
                mention,
                head,
                &head_word,
                focus.person,
                paragraph_index,
            )
        {
            return Some(id);
        }
        let text = span_text(paragraph, tokens, mention.start, mention.end);
        let is_person_role =
            !capitalized_head && !is_organisation_noun(&head_word) && !is_indefinite(&det_word);
        if is_person_role && !matches!(det_word.as_str(), "les" | "des" | "ces" | "ses" | "leurs") {
            // A definite title with no name in the story so far: the lead's title is named later
            // (`a reconnu le ministre de la Santé` … `Olivier Véran a estimé`), and an epithet
            // (`le maquettiste`) points back to the person in focus.
            // A description tied to someone else (`l'épouse de M. Wong`) is its own speaker.
            let names_other = (head + 1..mention.end).any(|i| {
                matches!(tokens.word(i), "de" | "d'" | "du")
                    && tokens.list.get(i + 1).is_some_and(|t| t.capitalized)
            });
            if !names_other {
                // Not a person known to hold the role with another complement (`le ministre de
                // l'Intérieur` is not the `Premier ministre` in focus).
                // Nor a person of the other gender (`la procureure` is not the lawyer Olivier
                // Pardo in focus, `le Premier ministre` not Marie): the description then speaks.
                let gender = mention_gender(tokens, det, head);
                let person = focus
                    .person
                    .or_else(|| self.next_named.get(paragraph_index).copied().flatten())
                    .filter(|&id| !self.has_other_role(id, paragraph, tokens, head, mention.end))
                    .filter(|&id| {
                        gender.is_none()
                            || self.entities[id].gender.is_none()
                            || self.entities[id].gender == gender
                    });
                if let Some(person) = person {
                    // A title with its complement (`le ministre de la Justice`) now names the
                    // person, so a later bare `le ministre` finds them among the holders.
                    if mention.end > head + 2 {
                        self.add_role(person, paragraph, tokens, (head, head, mention.end));
                    }
                    return Some(person);
                }
            }
        }
        // A body or an unnamed source: the description is the speaker.
        let id = self.entities.len();
        self.entities.push(Entity {
            name: text.to_string(),
            role: None,
            kind: EntityKind::Group,
            last_seen: paragraph_index,
            gender: None,
        });
        self.by_role.entry(head_word).or_default().push(id);
        Some(id)
    }
}

impl Registry {
    /// The unnamed person last introduced before `mention` with the head noun `head_word`
    /// (`un haut représentant du département d'Etat américain` for `le représentant`), when the
    /// mention's complement and gender agree with that description (`le représentant russe` is
    /// not `un représentant de l'ONU`, `la porte-parole` is not `un porte-parole`). The
    /// description becomes the speaker, and a holder of the role for later mentions.
    ///
    /// The person in focus wins when they were mentioned after the description: a lead's
    /// `un journaliste raconte` introduces the `Valentin Gendrot` the story then follows.
    #[allow(clippy::too_many_arguments)]
    fn refer_back(
        &mut self,
        paragraph: &str,
        tokens: &Tokens,
        mention: Mention,
        head: usize,
        head_word: &str,
        person_focus: Option<usize>,
        paragraph_index: usize,
    ) -> Option<usize> {
        let complement = role_complement(paragraph, tokens, head, mention.end);
        let gender = role_gender(tokens, head);
        let here = (paragraph_index, mention.start);
        let earlier = self
            .introduced
            .partition_point(|introduced| introduced.at < here);
        let mut found = None;
        // Only the last few introductions are in reach, which keeps a long story linear.
        for position in (earlier.saturating_sub(MAX_INTRODUCED_BACK)..earlier).rev() {
            let introduced = &self.introduced[position];
            if &self.introduced_text[introduced.head.0..introduced.head.1] != head_word {
                continue;
            }
            let words = &self.introduced_text[introduced.words.0..introduced.words.1];
            self.snippet.fill_range(words, 0);
            let Some(Mention {
                end,
                kind:
                    MentionKind::Description {
                        head: snippet_head,
                        name: None,
                        ..
                    },
                ..
            }) = parse_noun_phrase(&self.snippet, 0, self.snippet.list.len())
            else {
                continue;
            };
            let snippet_gender = role_gender(&self.snippet, snippet_head);
            if gender.is_some() && snippet_gender.is_some() && snippet_gender != gender {
                continue;
            }
            let text = span_text(words, &self.snippet, 0, end);
            if complement.is_empty() || text.to_lowercase().contains(&complement) {
                found = Some((position, text.to_string(), snippet_gender));
                break;
            }
        }
        let (position, text, introduced_gender) = found?;
        let introduced = &self.introduced[position];
        if let Some(person) = person_focus {
            let since = self.person_mentions[self
                .person_mentions
                .partition_point(|&(p, t, _)| (p, t) <= introduced.at)..]
                .iter()
                .take_while(|&&(p, t, _)| (p, t) < here)
                .any(|&(_, _, id)| id == person);
            if since {
                return None;
            }
        }
        if let Some(id) = introduced.entity {
            return Some(id);
        }
        let id = self.entities.len();
        self.entities.push(Entity {
            name: text,
            role: None,
            kind: EntityKind::Group,
            last_seen: paragraph_index,
            gender: introduced_gender,
        });
        self.introduced[position].entity = Some(id);
        self.by_role
            .entry(head_word.to_string())
            .or_default()
            .push(id);
        Some(id)
    }
}

/// A role written right before a name: `le préfet de région [Pierre Dartout]`, or
/// `le ministre de la Santé, [Saïd Namaki]`. Returns `(head, start, end)` token indices.
fn role_before(tokens: &Tokens, name_start: usize) -> Option<(usize, usize, usize)> {
    let mut end = name_start;
    if is_punct(tokens.list.get(end.wrapping_sub(1)), ',') {
        end -= 1;
    }
    let mut index = end;
    let floor = end.saturating_sub(MAX_PHRASE);
    while index > floor {
        index -= 1;
        let token = &tokens.list[index];
        if token.kind != Kind::Word {
            return None;
        }
        let word = tokens.folded(token);
        // An article inside a complement (`le ministre de l'Intérieur Gérald Darmanin`) does not
        // open the role.
        if is_determiner(word)
            && !matches!(word, "de" | "des" | "du")
            && !(index > floor && matches!(tokens.word(index - 1), "de" | "d'"))
        {
            // The head is the first word after the determiner and its adjectives.
            let mut head = index + 1;
            while head < end && is_pre_adjective(tokens.word(head)) {
                head += 1;
            }
            let head_token = tokens.list.get(head)?;
            if head >= end || head_token.capitalized || is_preposition(tokens.word(head)) {
                return None;
            }
            return Some((head, head, end));
        }
        if is_reporting_verb(word)
            || is_auxiliary(word) && !matches!(word, "l'" | "le" | "en" | "du")
            || ends_noun_phrase(word) && !matches!(word, "a" | "au" | "aux" | "en" | "du" | "des")
        {
            return None;
        }
    }
    None
}

/// A role written right after a name between commas: `Emmanuel Grégoire, [premier adjoint à la
/// maire de Paris],`. Returns `(head, start, end)` token indices.
fn role_after(tokens: &Tokens, name_end: usize) -> Option<(usize, usize, usize)> {
    if !is_punct(tokens.list.get(name_end), ',') {
        return None;
    }
    let start = name_end + 1;
    let mut head = start;
    if is_determiner(tokens.word(head)) && !matches!(tokens.word(head), "de" | "des") {
        head += 1;
    }
    while is_pre_adjective(tokens.word(head)) {
        head += 1;
    }
    let head_token = tokens.list.get(head)?;
    let head_word = tokens.folded(head_token);
    if head_token.kind != Kind::Word
        || head_token.capitalized
        || head_word.chars().next().is_some_and(|c| c.is_ascii_digit())
        || ends_noun_phrase(head_word)
        || is_auxiliary(head_word)
        || is_reporting_verb(head_word)
        || is_subject_pronoun(head_word)
        || is_determiner(head_word)
        || is_preposition(head_word)
    {
        return None;
    }
    let mut end = head + 1;
    while end < tokens.list.len() && end < head + MAX_PHRASE {
        let token = &tokens.list[end];
        if token.kind != Kind::Word {
            break;
        }
        let word = tokens.folded(token);
        if is_reporting_verb(word)
            || matches!(
                word,
                "qui" | "que" | "qu'" | "dont" | "a" | "est" | "ont" | "et"
            )
        {
            break;
        }
        end += 1;
    }
    // The apposition must close with a comma, a period or a reporting verb to be a role.
    let closer = tokens.list.get(end);
    let closed = closer.is_none_or(|t| {
        matches!(t.kind, Kind::Punct(',' | '.' | ')' | ';' | ':'))
            || t.kind == Kind::Word
                && (is_reporting_verb(tokens.folded(t))
                    || matches!(tokens.folded(t), "a" | "est" | "ont" | "qui"))
    });
    if closed && end < head + MAX_PHRASE - 2 {
        Some((head, start, end))
    } else {
        None
    }
}

/// Reads a noun phrase naming a speaker at `start`, not past `limit`.
///
/// Accepts a pronoun, a titled name (`M. Namaki`), a name (`Antony Blinken`, `Airparif`), or a
/// determiner with a description (`le haut représentant du département d'Etat américain`,
/// `l'OMS`), with a name inside or after it between commas.
pub(super) fn parse_noun_phrase(tokens: &Tokens, start: usize, limit: usize) -> Option<Mention> {
    parse_phrase(tokens, start, limit, false)
}

/// [`parse_noun_phrase`] for a subject before its verb: complements with `à`, `dans`, `sur` stay
/// inside the phrase (`les avocats des parties civiles au procès du Mediator ont plaidé`).
pub(super) fn parse_subject_phrase(tokens: &Tokens, start: usize, limit: usize) -> Option<Mention> {
    parse_phrase(tokens, start, limit, true)
}

fn parse_phrase(tokens: &Tokens, start: usize, limit: usize, greedy: bool) -> Option<Mention> {
    let list = &tokens.list;
    let limit = limit.min(list.len());
    let first = list.get(start).filter(|_| start < limit)?;
    if first.kind != Kind::Word {
        return None;
    }
    let word = tokens.folded(first);
    if is_subject_pronoun(word) && !first.capitalized
        || matches!(word, "il" | "elle" | "ils" | "elles" | "on")
    {
        return Some(Mention {
            start,
            end: start + 1,
            kind: MentionKind::Pronoun,
        });
    }
    if matches!(word, "ce" | "celui-ci" | "celle-ci")
        && matches!(tokens.word(start + 1), "dernier" | "derniere")
    {
        return Some(Mention {
            start,
            end: start + 2,
            kind: MentionKind::Pronoun,
        });
    }
    if matches!(word, "celui" | "celle") && matches!(tokens.word(start + 1), "qui" | "-ci") {
        return Some(Mention {
            start,
            end: start + 1,
            kind: MentionKind::Pronoun,
        });
    }
    if matches!(word, "celui-ci" | "celle-ci") {
        return Some(Mention {
            start,
            end: start + 1,
            kind: MentionKind::Pronoun,
        });
    }
    // A title and a name: `M. Namaki`, `Mme Shor`, `Dr Audu`.
    if first.capitalized
        && matches!(
            word,
            "m" | "mme" | "mmes" | "mm" | "mlle" | "dr" | "pr" | "me" | "mgr"
        )
    {
        let mut name_start = start + 1;
        if is_punct(list.get(name_start), '.') {
            name_start += 1;
        }
        if is_cap_word(list.get(name_start)) {
            let name_end = cap_run_end(tokens, name_start).min(limit);
            if name_end > name_start {
                return Some(Mention {
                    start,
                    end: name_end,
                    kind: MentionKind::Name {
                        name_start,
                        name_end,
                    },
                });
            }
        }
    }
    if first.capitalized && !is_determiner(word) && !is_capitalized_function_word(word) {
        let name_end = cap_run_end(tokens, start).min(limit);
        // A lone capitalised participle opening a sentence (`Soulignant`, `Arrêté`) is no name,
        // nor a lone capitalised noun followed by its complement (`Avocate de 110 d'entre elles`).
        if name_end == start + 1
            && (looks_like_participle(tokens, first)
                || matches!(tokens.word(start + 1), "de" | "d'" | "du" | "des"))
        {
            return None;
        }
        let mut name_start = start;
        while name_start + 1 < name_end && list[name_start].all_caps && !list[name_end - 1].all_caps
        {
            name_start += 1;
        }
        return Some(Mention {
            start,
            end: name_end,
            kind: MentionKind::Name {
                name_start,
                name_end,
            },
        });
    }
    if !is_determiner(word) || matches!(word, "de") {
        return None;
    }
    let det = start;
    // `le Dr Funsho`, `le professeur Stephen Evans` is handled as a role below.
    if let Some(title) = list.get(start + 1) {
        let title_word = tokens.folded(title);
        if title.capitalized && matches!(title_word, "dr" | "pr" | "me" | "mgr") {
            let mut name_start = start + 2;
            if is_punct(list.get(name_start), '.') {
                name_start += 1;
            }
            if is_cap_word(list.get(name_start)) {
                let name_end = cap_run_end(tokens, name_start).min(limit);
                if name_end > name_start {
                    return Some(Mention {
                        start,
                        end: name_end,
                        kind: MentionKind::Name {
                            name_start,
                            name_end,
                        },
                    });
                }
            }
        }
    }
    let mut head = start + 1;
    while head < limit && is_pre_adjective(tokens.word(head)) && is_word(list.get(head + 1)) {
        head += 1;
    }
    let head_token = list.get(head).filter(|_| head < limit)?;
    if head_token.kind != Kind::Word {
        return None;
    }
    let head_word = tokens.folded(head_token);
    if is_reporting_verb(head_word)
        && !head_token.capitalized
        && !is_document_noun(head_word)
        && !is_organisation_noun(head_word)
    {
        return None;
    }
    // The phrase runs over words, complements and capitalised names, up to a clause boundary.
    let mut end = head + 1;
    if head_token.capitalized {
        end = cap_run_end(tokens, head).max(end);
    }
    while end < limit && end < start + MAX_PHRASE {
        let token = &list[end];
        // `le conservateur M. Erin O'Toole`: the period of a title stays inside the phrase.
        if token.kind == Kind::Punct('.')
            && matches!(tokens.word(end - 1), "m" | "mm")
            && is_cap_word(list.get(end + 1))
        {
            end += 1;
            continue;
        }
        if token.kind != Kind::Word {
            break;
        }
        let word = tokens.folded(token);
        let stops = if greedy {
            matches!(
                word,
                "qui"
                    | "que"
                    | "qu'"
                    | "dont"
                    | "a"
                    | "et"
                    | "mais"
                    | "car"
                    | "si"
                    | "ne"
                    | "n'"
                    | "s'"
                    | "se"
            )
        } else {
            ends_noun_phrase(word)
        };
        let pronoun_complement =
            matches!(word, "eux" | "elles") && matches!(tokens.word(end - 1), "d'" | "de");
        // A lowercase word followed by a clitic or an article is a verb (`le gouvernement
        // entend y mettre fin`), which ends the phrase.
        let verb_like = !token.capitalized
            && end > head
            && !is_preposition(word)
            && !is_determiner(word)
            && !matches!(
                tokens.word(end - 1),
                "de" | "d'" | "du" | "des" | "la" | "l'" | "le" | "les"
            )
            && (matches!(
                tokens.word(end + 1),
                "y" | "en"
                    | "le"
                    | "la"
                    | "les"
                    | "l'"
                    | "se"
                    | "s'"
                    | "un"
                    | "une"
                    | "lui"
                    | "que"
                    | "qu'"
                    | "a"
                    | "au"
                    | "aux"
            ) || word.len() > 4
                && (word.ends_with("ait") || word.ends_with("aient") || word.ends_with("rait")));
        if verb_like {
            break;
        }
        if pronoun_complement {
            end += 1;
            continue;
        }
        if stops
            || is_auxiliary(word) && !matches!(word, "le" | "l'" | "leur" | "du")
            || is_reporting_verb(word) && !token.capitalized && !matches!(word, "note")
            || is_subject_pronoun(word)
        {
            break;
        }
        end += 1;
    }
    // A name inside the phrase (`le préfet de région Pierre Dartout`), else after a comma
    // (`le ministre de la Santé, Saïd Namaki,`).
    let mut name = None;
    let mut index = head + 1;
    while index < end {
        // A titled name inside the phrase (`le conservateur M. O'Toole`).
        // Not after `de` (`l'épouse de M. Wong` is not M. Wong).
        if list[index].capitalized
            && matches!(tokens.word(index), "m" | "mme" | "dr" | "pr" | "me")
            && !matches!(tokens.word(index - 1), "de" | "d'" | "du" | "des")
        {
            let mut name_start = index + 1;
            if is_punct(list.get(name_start), '.') {
                name_start += 1;
            }
            if is_cap_word(list.get(name_start)) {
                let run_end = cap_run_end(tokens, name_start).min(end.max(name_start + 1));
                name = Some((name_start, run_end));
                end = end.max(run_end);
                index = run_end;
                continue;
            }
        }
        if list[index].capitalized && list[index].kind == Kind::Word {
            let run_end = cap_run_end(tokens, index).min(end);
            // A name right after `de` is a complement, not the person described:
            // `l'entourage de Marine Le Pen`, `un porte-parole de Boris Johnson`.
            if let Some((name_start, name_end)) = person_in_run(tokens, index, run_end)
                && !matches!(tokens.word(name_start - 1), "de" | "d'" | "du" | "des")
            {
                name = Some((name_start, name_end));
            }
            index = run_end.max(index + 1);
        } else {
            index += 1;
        }
    }
    // A name a few words on, closing the clause (`la présidente du groupe CRCE à majorité
    // communiste Eliane Assassi.`).
    if name.is_none() && !greedy && !head_token.capitalized {
        let mut index = end;
        while index < limit
            && index < end + 5
            && list[index].kind == Kind::Word
            && !list[index].capitalized
        {
            index += 1;
        }
        if index > end
            && is_cap_word(list.get(index))
            && !matches!(tokens.word(end), "qui" | "que" | "qu'" | "dont" | "et")
        {
            let name_end = cap_run_end(tokens, index).min(limit);
            let closes = list
                .get(name_end)
                .is_none_or(|t| matches!(t.kind, Kind::Punct('.' | ',' | ';')));
            if looks_like_person(tokens, index, name_end) && closes {
                name = Some((index, name_end));
                end = name_end;
            }
        }
    }
    // A name after a comma (`la superstar des Lakers, LeBron James`, `le président du Conseil
    // scientifique, le professeur Jean-François Delfraissy`) names the person described.
    if is_punct(list.get(end), ',') && !head_token.capitalized && !greedy {
        let mut name_start = end + 1;
        // `, le professeur X`: skip an article and up to two lowercase role words.
        if matches!(tokens.word(name_start), "le" | "la" | "l'") {
            let mut index = name_start + 1;
            while index < name_start + 3
                && list
                    .get(index)
                    .is_some_and(|t| t.kind == Kind::Word && !t.capitalized)
            {
                index += 1;
            }
            name_start = index;
        }
        if is_cap_word(list.get(name_start)) {
            let name_end = cap_run_end(tokens, name_start).min(limit);
            if looks_like_person(tokens, name_start, name_end)
                && list
                    .get(name_end)
                    .is_none_or(|t| matches!(t.kind, Kind::Punct(',' | '.' | ';' | ')')))
            {
                name = Some((name_start, name_end));
                end = name_end;
            }
        }
    }
    // An acronym in parentheses completes the description (`l'Organisation mondiale de la
    // santé (OMS)`).
    if is_punct(list.get(end), '(')
        && list.get(end + 1).is_some_and(|t| t.all_caps)
        && is_punct(list.get(end + 2), ')')
        && end + 3 <= limit
    {
        end += 3;
    }
    Some(Mention {
        start,
        end,
        kind: MentionKind::Description { det, head, name },
    })
}

/// Whether a capitalised word reads as a participle (`Soulignant`, `Interrogée`, `Arrêté`).
fn looks_like_participle(tokens: &Tokens, token: &Token) -> bool {
    let word = tokens.folded(token);
    // The accent must be the ending's (`Interrogée`, `Arrêtés`): an accent elsewhere is a
    // name's (`Françoise`, `Jérôme`, `Cécile`).
    word.ends_with("ant") && word.len() > 5 || token.participle || is_reporting_verb(word)
}

/// Whether token `index` can start a speaker's noun phrase.
pub(super) fn starts_noun_phrase(tokens: &Tokens, index: usize) -> bool {
    let Some(token) = tokens.list.get(index) else {
        return false;
    };
    if token.kind != Kind::Word {
        return false;
    }
    let word = tokens.folded(token);
    is_determiner(word) && word != "de"
        || is_subject_pronoun(word)
        || token.capitalized && !is_capitalized_function_word(word)
        || token.capitalized && matches!(word, "m" | "mme" | "dr" | "pr" | "me")
}
