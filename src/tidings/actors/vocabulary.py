"""Word lists the actor coder reads phrases with: pronouns, place and role nouns, title words.

Kept apart from the code that uses them so they can be read and extended in one place.
"""

from __future__ import annotations

#: Role codes whose bearers are people, so "he"/"she" can refer to them.
PERSON_ROLES = {"GOV", "ELI", "LEG", "JUD", "OPP", "MED", "HLH", "EDU", "REL", "BUS", "LAB", "CRM", "SPY"}
#: Role codes of people outside the state: they belong to the place a story happens, not to its subject.
NON_STATE_ROLES = {"REB", "UAF", "INS", "CRM", "CVL", "REF", "OPP", "LAB", "EDU", "HLH", "REL", "BUS", "NGO"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}
THING_PRONOUNS = {"it", "its"}
PLURAL_PRONOUNS = {"they", "them", "their", "theirs"}
PAIR_NOUNS = set(
    """side sides country countries nation nations leader leaders government governments party parties state states
    neighbour neighbours neighbor neighbors delegation delegations minister ministers""".split()
)
#: Nouns that stand for "the state" of a country named earlier: "the country", "the government".
STATE_NOUNS = {
    "country": None,
    "nation": None,
    "state": None,
    "government": "GOV",
    "administration": "GOV",
    "regime": "GOV",
    "cabinet": "GOV",
    "authorities": "GOV",
    "military": "MIL",
    "army": "MIL",
    "parliament": "LEG",
    "police": "COP",
    "opposition": "OPP",
}
#: Dependencies that leave the noun phrase: its clauses and coordinated siblings are other phrases.
NP_STOP = {"relcl", "acl", "conj", "cc", "advcl", "ccomp", "xcomp", "punct", "parataxis", "dep", "mark"}


PLACE_PREPOSITIONS = set(
    """to in at into toward towards near from across around through outside inside over within throughout via""".split()
)


#: Words in an organisation's name that mark an armed group ("Sahel Liberation Front").
ARMED_GROUP_WORDS = set(
    """front army brigade brigades militia liberation resistance mujahideen jihad rebel rebels insurgent battalion
    guerrilla guerrillas""".split()
)
#: "the agency", "the bloc", "the group": definite nouns that refer back to an organisation of that kind.
ORG_NOUNS = {
    **dict.fromkeys(
        (
            "agency",
            "bloc",
            "alliance",
            "organisation",
            "organization",
            "body",
            "fund",
            "mission",
            "commission",
            "council",
            "union",
            "inspector",
            "inspectors",
            "watchdog",
        ),
        lambda a: a.code[:3] in ("IGO", "NGO") or a.type in ("IGO", "NGO"),
    ),
    **dict.fromkeys(
        ("group", "movement", "militia", "militants", "rebels", "insurgents", "faction"),
        lambda a: a.type in ("REB", "UAF", "INS") or a.code.endswith(("REB", "UAF", "INS")),
    ),
    **dict.fromkeys(("party",), lambda a: a.type in ("PTY", "OPP")),
}
#: Abstract nouns a role word can qualify without naming an actor ("military ties", "police reform").
ABSTRACT_NOUNS = set(
    """tie ties relation relations cooperation link links contact contacts support aid assistance spending budget
    reform reforms policy law affairs matters issue issues agreement deal pact exercise exercises drill drills
    operation operations presence capability capabilities base bases facility facilities installation installations
    strategy doctrine interests action intervention rule control""".split()
)
#: Nouns that stand for actors though no role dictionary codes them: a country or organisation word
#: before them names an actor ("Western countries", "IAEA inspectors", "his Russian counterpart", "Houthi
#: targets" struck), not the kind of a thing.
ACTOR_NOUNS = set(
    """counterpart target position stronghold country nation state power ally member inspector monitor observer partner
    neighbour neighbor""".split()
)
#: Actor nouns that stand for armed forces: "Russian positions" are Russia's military.
MILITARY_SITES = {"position", "positions", "stronghold", "strongholds"}
#: Countries that share their name with a U.S. state, and the words that say the state is meant.
US_STATE_NAMESAKES = {"GEO"}
US_POLITICS = {"republican", "democratic", "democrat", "gop", "governor", "legislature", "senator"}
#: Facilities named after their owner ("a Chinese military base"): places, not actors.
FACILITY_NOUNS = {"base", "bases", "facility", "facilities", "installation", "installations"}
#: Verbs and nouns of attack: a facility they are aimed at stands for its owner ("strikes on Iranian
#: nuclear facilities").
ATTACK = {"strike", "attack", "bomb", "hit", "shell", "target", "raid", "pound", "assault", "destroy"}
#: People who speak for a body: "a spokesman for the navy" is coded as the navy.
SPOKESPEOPLE = {"spokesman", "spokeswoman", "spokesperson"}
#: Ministry portfolios: "Health Minister" names a ministry, not an unknown company ("Borealis president").
PORTFOLIOS = set(
    """health finance interior education trade justice energy agriculture economy labour labor transport environment
    culture home industry commerce information housing tourism communications immigration planning treasury oil
    petroleum water security intelligence development welfare sports science emergencies emergency situations
    infrastructure fisheries forestry mines youth family veterans works affairs rights resources aviation digital
    climate banking revenue police prisons religious""".split()
)
#: Titles held by the heads of international organisations: with no country, they belong to the
#: organisation named last ("Director-General Tedros" after "the World Health Organization").
IGO_TITLES = {"director-general", "secretary-general", "director", "secretary"}
#: Role nouns that in the singular name a condition, not a person ("in exile").
CONDITION_NOUNS = {"exile"}
#: Weapons the agent dictionaries code as forces: as the object of a verb they are things, not actors.
WEAPON_NOUNS = {"drone", "drones", "missile", "missiles", "rocket", "rockets", "bomber", "bombers", "artillery"}
#: Nouns naming a place: a country attached to them is geography, not an actor.
PLACE_NOUNS = set(
    """border city capital region province coast airspace waters territory town village district frontier outskirts
    port island islands area part sea suburb north south east west northeast northwest southeast southwest""".split()
)
#: Words after which "to X" / "from X" names a place (a destination or origin), not a recipient.
MOTION_VERBS = set(
    """travel fly go come head return arrive send deploy move visit trip journey deliver ship flee march drive sail
    relocate evacuate withdraw expel deport extradite recall transfer airlift leave depart push advance cross
    venture stray pour penetrate""".split()
)
#: Verbs of delivery: "to X" after them is a recipient unless what moves is people ("sent troops to X").
DELIVER = {"send", "deliver", "ship", "airlift", "transfer", "supply"}
#: Verbs whose direct object is a place left or entered: "fled Ukraine", "entered Damascus".
DEPART = {"flee", "leave", "enter", "exit", "evacuate", "cross", "reach", "tour"}
#: Verbs of aiming: "at X" after them is the target, not a place ("fired missiles at Israel").
AIM = {"fire", "launch", "shoot", "aim", "hurl", "throw", "lob", "direct", "point", "swing", "lash", "jab"}
#: Static location prepositions: a place after them says where a bare role is ("police in Nairobi").
STATIC = {"in", "at", "near", "across", "around", "throughout", "inside", "outside", "within", "through"}
#: Modifiers saying the phrase names someone who no longer holds the role ("former minister" → ELI).
FORMER = {"former", "ex", "ex-", "ousted", "deposed", "exiled", "erstwhile", "onetime", "one-time"}
#: "Russian-backed separatists": the demonym names a sponsor, not the actor's country.
SPONSOR = set(
    """backed led allied aligned sponsored supported funded controlled held armed trained installed linked made built
    designed manufactured produced supplied""".split()
)
#: Head nouns of definite descriptions that may refer back to an actor ("the country", "the bloc").
DESCRIPTION_NOUNS = frozenset(STATE_NOUNS) | frozenset(PAIR_NOUNS) | frozenset(ORG_NOUNS)
